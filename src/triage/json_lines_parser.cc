#include "triage/json_lines_parser.h"

#include <simdjson.h>

#include <cstring>
#include <vector>

#include "triage/syslog_parser.h"
#include "triage/text_scan.h"
#include "triage/timestamp_parse.h"

namespace hikeshi::triage {

namespace ondemand = simdjson::ondemand;

struct JsonLinesParser::State {
  ondemand::parser parser;
  std::vector<char> padded;  // the line plus simdjson's padding, reused
};

namespace {

std::string_view TrimJson(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

class Flattener {
 public:
  Flattener(Event& event, AnomalyCounts& anomalies) : event_(event), anomalies_(anomalies) {}

  // Adds the members of `object` under `prefix` ("" at the top). False on a JSON error.
  bool Object(ondemand::object object, std::string_view prefix, int depth) {
    for (auto member : object) {
      std::string_view key;
      if (member.unescaped_key().get(key)) return false;
      // Fields always have a name; JSON allows "" as a key.
      std::string_view name = key.empty() && prefix.empty() ? std::string_view("_") : key;
      if (!prefix.empty()) {
        std::string joined;
        joined.reserve(prefix.size() + 1 + key.size());
        joined.append(prefix).append(".").append(key);
        name = event_.Own(std::move(joined));
      }
      ondemand::value value;
      if (member.value().get(value)) return false;
      if (!Value(value, name, depth)) return false;
    }
    return true;
  }

 private:
  bool Value(ondemand::value value, std::string_view name, int depth) {
    ondemand::json_type type;
    if (value.type().get(type)) return false;
    std::string_view text;
    switch (type) {
      case ondemand::json_type::object: {
        if (depth >= JsonLinesParser::kMaxDepth) {
          ondemand::object object;
          if (value.get_object().get(object) || object.raw_json().get(text)) return false;
          return AddField(name, text);
        }
        ondemand::object object;
        if (value.get_object().get(object)) return false;
        return Object(object, name, depth + 1);
      }
      case ondemand::json_type::array: {
        ondemand::array array;
        if (value.get_array().get(array) || array.raw_json().get(text)) return false;
        return AddField(name, text);
      }
      case ondemand::json_type::string:
        if (value.get_string().get(text)) return false;
        return AddField(name, text);
      case ondemand::json_type::null: {
        bool is_null = false;
        return !value.is_null().get(is_null);
      }
      case ondemand::json_type::number:
      case ondemand::json_type::boolean:
        return AddField(name, TrimJson(value.raw_json_token()));
    }
    return false;
  }

  bool AddField(std::string_view name, std::string_view value) {
    if (event_.fields.size() >= JsonLinesParser::kMaxFields) {
      if (!overflowed_) anomalies_.Add(Anomaly::kTooManyFields);
      overflowed_ = true;
      return true;
    }
    event_.fields.push_back({name, value});
    return true;
  }

  Event& event_;
  AnomalyCounts& anomalies_;
  bool overflowed_ = false;
};

std::optional<Timestamp> TimeFromValue(std::string_view name, std::string_view value) {
  if (name == "__REALTIME_TIMESTAMP") {
    auto micros = ParseUnsigned(value, UINT64_MAX / 2);
    if (!micros) return std::nullopt;
    return FromMicros(static_cast<int64_t>(*micros));
  }
  if (!value.empty() && IsDigit(value.front()) && value.find('-') == std::string_view::npos) {
    return ParseEpochNumber(value);
  }
  size_t consumed = 0;
  auto time = ScanIsoTimestamp(value, std::chrono::minutes{0}, consumed);
  if (time && consumed == value.size()) return time;
  return std::nullopt;
}

// Lower rank = preferred time key; 0 means "not a time key".
int TimeKeyRank(std::string_view name) {
  constexpr std::string_view kKeys[] = {
      "@timestamp", "timestamp", "time",      "ts",
      "datetime",   "date",      "eventTime", "__REALTIME_TIMESTAMP"};
  for (int i = 0; i < 8; ++i) {
    if (name == kKeys[i]) return i + 1;
  }
  return 0;
}

void PickWellKnownMembers(Event& event, AnomalyCounts& anomalies) {
  int best_rank = 0;
  bool saw_time_key = false;
  for (const EventField& field : event.fields) {
    std::string_view name = field.name;
    if (name == "message" || name == "msg" || name == "MESSAGE") {
      event.message = field.value;
    } else if (name == "host" || name == "hostname" || name == "_HOSTNAME") {
      if (event.host.empty()) event.host = field.value;
    } else if (name == "program" || name == "app" || name == "SYSLOG_IDENTIFIER") {
      if (event.program.empty()) event.program = field.value;
    } else if (int rank = TimeKeyRank(name); rank != 0 && (best_rank == 0 || rank < best_rank)) {
      saw_time_key = true;
      if (auto time = TimeFromValue(name, field.value)) {
        event.time = time;
        best_rank = rank;
      }
    }
  }
  if (saw_time_key && !event.time) anomalies.Add(Anomaly::kBadTimestamp);
}

}  // namespace

JsonLinesParser::JsonLinesParser() : state_(std::make_unique<State>()) {}
JsonLinesParser::~JsonLinesParser() = default;

bool JsonLinesParser::Parse(std::string_view line, Event& event, AnomalyCounts& anomalies) {
  event.message = line;
  std::vector<char>& padded = state_->padded;
  if (padded.size() < line.size() + simdjson::SIMDJSON_PADDING) {
    padded.resize(line.size() + simdjson::SIMDJSON_PADDING);
  }
  std::memcpy(padded.data(), line.data(), line.size());
  ondemand::document document;
  ondemand::object object;
  size_t fields_before = event.fields.size();
  Flattener flattener(event, anomalies);
  if (state_->parser.iterate(padded.data(), line.size(), padded.size()).get(document) ||
      document.get_object().get(object) || !flattener.Object(object, "", 0)) {
    event.fields.resize(fields_before);
    event.message = line;
    anomalies.Add(Anomaly::kMalformedLine);
    return false;
  }
  PickWellKnownMembers(event, anomalies);
  if (event.program == "sshd" || event.program == "kernel") {
    std::string_view format = event.format;
    ExtractMessageFields(event);
    event.format = format;  // stays "jsonl" even when the message is a netfilter line
  }
  return true;
}

}  // namespace hikeshi::triage
