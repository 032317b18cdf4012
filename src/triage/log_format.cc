#include "triage/log_format.h"

#include <array>
#include <chrono>

#include "triage/text_scan.h"
#include "triage/timestamp_parse.h"

namespace hikeshi::triage {
namespace {

constexpr std::array<LogFormatInfo, kLogFormatCount> kFormats = {{
    {LogFormat::kSyslog3164, "syslog3164", "BSD syslog (RFC 3164), year inferred", true},
    {LogFormat::kSyslog5424, "syslog5424", "IETF syslog (RFC 5424) with structured data", true},
    {LogFormat::kSyslogIso, "syslogiso", "syslog with an ISO 8601 timestamp (rsyslog)", true},
    {LogFormat::kAccess, "access", "Apache/nginx common and combined access log", true},
    {LogFormat::kApacheError, "apache_error", "Apache httpd error log (2.2 and 2.4)", true},
    {LogFormat::kW3c, "w3c", "W3C extended log format (IIS)", false},
    {LogFormat::kJsonLines, "jsonl", "JSON lines", true},
}};

// "host prog[123]: " or "prog[123]: " — journalctl's short output and timestamp-less syslog.
bool LooksLikeTaggedMessage(std::string_view line) {
  for (int token = 0; token < 2; ++token) {
    size_t space = line.find(' ');
    std::string_view word = line.substr(0, space);
    size_t open = word.find('[');
    if (open != std::string_view::npos && open > 0 && word.ends_with("]:") &&
        ParseUnsigned(word.substr(open + 1, word.size() - open - 3))) {
      return true;
    }
    if (space == std::string_view::npos || word.empty()) return false;
    line.remove_prefix(space + 1);
  }
  return false;
}

bool LooksLike3164Time(std::string_view line) {
  return line.size() >= 15 && MonthFromAbbreviation(line) != 0 && line[3] == ' ' &&
         (IsDigit(line[4]) || line[4] == ' ') && line.find(':') != std::string_view::npos;
}

// "host ident user [10/Oct/2000:13:55:36 -0700] ".
bool LooksLikeAccess(std::string_view line) {
  for (int token = 0; token < 3; ++token) {
    size_t space = line.find(' ');
    if (space == 0 || space == std::string_view::npos) return false;
    line.remove_prefix(space + 1);
  }
  return line.size() >= 22 && line[0] == '[' && IsDigit(line[1]) && line[3] == '/' &&
         MonthFromAbbreviation(line.substr(4)) != 0 && line[7] == '/';
}

}  // namespace

std::span<const LogFormatInfo> LogFormats() { return kFormats; }

std::string_view LogFormatName(LogFormat format) {
  return kFormats[static_cast<size_t>(format)].name;
}

std::optional<LogFormat> LogFormatFromName(std::string_view name) {
  for (const LogFormatInfo& info : kFormats) {
    if (info.name == name) return info.format;
  }
  return std::nullopt;
}

std::optional<LogFormat> ClassifyLine(std::string_view line) {
  ConsumePrefix(line, "\xEF\xBB\xBF");
  if (line.empty()) return std::nullopt;
  if (line[0] == '{') return LogFormat::kJsonLines;
  if (line[0] == '#') {
    if (line.starts_with("#Fields:") || line.starts_with("#Software:") ||
        line.starts_with("#Version:")) {
      return LogFormat::kW3c;
    }
    return std::nullopt;
  }
  if (line[0] == '<') {
    size_t close = line.find('>');
    if (close == std::string_view::npos || close > 4 || !ParseUnsigned(line.substr(1, close - 1))) {
      return std::nullopt;
    }
    line.remove_prefix(close + 1);
    if (line.starts_with("1 ")) return LogFormat::kSyslog5424;
  }
  if (LooksLike3164Time(line)) return LogFormat::kSyslog3164;
  size_t consumed = 0;
  if (ScanIsoTimestamp(line, std::chrono::minutes{0}, consumed) && line.size() > consumed &&
      line[consumed] == ' ') {
    return LogFormat::kSyslogIso;
  }
  if (line.size() > 16 && line[0] == '[' && MonthFromAbbreviation(line.substr(5)) != 0 &&
      line[4] == ' ') {
    return LogFormat::kApacheError;
  }
  if (LooksLikeAccess(line)) return LogFormat::kAccess;
  if (LooksLikeTaggedMessage(line)) return LogFormat::kSyslog3164;
  return std::nullopt;
}

std::optional<LogFormat> DetectLogFormat(std::string_view head) {
  std::array<int, kLogFormatCount> votes{};
  for (int line_count = 0; line_count < 32 && !head.empty(); ++line_count) {
    std::string_view line = NextToken(head, '\n');
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.starts_with("#Fields:")) return LogFormat::kW3c;  // its data lines look like syslog
    if (auto format = ClassifyLine(line)) ++votes[static_cast<size_t>(*format)];
  }
  std::optional<LogFormat> best;
  int best_votes = 0;
  for (size_t i = 0; i < votes.size(); ++i) {
    if (votes[i] > best_votes) {
      best_votes = votes[i];
      best = kFormats[i].format;
    }
  }
  return best;
}

}  // namespace hikeshi::triage
