// W3C extended log format (IIS, some proxies and CDNs). "#Fields: date time c-ip cs-method …"
// names the space-separated columns of the lines that follow; a later "#Fields:" replaces it.
// Other directives (#Software, #Version, #Date, #Remark) and comments give no event.
//
// Fields are the column names as written, except the header forms cs(User-Agent),
// cs(Referer), cs(Cookie) and cs(Host), which become cs-user-agent, cs-referer, cs-cookie and
// cs-host (the names the access-log reader and the Sigma web rules use). A "-" value means
// absent. "date" and "time" (UTC by the W3C definition) give the event time and are kept as
// fields too. Values are views into the line; IIS's '+' for space is not decoded.
//
// Stateful: one W3cParser per file (or per sequential reader). Not thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "triage/anomaly.h"
#include "triage/event.h"

namespace hikeshi::triage {

class W3cParser {
 public:
  static constexpr size_t kMaxColumns = 128;

  // Returns true when the line produced an event; directives return false (and update the
  // columns); a data line before any "#Fields:" gives an event with the raw line only and a
  // kNoFieldsHeader anomaly.
  bool Parse(std::string_view line, Event& event, AnomalyCounts& anomalies);

  // Sets the columns as if "#Fields: <fields>" had been read (a chunk that starts after the
  // header, or a caller that knows the layout).
  void SetFields(std::string_view fields);

 private:
  std::string fields_line_;              // owns the names the columns point into
  std::vector<std::string_view> names_;  // one per column
  int date_column_ = -1;
  int time_column_ = -1;
};

}  // namespace hikeshi::triage
