// A triage run as one self-contained HTML page: the run's figures, findings by rule, by source,
// and the findings table. Offline: inline CSS, no script, no external URL of any kind, so it
// can be opened from a case folder or mailed. Every log-derived string is HTML-escaped.
#pragma once

#include <string>
#include <string_view>

#include "triage/triage_run.h"

namespace hikeshi::triage {

struct HtmlReportOptions {
  std::string title = "Hikeshi triage report";
  size_t max_rows = 10'000;  // findings shown in the table; the rest are counted
};

std::string HtmlReport(const TriageResult& result, const HtmlReportOptions& options = {});

// & < > " ' as entities; bytes that are not valid UTF-8 are kept (the page declares UTF-8 and
// browsers show U+FFFD), control characters other than TAB become U+FFFD.
std::string HtmlEscape(std::string_view text);

}  // namespace hikeshi::triage
