-- wrk script for bench/intake.sh: every request submits one demand as staff (service-station channel)
-- at a building, with a fresh Idempotency-Key. TOKEN and BUILDING come from the environment.
local token = os.getenv("TOKEN")
local building = os.getenv("BUILDING")
local counter = 0
local thread_id = 0
local threads = {}
setup = function(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end
-- the answers other than 2xx, by status and the problem's code (one of each kept per thread)
failed = {}
response = function(status, headers, body)
  if status >= 300 then
    local code = body and string.match(body, '"code"%s*:%s*"([^"]*)"') or "-"
    local key = status .. " " .. code
    failed[key] = (failed[key] or 0) + 1
  end
end
init = function(args)
  math.randomseed(os.time() + tid)
end
request = function()
  counter = counter + 1
  local body = '{"categoryCode":"WATER_LEAK","description":"基准测试：车位漏水 ' .. counter ..
      '","buildingId":' .. building .. ',"channel":"STATION","reporterName":"基准"}'
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer " .. token
  headers["Idempotency-Key"] = "bench-" .. tid .. "-" .. counter .. "-" .. math.random(1, 1000000000)
  return wrk.format("POST", "/api/demands", headers, body)
end
done = function(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    for k, n in pairs(t:get("failed") or {}) do
      all[k] = (all[k] or 0) + n
    end
  end
  local parts = {}
  for k, n in pairs(all) do
    table.insert(parts, k .. " ×" .. n)
  end
  if #parts > 0 then
    io.write("FAILED " .. table.concat(parts, ", ") .. "\n")
  end
  io.write(string.format("RESULT rps=%.1f p50=%.1fms p99=%.1fms non2xx=%d errors=%d\n",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
