#include "triage/line_parser.h"

#include "triage/access_log_parser.h"
#include "triage/apache_error_parser.h"
#include "triage/text_scan.h"

namespace hikeshi::triage {

LineParser::LineParser(LogFormat format, const ParseOptions& options)
    : format_(format), options_(options), year_(options.year_reference, options.utc_offset) {}

namespace {

// "<PRI>1 " at the front: RFC 5424's header.
bool LooksLikeSyslog5424(std::string_view line) {
  if (!line.starts_with('<')) return false;
  size_t close = line.find('>');
  if (close == std::string_view::npos || close < 2 || close > 4) return false;
  for (size_t i = 1; i < close; ++i) {
    if (!IsDigit(line[i])) return false;
  }
  return line.substr(close + 1).starts_with("1 ");
}

}  // namespace

void LineParser::ObserveSshd(Event& event) {
  if (event.program.starts_with("sshd")) sshd_.Observe(event);
}

bool LineParser::Parse(std::string_view line, Event& event) {
  event.Clear();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return false;
  event.line = line;
  event.message = line;
  event.format = LogFormatName(format_);
  switch (format_) {
    case LogFormat::kSyslog3164:
      // A relay may mix RFC 5424 lines ("<38>1 2019-…") into an RFC 3164 file.
      if (LooksLikeSyslog5424(line)) {
        ParseSyslog5424(line, event, anomalies_);
      } else {
        ParseSyslog3164(line, year_, event, anomalies_);
      }
      ObserveSshd(event);
      return true;
    case LogFormat::kSyslog5424:
      ParseSyslog5424(line, event, anomalies_);
      ObserveSshd(event);
      return true;
    case LogFormat::kSyslogIso:
      ParseSyslogIso(line, options_.utc_offset, event, anomalies_);
      ObserveSshd(event);
      return true;
    case LogFormat::kAccess:
      ParseAccessLog(line, event, anomalies_);
      return true;
    case LogFormat::kApacheError:
      ParseApacheError(line, options_.utc_offset, event, anomalies_);
      return true;
    case LogFormat::kW3c:
      return w3c_.Parse(line, event, anomalies_);
    case LogFormat::kJsonLines:
      if (TrimSpaces(line).empty()) return false;
      json_.Parse(line, event, anomalies_);
      return true;
  }
  return false;
}

}  // namespace hikeshi::triage
