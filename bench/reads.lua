-- wrk script for bench/reads.sh: GET one of the paths in READ_PATHS (separated by spaces, one picked at random per
-- request) with the bearer token READ_TOKEN; prints the RESULT line that bench/reads.sh reads.
local token = os.getenv("READ_TOKEN")
local paths = {}
for p in string.gmatch(os.getenv("READ_PATHS"), "%S+") do paths[#paths + 1] = p end
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Authorization"] = "Bearer " .. token})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.2fms p95=%.2fms p99=%.2fms non2xx=%d timeouts=%d n=%d\n",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, summary.errors.status, summary.errors.timeout, summary.requests))
end
