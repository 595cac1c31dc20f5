-- wrk script for bench/campaign.sh: every request records one visit to a random household of the campaign
-- with a fresh client id; most are DONE with the gas-safety answers (a few hazards), some not at home.
local token = os.getenv("TOKEN")
local campaign = os.getenv("CAMPAIGN")
local hmin = tonumber(os.getenv("HMIN"))
local hmax = tonumber(os.getenv("HMAX"))
local counter = 0
local thread_id = 0
setup = function(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end
init = function(args)
  math.randomseed(os.time() * 100 + tid)
end
request = function()
  counter = counter + 1
  local h = math.random(hmin, hmax)
  local body
  if counter % 5 == 0 then
    body = '{"clientId":"w' .. tid .. "-" .. counter .. "-" .. math.random(1, 1000000000) .. '","householdId":' .. h ..
        ',"outcome":"NOT_HOME"}'
  else
    local hose = (counter % 13 == 0) and "true" or "false"
    body = '{"clientId":"w' .. tid .. "-" .. counter .. "-" .. math.random(1, 1000000000) .. '","householdId":' .. h ..
        ',"outcome":"DONE","answers":{"hose_over_two_years":' .. hose .. ',"valve":"正常","alarm":true}}'
  end
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer " .. token
  return wrk.format("POST", "/api/campaigns/" .. campaign .. "/visits", headers, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.1fms p95=%.1fms p99=%.1fms non2xx=%d errors=%d\n",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, summary.errors.status,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
