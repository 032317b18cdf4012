// GET /api/v1/stats: the statistics of server/stats.h as JSON or CSV.
#include <fmt/format.h>

#include "server/handlers.h"
#include "server/json_body.h"
#include "server/query_string.h"
#include "server/stats_json.h"
#include "server/stats_load.h"

namespace hikeshi::server {

Result<ApiResponse> GetStats(HandlerContext& context) {
  auto parameters = ParseQuery(context.query);
  if (!parameters) return std::unexpected(parameters.error());
  StatsRequest request;
  bool csv = false;
  std::vector<std::string_view> seen;
  for (const auto& [name, value] : *parameters) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("query parameter {} is repeated", QuoteForMessage(name)));
    }
    seen.push_back(name);
    if (name == "from") {
      request.from = value;
    } else if (name == "to") {
      request.to = value;
    } else if (name == "by") {
      if (value == "month") {
        request.by = StatsGranularity::kMonth;
      } else if (value != "quarter" && !value.empty()) {
        return Fail(ErrorCode::kInvalid, "query parameter \"by\": quarter or month");
      }
    } else if (name == "format") {
      if (value != "csv" && value != "json" && !value.empty()) {
        return Fail(ErrorCode::kInvalid, "query parameter \"format\": json or csv");
      }
      csv = value == "csv";
    } else {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("unknown query parameter {}", QuoteForMessage(name)));
    }
  }
  auto loaded = LoadStats(context.store, request, context.now);
  if (!loaded) return std::unexpected(loaded.error());
  if (!csv) return JsonResponse(200, DumpJson(StatsToJson(loaded->stats, loaded->truncated)));
  ApiResponse response;
  response.content_type = "text/csv; charset=utf-8";
  response.body = StatsToCsv(loaded->stats);
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"hikeshi-stats.csv\"");
  return response;
}

}  // namespace hikeshi::server
