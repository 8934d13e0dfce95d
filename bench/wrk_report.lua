-- Shared wrk hooks for the benchmark scripts (loaded by purchase.lua, products.lua, holders.lua):
-- counts responses per HTTP status in every wrk thread, keeps one body per unexpected status as
-- evidence, and at the end prints one machine-readable line that bench/run.sh parses:
--   BENCH_RESULT requests=N seconds=S rps=R p50_ms=A p99_ms=B non2xx=E socket_errors=K statuses=201:N,...
--   BENCH_SAMPLE status=503 body=<first 300 bytes of one such response>
-- Everything else wrk prints (its own summary) is kept in the run's log for a human to read.

local threads = {}

-- Main state: remember every thread so done() can collect their counters.
function setup(thread)
  table.insert(threads, thread)
end

-- Thread state: the counters (plain globals, so thread:get() can copy them out).
statuses = {}
samples = {}

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if (status < 200 or status > 299) and samples[key] == nil then
    samples[key] = string.sub(body or "", 1, 300)
  end
end

function done(summary, latency, requests)
  local by_status, sample_of = {}, {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("statuses") or {}) do
      by_status[key] = (by_status[key] or 0) + count
    end
    for key, body in pairs(thread:get("samples") or {}) do
      sample_of[key] = sample_of[key] or body
    end
  end
  local parts, non2xx = {}, 0
  for key, count in pairs(by_status) do
    table.insert(parts, key .. ":" .. count)
    local status = tonumber(key)
    if status < 200 or status > 299 then non2xx = non2xx + count end
  end
  table.sort(parts)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH_RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d " ..
    "socket_errors=%d statuses=%s\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, non2xx, e.connect + e.read + e.write + e.timeout,
    table.concat(parts, ",")))
  for key, body in pairs(sample_of) do
    io.write("BENCH_SAMPLE status=" .. key .. " body=" .. body:gsub("\n", " ") .. "\n")
  end
end
