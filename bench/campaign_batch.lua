-- wrk script for bench/campaign.sh: every request records BATCH visits (default 25) through
-- POST /api/campaigns/{id}/visits/batch, each to a random household of the campaign with a fresh client
-- id; most are DONE with the gas-safety answers (one in thirteen a hazard), one in five not at home.
local token = os.getenv("TOKEN")
local campaign = os.getenv("CAMPAIGN")
local hmin = tonumber(os.getenv("HMIN"))
local hmax = tonumber(os.getenv("HMAX"))
local batch = tonumber(os.getenv("BATCH") or "25")
local counter = 0
local thread_id = 0
setup = function(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end
init = function(args)
  math.randomseed(os.time() * 100 + tid)
end
local function one()
  counter = counter + 1
  local h = math.random(hmin, hmax)
  local id = '"clientId":"b' .. tid .. "-" .. counter .. "-" .. math.random(1, 1000000000) .. '","householdId":' .. h
  if counter % 5 == 0 then
    return '{' .. id .. ',"outcome":"NOT_HOME"}'
  end
  local hose = (counter % 13 == 0) and "true" or "false"
  return '{' .. id .. ',"outcome":"DONE","answers":{"hose_over_two_years":' .. hose .. ',"valve":"正常","alarm":true}}'
end
request = function()
  local items = {}
  for i = 1, batch do
    items[i] = one()
  end
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer " .. token
  return wrk.format("POST", "/api/campaigns/" .. campaign .. "/visits/batch", headers,
      '{"visits":[' .. table.concat(items, ",") .. ']}')
end
done = function(summary, latency, requests)
  local rps = summary.requests / (summary.duration / 1e6)
  io.write(string.format("RESULT batches/s=%.1f visits/s=%.0f p50=%.1fms p95=%.1fms p99=%.1fms non2xx=%d errors=%d\n",
      rps, rps * batch, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, summary.errors.status,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
