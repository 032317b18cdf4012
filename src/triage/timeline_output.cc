#include "triage/timeline_output.h"

#include <array>
#include <nlohmann/json.hpp>

#include "core/time.h"

namespace hikeshi::triage {

namespace {

constexpr std::array<std::string_view, 13> kReservedKeys = {
    "message", "datetime",    "timestamp", "timestamp_desc", "rule_id",   "rule_title", "level",
    "tags",    "source_file", "offset",    "correlation",    "group_key", "count"};

bool Reserved(std::string_view key) {
  for (std::string_view reserved : kReservedKeys) {
    if (key == reserved) return true;
  }
  return false;
}

std::string JoinTags(const Finding& finding) {
  std::string tags;
  for (const std::string& tag : finding.tags) {
    if (!tags.empty()) tags += ',';
    tags += tag;
  }
  return tags;
}

std::string JoinFields(const Finding& finding) {
  std::string fields;
  for (const auto& [name, value] : finding.matched_fields) {
    if (!fields.empty()) fields += "; ";
    fields += name;
    fields += '=';
    fields += value;
  }
  return fields;
}

std::string Datetime(const Finding& finding) {
  return FormatRfc3339(finding.time.value_or(Timestamp{}));
}

std::string_view TimestampDesc(const Finding& finding) {
  return finding.time ? "Event Recorded" : "No Timestamp";
}

// Attacker bytes may be anything; nlohmann::json throws on invalid UTF-8 when dumping unless
// told to replace it, which is what we want (U+FFFD).
std::string Dump(const nlohmann::ordered_json& object) {
  return object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

std::string TimelineMessage(const Finding& finding) {
  std::string message = finding.rule_title;
  if (finding.correlation) {
    message += ": ";
    message += finding.group_key.empty() ? "(all events)" : finding.group_key;
    message += " (" + std::to_string(finding.count) + ")";
    return message;
  }
  std::string fields = JoinFields(finding);
  if (!fields.empty()) message += ": " + fields;
  return message;
}

std::string TimelineJsonLine(const Finding& finding) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  object["message"] = TimelineMessage(finding);
  object["datetime"] = Datetime(finding);
  object["timestamp"] = finding.time ? ToMicros(*finding.time) : 0;
  object["timestamp_desc"] = TimestampDesc(finding);
  object["rule_id"] = finding.rule_id;
  object["rule_title"] = finding.rule_title;
  object["level"] = finding.level;
  object["tags"] = JoinTags(finding);
  object["source_file"] = finding.source;
  object["offset"] = finding.offset;
  object["correlation"] = finding.correlation;
  if (finding.correlation) {
    object["group_key"] = finding.group_key;
    object["count"] = finding.count;
  }
  for (const auto& [name, value] : finding.matched_fields) {
    std::string key = Reserved(name) ? "field_" + name : name;
    if (!object.contains(key)) object[key] = value;  // the first value of a repeated field
  }
  return Dump(object) + '\n';
}

std::string CsvCell(std::string_view value) {
  std::string cell;
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                         value[0] == '\t' || value[0] == '\r')) {
    cell += '\'';
  }
  cell += value;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string_view TimelineCsvHeader() {
  return "datetime,timestamp_desc,message,rule_id,rule_title,level,tags,source_file,offset,"
         "correlation,group_key,count,fields\r\n";
}

std::string TimelineCsvRow(const Finding& finding) {
  std::string row;
  row += CsvCell(Datetime(finding)) + ',';
  row += CsvCell(TimestampDesc(finding)) + ',';
  row += CsvCell(TimelineMessage(finding)) + ',';
  row += CsvCell(finding.rule_id) + ',';
  row += CsvCell(finding.rule_title) + ',';
  row += CsvCell(finding.level) + ',';
  row += CsvCell(JoinTags(finding)) + ',';
  row += CsvCell(finding.source) + ',';
  row += std::to_string(finding.offset) + ',';
  row += finding.correlation ? "true," : "false,";
  row += CsvCell(finding.group_key) + ',';
  row += (finding.correlation ? std::to_string(finding.count) : std::string()) + ',';
  row += CsvCell(JoinFields(finding));
  row += "\r\n";
  return row;
}

}  // namespace hikeshi::triage
