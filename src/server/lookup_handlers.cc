// GET /lookup?q=: who owns an address or domain and whom to tell, from the offline ownership
// index (src/coord, doc/ownership.md), for any signed-in role.
#include <fmt/format.h>

#include "coord/as_number.h"
#include "core/ownership.h"
#include "intake/report_parser.h"
#include "server/api.h"
#include "server/handlers.h"
#include "server/json_body.h"
#include "server/query_string.h"

namespace hikeshi::server {

Result<ApiResponse> LookupOwner(HandlerContext& context) {
  auto parameters = ParseQuery(context.query);
  if (!parameters) return std::unexpected(parameters.error());
  std::string value;
  for (const auto& [name, text] : *parameters) {
    if (name != "q") {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("unknown query parameter {}", QuoteForMessage(name)));
    }
    value = text;
  }
  if (value.empty() || value.size() > 1024) {
    return Fail(ErrorCode::kInvalid, "query parameter \"q\" is required (at most 1024 bytes)");
  }
  if (context.options.ownership == nullptr) {
    return Fail(ErrorCode::kUnavailable, "no ownership index is configured on this server");
  }
  value = intake::NormalizeLookup(value);  // defanged, full-width, IDN → the stored form
  if (auto number = coord::ParseAsNumber(value)) value = coord::FormatAsNumber(*number);
  auto found = context.options.ownership->Lookup(value);
  if (!found) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("no owner known for {} (import sources with `hikeshi db import`)",
                            QuoteForMessage(value)));
  }
  ResponseJson body{{"query", value},
                    {"netblock", found->netblock},
                    {"as_name", found->as_name},
                    {"owner", found->owner},
                    {"country", found->country},
                    {"abuse_mailboxes", found->abuse_mailboxes},
                    {"national_csirt", found->national_csirt},
                    {"language", found->language},
                    {"source", found->source},
                    {"constituent", found->constituent}};
  return JsonResponse(200, DumpJson(body));
}

}  // namespace hikeshi::server
