// Statistics as JSON (GET /api/v1/stats, hikeshi stats) and as CSV (?format=csv,
// --format csv). Both carry the same numbers; doc/api.md shows the shapes.
#pragma once

#include <string>

#include "server/json_body.h"
#include "server/stats.h"

namespace hikeshi::server {

ResponseJson StatsToJson(const Stats& stats, bool truncated);

// Long form, one number per row: "period,metric,key,value", e.g.
// "2026Q3,reports,phishing,12" or "2026Q3,time_to_contain_seconds,median,3300".
// Periods are the labels, then "total"; open-by-age rows use the period "now".
std::string StatsToCsv(const Stats& stats);

}  // namespace hikeshi::server
