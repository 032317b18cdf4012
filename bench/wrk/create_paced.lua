-- POST /api/v1/incidents at a set offered rate: each connection pauses HIKESHI_PACE_MS between
-- requests (wrk truncates to whole ms), so 64 connections at 12 ms offer about 5,000-5,300
-- requests/s. Latency then measures service at that rate rather than the queue of a saturated
-- server (wrk is closed-loop: without pacing every phase runs the server at 100%).
package.path = os.getenv("HIKESHI_BENCH_DIR") .. "/wrk/?.lua;" .. package.path
local common = require("common")
common.headers()
local pace = tonumber(os.getenv("HIKESHI_PACE_MS") or "12")
local counter = 0

request = function()
  counter = counter + 1
  local body = string.format(
    '{"title":"Paced scan report %d from 198.51.100.%d","category":"scan","tlp":"TLP:GREEN"}',
    counter, counter % 256)
  return wrk.format("POST", "/api/v1/incidents", nil, body)
end

delay = function() return pace end

done = common.done
