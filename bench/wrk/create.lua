-- POST /api/v1/incidents with varied titles (the FTS index sees distinct text).
package.path = os.getenv("HIKESHI_BENCH_DIR") .. "/wrk/?.lua;" .. package.path
local common = require("common")
common.headers()
local counter = 0
local words = {"scan", "phishing", "ransomware", "defacement", "brute force", "DDoS",
               "ランサムウェア", "フィッシング"}

request = function()
  counter = counter + 1
  local body = string.format(
    '{"title":"%s from 203.0.113.%d (%d)","description":"Reported by sensor %d",' ..
    '"category":"scan","severity":"medium","tlp":"TLP:GREEN"}',
    words[counter % #words + 1], counter % 256, counter, counter % 97)
  return wrk.format("POST", "/api/v1/incidents", nil, body)
end

done = common.done
