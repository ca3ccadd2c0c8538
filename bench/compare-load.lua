-- wrk script for bench/petclinic-compare.sh and bench/data-scale.sh. Arguments: the mode, then
-- the targets file io.pawkeep.bench.CompareLoadServer wrote:
--   petclinic                  GET /petclinic/api/owners/1 (no file, no authentication)
--   pets <pets-targets.tsv>    GET /api/v1/households/{id}/pets, a random household, its owner
--   care <walker-targets.tsv>  POST /api/v1/sync/care-actions: a new 10-item batch for the walker's
--                              booking running now, every client id new (never a replay)
--   schedule <walker-targets.tsv>  GET /api/v1/bookings?business={id}&staff=me, a random walker
local mode
local rows = {}
local counter = 0
local nonce, sent = 0, 0

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
end

function init(args)
  mode = args[1]
  if mode ~= "petclinic" then
    for line in io.lines(args[2]) do
      local fields = {}
      for field in line:gmatch("[^\t]+") do
        fields[#fields + 1] = field
      end
      if #fields >= 2 then
        rows[#rows + 1] = fields
      end
    end
    if #rows == 0 then
      error("no targets in " .. tostring(args[2]))
    end
  end
  -- Client ids: this run's random nonce, the thread, then a counter, so no two are ever the same.
  math.randomseed(os.time() * 100 + number + math.floor(os.clock() * 1e6))
  nonce = math.random(0, 0x7fffffff)
end

local function client_id()
  sent = sent + 1
  return string.format("%08x-%04x-4000-a000-%012x", nonce, number, sent)
end

local function care_batch(booking)
  local device_time = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 30)
  local items = {}
  for k = 1, 10 do
    items[k] = string.format('{"clientId":"%s","bookingId":"%s","kind":"note",'
        .. '"deviceTime":"%s","payload":{"text":"Fed and walked, all well #%d"}}',
      client_id(), booking, device_time, k)
  end
  return '{"items":[' .. table.concat(items, ",") .. ']}'
end

function request()
  if mode == "petclinic" then
    return wrk.format("GET", "/petclinic/api/owners/1", { ["Accept"] = "application/json" })
  end
  local row = rows[math.random(#rows)]
  if mode == "pets" then
    return wrk.format("GET", "/api/v1/households/" .. row[1] .. "/pets",
      { ["Authorization"] = "Bearer " .. row[2], ["Accept"] = "application/json" })
  elseif mode == "care" then
    return wrk.format("POST", "/api/v1/sync/care-actions",
      { ["Authorization"] = "Bearer " .. row[3], ["Accept"] = "application/json",
        ["Content-Type"] = "application/json" }, care_batch(row[2]))
  elseif mode == "schedule" then
    return wrk.format("GET", "/api/v1/bookings?business=" .. row[1] .. "&staff=me",
      { ["Authorization"] = "Bearer " .. row[3], ["Accept"] = "application/json" })
  end
  error("unknown mode " .. tostring(mode))
end

-- One line for the shell script to parse; latencies in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_us=%d p99_us=%d "
      .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
