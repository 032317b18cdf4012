-- GET a page of incidents: HIKESHI_LIST_QUERY selects filters or search (default: newest 50).
package.path = os.getenv("HIKESHI_BENCH_DIR") .. "/wrk/?.lua;" .. package.path
local common = require("common")
common.headers()
local query = os.getenv("HIKESHI_LIST_QUERY") or "limit=50"

request = function()
  return wrk.format("GET", "/api/v1/incidents?" .. query)
end

done = common.done
