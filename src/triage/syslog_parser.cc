#include "triage/syslog_parser.h"

#include "triage/auth_fields.h"
#include "triage/netfilter_fields.h"
#include "triage/text_scan.h"
#include "triage/timestamp_parse.h"

namespace hikeshi::triage {
namespace {

using std::chrono::minutes;

constexpr std::string_view kFacilities[24] = {
    "kern",   "user",   "mail",     "daemon", "auth",   "syslog",   "lpr",     "news",
    "uucp",   "cron",   "authpriv", "ftp",    "ntp",    "security", "console", "solaris-cron",
    "local0", "local1", "local2",   "local3", "local4", "local5",   "local6",  "local7"};
constexpr std::string_view kSeverities[8] = {"emerg",   "alert",  "crit", "err",
                                             "warning", "notice", "info", "debug"};

// "<34>" at the front: adds facility and severity, removes it from `text`.
bool ConsumePriority(std::string_view& text, Event& event) {
  if (text.size() < 3 || text[0] != '<') return true;
  size_t close = text.find('>');
  if (close == std::string_view::npos || close < 2 || close > 4) return false;
  auto priority = ParseUnsigned(text.substr(1, close - 1), 191);
  if (!priority) return false;
  event.fields.push_back({"facility", kFacilities[*priority / 8]});
  event.fields.push_back({"severity", kSeverities[*priority % 8]});
  text.remove_prefix(close + 1);
  return true;
}

// A syslog TAG: "prog[pid]:", "prog:", "[prog]:", "[prog]" or "prog(module)[pid]:".
bool IsTag(std::string_view token) {
  if (token.empty()) return false;
  if (token.back() == ':') return token.size() > 1;
  return token.back() == ']' && token.find('[') != std::string_view::npos;
}

void SetTag(std::string_view tag, Event& event) {
  if (tag.back() == ':') tag.remove_suffix(1);
  if (tag.size() >= 2 && tag.front() == '[' && tag.back() == ']') {
    event.program = tag.substr(1, tag.size() - 2);
    return;
  }
  size_t open = tag.find('[');
  if (open != std::string_view::npos && tag.back() == ']') {
    event.fields.push_back({"pid", tag.substr(open + 1, tag.size() - open - 2)});
    tag = tag.substr(0, open);
  }
  // "sshd(pam_unix)" is sshd speaking through a PAM module.
  size_t paren = tag.find('(');
  if (paren != std::string_view::npos && paren > 0) tag = tag.substr(0, paren);
  event.program = tag;
}

// Everything after the timestamp of a BSD-style line: "host tag: message", where host and tag
// are each optional.
void ParseHostTagMessage(std::string_view rest, Event& event) {
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  std::string_view after_first = rest;
  std::string_view first = NextToken(after_first);
  if (IsTag(first)) {
    SetTag(first, event);
    event.message = after_first;
  } else {
    event.host = first;
    std::string_view after_second = after_first;
    std::string_view second = NextToken(after_second);
    if (IsTag(second)) {
      SetTag(second, event);
      event.message = after_second;
    } else {
      event.message = after_first;
    }
  }
  ExtractMessageFields(event);
}

// "Nov 22 10:15:01" with the day space-padded ("Nov  2"), zero-padded or bare ("Nov 2"), and
// optional fractional seconds. Returns the length read, 0 when it is not such a timestamp.
size_t Scan3164Time(std::string_view text, int& month, int& day, int& hour, int& minute,
                    int& second, int& micros) {
  if (text.size() < 14 || text[3] != ' ') return 0;
  month = MonthFromAbbreviation(text);
  if (month == 0) return 0;
  size_t pos = 4;
  if (text[pos] == ' ') ++pos;
  day = 0;
  size_t day_start = pos;
  while (pos < text.size() && IsDigit(text[pos]) && pos - day_start < 2) {
    day = day * 10 + (text[pos++] - '0');
  }
  if (pos == day_start || pos >= text.size() || text[pos] != ' ') return 0;
  ++pos;
  hour = FixedDigits(text, pos, 2);
  minute = FixedDigits(text, pos + 3, 2);
  second = FixedDigits(text, pos + 6, 2);
  if (hour < 0 || minute < 0 || second < 0 || text[pos + 2] != ':' || text[pos + 5] != ':') {
    return 0;
  }
  pos += 8;
  micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    int scale = 100000;
    for (++pos; pos < text.size() && IsDigit(text[pos]); ++pos) {
      micros += (text[pos] - '0') * scale;
      scale /= 10;
    }
  }
  return pos;
}

}  // namespace

SyslogYear::SyslogYear(Timestamp reference, minutes utc_offset)
    : reference_(reference), utc_offset_(utc_offset) {
  auto local_days = std::chrono::floor<std::chrono::days>(reference + utc_offset);
  reference_year_ = int(std::chrono::year_month_day{local_days}.year());
}

std::optional<Timestamp> SyslogYear::Resolve(int month, int day, int hour, int minute, int second,
                                             int micros) {
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 ||
      micros < 0 || micros > 999999) {
    return std::nullopt;
  }
  // Consecutive lines are mostly from the same day: the start of that day in the reference's
  // year and in the year before are computed once; the rule is then one comparison.
  if (month != cached_month_ || day != cached_day_) {
    cached_month_ = month;
    cached_day_ = day;
    cached_this_year_ = CivilToTimestamp(CivilTime{reference_year_, month, day}, utc_offset_);
    cached_last_year_ = CivilToTimestamp(CivilTime{reference_year_ - 1, month, day}, utc_offset_);
  }
  auto time_of_day =
      std::chrono::seconds{hour * 3600 + minute * 60 + second} + std::chrono::microseconds{micros};
  if (cached_this_year_ && *cached_this_year_ + time_of_day <= reference_ + kSlack) {
    return *cached_this_year_ + time_of_day;
  }
  if (cached_this_year_ && cached_last_year_) return *cached_last_year_ + time_of_day;
  return ResolveUncached(month, day, hour, minute, second, micros);  // Feb 29, bad dates
}

std::optional<Timestamp> SyslogYear::ResolveUncached(int month, int day, int hour, int minute,
                                                     int second, int micros) const {
  // Feb 29 may need to go back up to eight years (1900 and 2100 are not leap years).
  for (int year = reference_year_; year >= reference_year_ - 8; --year) {
    auto candidate =
        CivilToTimestamp(CivilTime{year, month, day, hour, minute, second, micros}, utc_offset_);
    if (!candidate) {
      if (month == 2 && day == 29) continue;
      return std::nullopt;
    }
    if (*candidate <= reference_ + kSlack) return candidate;
  }
  return std::nullopt;
}

bool ParseSyslog3164(std::string_view line, SyslogYear& year, Event& event,
                     AnomalyCounts& anomalies) {
  std::string_view rest = line;
  event.message = line;
  if (!ConsumePriority(rest, event)) {
    anomalies.Add(Anomaly::kMalformedLine);
    return false;
  }
  int month, day, hour, minute, second, micros;
  size_t length = Scan3164Time(rest, month, day, hour, minute, second, micros);
  if (length == 0) {
    // journalctl's short output without time, or a timestamp-less forwarder: "host tag: msg".
    std::string_view probe = rest;
    std::string_view first = NextToken(probe);
    if (!IsTag(first) && !IsTag(NextToken(probe))) {
      anomalies.Add(Anomaly::kMalformedLine);
      return false;
    }
    ParseHostTagMessage(rest, event);
    return true;
  }
  event.time = year.Resolve(month, day, hour, minute, second, micros);
  if (!event.time) anomalies.Add(Anomaly::kBadTimestamp);
  ParseHostTagMessage(rest.substr(length), event);
  return true;
}

bool ParseSyslogIso(std::string_view line, minutes utc_offset, Event& event,
                    AnomalyCounts& anomalies) {
  std::string_view rest = line;
  event.message = line;
  size_t consumed = 0;
  if (!ConsumePriority(rest, event)) {
    anomalies.Add(Anomaly::kMalformedLine);
    return false;
  }
  event.time = ScanIsoTimestamp(rest, utc_offset, consumed);
  if (!event.time) {
    anomalies.Add(Anomaly::kMalformedLine);
    return false;
  }
  ParseHostTagMessage(rest.substr(consumed), event);
  return true;
}

}  // namespace hikeshi::triage

namespace hikeshi::triage {
namespace {

std::string_view NilToEmpty(std::string_view value) {
  return value == "-" ? std::string_view{} : value;
}

// Reads RFC 5424 STRUCTURED-DATA ("-" or one or more "[id name="value" …]") from the front of
// `text`; each parameter becomes a field "<id>.<name>". Values with escapes (\" \\ \]) are
// unescaped into owned storage. Returns false when the elements are malformed.
bool ConsumeStructuredData(std::string_view& text, Event& event, AnomalyCounts& anomalies) {
  if (text.starts_with("-")) {
    text.remove_prefix(1);
    return true;
  }
  if (!text.starts_with("[")) return false;
  while (text.starts_with("[")) {
    text.remove_prefix(1);
    size_t id_end = text.find_first_of(" ]");
    if (id_end == std::string_view::npos || id_end == 0) return false;
    std::string_view id = text.substr(0, id_end);
    text.remove_prefix(id_end);
    while (text.starts_with(" ")) {
      text.remove_prefix(1);
      size_t equals = text.find("=\"");
      if (equals == std::string_view::npos || equals == 0) return false;
      std::string_view name = text.substr(0, equals);
      text.remove_prefix(equals + 2);
      size_t pos = 0;
      bool escaped = false;
      while (pos < text.size() && text[pos] != '"') {
        if (text[pos] == '\\' && pos + 1 < text.size()) {
          escaped = true;
          ++pos;
        }
        ++pos;
      }
      if (pos >= text.size()) return false;
      std::string_view value = text.substr(0, pos);
      text.remove_prefix(pos + 1);
      if (escaped) {
        std::string unescaped;
        unescaped.reserve(value.size());
        for (size_t i = 0; i < value.size(); ++i) {
          if (value[i] == '\\' && i + 1 < value.size() &&
              (value[i + 1] == '"' || value[i + 1] == '\\' || value[i + 1] == ']')) {
            ++i;
          }
          unescaped.push_back(value[i]);
        }
        value = event.Own(std::move(unescaped));
      }
      std::string full_name;
      full_name.reserve(id.size() + 1 + name.size());
      full_name.append(id).append(".").append(name);
      if (event.fields.size() >= 1024) {
        anomalies.Add(Anomaly::kTooManyFields);
        continue;
      }
      event.fields.push_back({event.Own(std::move(full_name)), value});
    }
    if (!text.starts_with("]")) return false;
    text.remove_prefix(1);
  }
  return true;
}

}  // namespace

bool ParseSyslog5424(std::string_view line, Event& event, AnomalyCounts& anomalies) {
  std::string_view rest = line;
  event.message = line;
  if (!rest.starts_with("<") || !ConsumePriority(rest, event) || !ConsumePrefix(rest, "1 ")) {
    anomalies.Add(Anomaly::kMalformedLine);
    return false;
  }
  std::string_view timestamp = NextToken(rest);
  if (timestamp != "-") {
    size_t consumed = 0;
    event.time = ScanIsoTimestamp(timestamp, minutes{0}, consumed);
    if (!event.time || consumed != timestamp.size()) {
      event.time.reset();
      anomalies.Add(Anomaly::kBadTimestamp);
    }
  }
  event.host = NilToEmpty(NextToken(rest));
  event.program = NilToEmpty(NextToken(rest));
  std::string_view procid = NilToEmpty(NextToken(rest));
  if (!procid.empty()) event.fields.push_back({"pid", procid});
  std::string_view msgid = NilToEmpty(NextToken(rest));
  if (!msgid.empty()) event.fields.push_back({"msgid", msgid});
  std::string_view structured_data = rest;
  if (!ConsumeStructuredData(rest, event, anomalies)) {
    anomalies.Add(Anomaly::kMalformedLine);
    event.message = structured_data;
    return false;
  }
  ConsumePrefix(rest, " ");
  ConsumePrefix(rest, "\xEF\xBB\xBF");  // MSG may start with a UTF-8 byte-order mark
  event.message = rest;
  ExtractMessageFields(event);
  return true;
}

namespace {

// PAM speaks as "pam_unix(su:auth): authentication failure; …" or, through a "prog(pam_unix)"
// tag, "authentication failure; …": an O(1) test instead of searching every message.
bool LooksLikePam(std::string_view message) {
  return message.starts_with("pam_") || message.starts_with("authentication failure") ||
         message.starts_with("PAM ");
}

}  // namespace

void ExtractMessageFields(Event& event) {
  std::string_view program = event.program;
  if (program.starts_with("sshd")) {
    ExtractSshdFields(event.message, event);
  } else if (program == "kernel") {
    if (ExtractNetfilterFields(event.message, event)) event.format = "netfilter";
  } else if (LooksLikePam(event.message)) {
    ExtractPamFailureFields(event.message, event);
  }
}

}  // namespace hikeshi::triage
