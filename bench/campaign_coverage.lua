-- wrk script for bench/campaign.sh: the live coverage of a random grid of the campaign (the community,
-- one of its compounds or one of its micro-grids), while visits pour in.
local token = os.getenv("TOKEN")
local campaign = os.getenv("CAMPAIGN")
local grids = {}
for id in string.gmatch(os.getenv("GRIDS"), "%d+") do
  grids[#grids + 1] = id
end
request = function()
  local headers = {}
  headers["Authorization"] = "Bearer " .. token
  return wrk.format("GET", "/api/campaigns/" .. campaign .. "/coverage?gridId=" .. grids[math.random(1, #grids)], headers)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.1fms p95=%.1fms p99=%.1fms non2xx=%d errors=%d\n",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, summary.errors.status,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
