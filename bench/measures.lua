-- wrk script for bench/measures.sh: measures of a random grid of the synthetic district over a random period
local token = os.getenv("TOKEN")
local grids = {}
for id in string.gmatch(os.getenv("GRIDS"), "%d+") do grids[#grids + 1] = id end
request = function()
  local g = grids[math.random(#grids)]
  local from = os.date("!%Y-%m-%d", os.time() - math.random(90, 364) * 86400)
  local to = os.date("!%Y-%m-%d", os.time() - math.random(0, 89) * 86400)
  return wrk.format("GET", "/api/measures?gridId=" .. g .. "&from=" .. from .. "&to=" .. to, {["Authorization"] = "Bearer " .. token})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.2fms p95=%.2fms p99=%.2fms non2xx=%d\n", summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.errors.status))
end
