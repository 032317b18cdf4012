#include "triage/w3c_parser.h"

#include <chrono>

#include "triage/text_scan.h"
#include "triage/timestamp_parse.h"

namespace hikeshi::triage {
namespace {

std::string_view CanonicalName(std::string_view name) {
  if (name == "cs(User-Agent)") return "cs-user-agent";
  if (name == "cs(Referer)" || name == "cs(Referrer)") return "cs-referer";
  if (name == "cs(Cookie)") return "cs-cookie";
  if (name == "cs(Host)") return "cs-host";
  return name;
}

}  // namespace

void W3cParser::SetFields(std::string_view fields) {
  fields_line_.assign(fields);
  names_.clear();
  date_column_ = time_column_ = -1;
  std::string_view rest = fields_line_;
  while (!rest.empty() && names_.size() < kMaxColumns) {
    std::string_view name = NextToken(rest);
    if (name.empty()) continue;
    if (name == "date") date_column_ = static_cast<int>(names_.size());
    if (name == "time") time_column_ = static_cast<int>(names_.size());
    names_.push_back(CanonicalName(name));
  }
}

bool W3cParser::Parse(std::string_view line, Event& event, AnomalyCounts& anomalies) {
  if (line.starts_with("#")) {
    if (line.starts_with("#Fields:")) SetFields(TrimSpaces(line.substr(8)));
    return false;
  }
  if (TrimSpaces(line).empty()) return false;
  event.message = line;
  if (names_.empty()) {
    anomalies.Add(Anomaly::kNoFieldsHeader);
    return true;
  }
  std::string_view rest = line;
  std::string_view date, time;
  size_t column = 0;
  while (!rest.empty() && column < names_.size()) {
    std::string_view value = NextToken(rest);
    if (static_cast<int>(column) == date_column_) date = value;
    if (static_cast<int>(column) == time_column_) time = value;
    if (value != "-" && !value.empty()) event.fields.push_back({names_[column], value});
    ++column;
  }
  if (column != names_.size() || !rest.empty()) anomalies.Add(Anomaly::kMalformedLine);
  if (!date.empty() && !time.empty()) {
    // "2019-09-03" + "10:13:36[.fff]": glue into the ISO scanner's shape without copying more
    // than a small stack buffer.
    char buffer[40];
    if (date.size() == 10 && time.size() >= 8 && time.size() <= 20) {
      std::copy(date.begin(), date.end(), buffer);
      buffer[10] = 'T';
      std::copy(time.begin(), time.end(), buffer + 11);
      size_t consumed = 0;
      std::string_view joined(buffer, 11 + time.size());
      event.time = ScanIsoTimestamp(joined, std::chrono::minutes{0}, consumed);
      if (consumed != joined.size()) event.time.reset();
    }
    if (!event.time) anomalies.Add(Anomaly::kBadTimestamp);
  }
  return true;
}

}  // namespace hikeshi::triage
