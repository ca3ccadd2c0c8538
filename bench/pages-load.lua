-- wrk script for bench/pages-load.sh: every request GETs one path for a random seeded owner.
-- Arguments: the file of "household<TAB>pet<TAB>token<TAB>cookie" lines written by
-- io.pawkeep.bench.PagesLoadServer, how the request is authenticated ("cookie": the owner's browser
-- session, "bearer": their access token, "none": a stranger) and the path, in which {household} and
-- {pet} stand for the owner's household and its first pet.
local people = {}
local counter = 0
local auth, path

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
end

function init(args)
  for line in io.lines(args[1]) do
    local household, pet, token, cookie = line:match("^(%S+)\t(%S+)\t(%S+)\t(%S+)$")
    if household then
      people[#people + 1] = { household = household, pet = pet, token = token, cookie = cookie }
    end
  end
  if #people == 0 then
    error("no people in " .. tostring(args[1]))
  end
  auth, path = args[2], args[3]
  math.randomseed(os.time() * 100 + number)
end

function request()
  local p = people[math.random(#people)]
  local headers = { ["Accept-Encoding"] = "gzip" }
  if auth == "cookie" then
    headers["Cookie"] = "__Host-pawkeep=" .. p.cookie
    headers["Accept"] = "text/html"
  elseif auth == "bearer" then
    headers["Authorization"] = "Bearer " .. p.token
    headers["Accept"] = "application/json"
  else
    headers["Accept"] = "text/html"
  end
  local target = path:gsub("{household}", p.household):gsub("{pet}", p.pet)
  return wrk.format("GET", target, headers)
end

-- One line for the shell script to parse; latencies in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_us=%d p95_us=%d p99_us=%d "
      .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status, e.connect, e.read, e.write, e.timeout))
end
