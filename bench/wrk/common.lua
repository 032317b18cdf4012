-- Shared by the wrk scripts: bearer authentication and one machine-readable result line.
local common = {}

function common.headers()
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("HIKESHI_TOKEN")
  wrk.headers["Content-Type"] = "application/json"
end

function common.done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d duration_us=%d errors=%d non2xx=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, errors, summary.errors.status,
    latency:percentile(50.0), latency:percentile(90.0), latency:percentile(99.0), latency.max))
end

return common
