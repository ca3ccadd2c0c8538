-- wrk script for bench/pets-load.sh: every request lists the pets of a random household with its
-- owner's access token. The first script argument is the file of "household-id<TAB>token" lines
-- written by io.pawkeep.bench.PetsLoadServer.
local households, tokens = {}, {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
end

function init(args)
  for line in io.lines(args[1]) do
    local household, token = line:match("^(%S+)\t(%S+)$")
    if household then
      households[#households + 1] = household
      tokens[#tokens + 1] = "Bearer " .. token
    end
  end
  if #households == 0 then
    error("no households in " .. tostring(args[1]))
  end
  math.randomseed(os.time() * 100 + number)
end

function request()
  local i = math.random(#households)
  return wrk.format("GET", "/api/v1/households/" .. households[i] .. "/pets",
    { ["Authorization"] = tokens[i], ["Accept"] = "application/json" })
end

-- One line for the shell script to parse; latencies in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_us=%d p99_us=%d "
      .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
