#include "triage/access_log_parser.h"

#include "triage/text_scan.h"
#include "triage/timestamp_parse.h"

namespace hikeshi::triage {
namespace {

void AddUnlessDash(Event& event, std::string_view name, std::string_view value) {
  if (!value.empty() && value != "-") event.fields.push_back({name, value});
}

// `text` starts just after an opening quote; returns the quoted value and removes it and the
// closing quote from `text`. A backslash escapes the next byte. False when unterminated.
bool ConsumeQuoted(std::string_view& text, std::string_view& value) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  for (const char* p = begin; p < end; ++p) {
    if (*p == '\\') {
      ++p;
      continue;
    }
    if (*p == '"') {
      value = std::string_view(begin, p - begin);
      text.remove_prefix(p - begin + 1);
      return true;
    }
  }
  return false;
}

// The request is quoted, but servers that do not escape (Tomcat) let a '"' from the URL through:
// the closing quote is the first one followed by " <3-digit status>" and a space or the end.
// Falls back to ConsumeQuoted's answer when no quote is followed by a status.
bool ConsumeRequest(std::string_view& text, std::string_view& value) {
  std::string_view probe = text;
  if (!ConsumeQuoted(probe, value)) return false;
  size_t pos = value.size();
  while (pos < text.size()) {
    std::string_view after = text.substr(pos + 1);
    if (after.size() >= 4 && after[0] == ' ' && IsDigit(after[1]) && IsDigit(after[2]) &&
        IsDigit(after[3]) && (after.size() == 4 || after[4] == ' ')) {
      value = text.substr(0, pos);
      text.remove_prefix(pos + 1);
      return true;
    }
    size_t next = text.find('"', pos + 1);
    if (next == std::string_view::npos) break;
    pos = next;
  }
  text = probe;
  return true;
}

// "10/Oct/2000:13:55:36 -0700"
std::optional<Timestamp> ParseAccessTime(std::string_view text) {
  if (text.size() != 26 || text[2] != '/' || text[6] != '/' || text[11] != ':' || text[14] != ':' ||
      text[17] != ':' || text[20] != ' ') {
    return std::nullopt;
  }
  auto offset = ParseUtcOffset(text.substr(21));
  if (!offset) return std::nullopt;
  CivilTime civil{FixedDigits(text, 7, 4),  MonthFromAbbreviation(text.substr(3)),
                  FixedDigits(text, 0, 2),  FixedDigits(text, 12, 2),
                  FixedDigits(text, 15, 2), FixedDigits(text, 18, 2)};
  return CivilToTimestamp(civil, *offset);
}

void AddRequest(std::string_view request, Event& event) {
  size_t first_space = request.find(' ');
  if (first_space == std::string_view::npos || first_space == 0) return;
  std::string_view method = request.substr(0, first_space);
  for (char c : method) {
    if (!(c >= 'A' && c <= 'Z') && c != '-' && c != '_') return;  // not a method: binary junk
  }
  std::string_view uri = request.substr(first_space + 1);
  std::string_view version;
  size_t last_space = uri.rfind(' ');
  if (last_space != std::string_view::npos && uri.substr(last_space + 1).starts_with("HTTP/")) {
    version = uri.substr(last_space + 1);
    uri = uri.substr(0, last_space);
  }
  event.fields.push_back({"cs-method", method});
  event.fields.push_back({"cs-uri", uri});
  size_t question = uri.find('?');
  event.fields.push_back({"cs-uri-stem", uri.substr(0, question)});
  if (question != std::string_view::npos) {
    event.fields.push_back({"cs-uri-query", uri.substr(question + 1)});
  }
  if (!version.empty()) event.fields.push_back({"cs-version", version});
}

}  // namespace

bool ParseAccessLog(std::string_view line, Event& event, AnomalyCounts& anomalies) {
  event.message = line;
  std::string_view rest = line;
  std::string_view client = NextToken(rest);
  NextToken(rest);  // identd name, "-" in practice
  std::string_view user = NextToken(rest);
  size_t close = rest.find(']');
  if (client.empty() || !rest.starts_with("[") || close == std::string_view::npos) {
    anomalies.Add(Anomaly::kMalformedLine);
    return false;
  }
  event.time = ParseAccessTime(rest.substr(1, close - 1));
  if (!event.time) anomalies.Add(Anomaly::kBadTimestamp);
  rest.remove_prefix(close + 1);
  event.fields.push_back({"c-ip", client});
  AddUnlessDash(event, "cs-username", user);
  std::string_view request;
  if (!ConsumePrefix(rest, " \"") || !ConsumeRequest(rest, request)) {
    anomalies.Add(Anomaly::kMalformedLine);
    return false;
  }
  AddRequest(request, event);
  ConsumePrefix(rest, " ");
  std::string_view status = NextToken(rest);
  if (!ParseUnsigned(status, 999)) {
    anomalies.Add(Anomaly::kMalformedLine);
    return false;
  }
  event.fields.push_back({"sc-status", status});
  AddUnlessDash(event, "sc-bytes", NextToken(rest));
  std::string_view referer, agent;
  if (ConsumePrefix(rest, "\"")) {
    if (!ConsumeQuoted(rest, referer)) {
      anomalies.Add(Anomaly::kBadEscape);
      return true;
    }
    AddUnlessDash(event, "cs-referer", referer);
    if (ConsumePrefix(rest, " \"")) {
      if (!ConsumeQuoted(rest, agent)) {
        anomalies.Add(Anomaly::kBadEscape);
        return true;
      }
      AddUnlessDash(event, "cs-user-agent", agent);
    }
  }
  return true;
}

}  // namespace hikeshi::triage
