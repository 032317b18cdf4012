-- POST /api/v1/incidents/{id}/worklog: notes on a few hot incidents (HIKESHI_HOT, default 4),
-- so writers contend on the same rows and hash chains.
package.path = os.getenv("HIKESHI_BENCH_DIR") .. "/wrk/?.lua;" .. package.path
local common = require("common")
common.headers()
local hot = tonumber(os.getenv("HIKESHI_HOT") or "4")
local counter = 0

request = function()
  counter = counter + 1
  local body = string.format('{"text":"note %d from the load test"}', counter)
  return wrk.format("POST", string.format("/api/v1/incidents/%d/worklog", counter % hot + 1), nil,
                    body)
end

done = common.done
