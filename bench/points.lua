-- wrk script for bench/points.sh: every request is a resident confirming an open payment request of ¥30 (3 points)
-- with a fresh Idempotency-Key. The residents' API tokens come in TOKENS (space-separated), taken in turn; each
-- wrk thread takes the requests bench-<n> of its own slot (SLOT and SLOT + 1, PER_SLOT requests each).
local tokens = {}
for t in string.gmatch(os.getenv("TOKENS"), "%S+") do tokens[#tokens + 1] = t end
local slot = tonumber(os.getenv("SLOT") or "0")
local per_slot = tonumber(os.getenv("PER_SLOT"))
local counter = 0
local thread_id = 0
setup = function(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end
request = function()
  counter = counter + 1
  local n = (slot + tid) * per_slot + counter
  local headers = {}
  headers["Authorization"] = "Bearer " .. tokens[(tid * 16 + counter) % #tokens + 1]
  headers["Idempotency-Key"] = "bench-" .. n
  return wrk.format("POST", "/api/economy/pay/bench-" .. n, headers, nil)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.1fms p99=%.1fms non2xx=%d errors=%d\n",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
