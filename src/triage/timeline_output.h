// Findings as timelines: Timesketch-compatible JSON lines and RFC 4180 CSV. Pure functions
// over findings; the caller writes the text where it wants.
//
// JSON lines: one object per finding with Timesketch's required keys — `message` (rule title
// and the values it matched), `datetime` (RFC 3339, UTC), `timestamp` (microseconds since the
// epoch) and `timestamp_desc` ("Event Recorded"; "No Timestamp" with the epoch when the log
// line carried no time) — then `rule_id`, `rule_title`, `level`, `tags`, `source_file`,
// `offset`, `correlation`, `group_key` and `count` (correlations), and each matched field
// under its own name (`src_ip`, `c-ip`, `user`, …; a name that collides with the keys above
// gets a `field_` prefix).
//
// CSV: a header, then one row per finding, CRLF line ends, fields quoted when they hold a
// comma, quote, CR or LF (quotes doubled). Matched fields are one column, "name=value" joined
// by "; ". A cell starting with = + - @ TAB or CR gets a leading ' so that a spreadsheet does
// not run attacker text as a formula.
#pragma once

#include <string>
#include <string_view>

#include "triage/finding.h"

namespace hikeshi::triage {

// One JSON object and a trailing '\n'.
std::string TimelineJsonLine(const Finding& finding);

// The header row, with CRLF.
std::string_view TimelineCsvHeader();
// One row, with CRLF.
std::string TimelineCsvRow(const Finding& finding);

// One CSV cell: quoted when needed (RFC 4180), formula-neutralised as described above.
std::string CsvCell(std::string_view value);

// "SSH brute force: src_ip=203.0.113.9 (12 events)" style text, the `message` of both formats.
std::string TimelineMessage(const Finding& finding);

}  // namespace hikeshi::triage
