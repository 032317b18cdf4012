// The legacy X-ARF mail format (v0.1 "X-ARF: YES", v0.2 "X-XARF: PLAIN"): its second MIME part
// is a flat YAML mapping such as
//   Reported-From: abuse@example.org
//   Category: abuse
//   Report-Type: login-attack
//   Source-Type: ipv4
//   Source: 192.0.2.1
// yaml-cpp reads it; its exceptions stay in this file.
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "intake/xarf.h"

namespace hikeshi::intake {
namespace {

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// yaml-cpp recurses per nesting level; a flat report needs little of either kind of nesting,
// so refuse deep flow brackets and deep indentation before yaml-cpp sees the text.
bool TooNested(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  std::size_t indent = 0;
  bool line_start = true;
  for (char c : text) {
    if (c == '\n') {
      line_start = true;
      indent = 0;
      continue;
    }
    if (line_start && (c == ' ' || c == '\t' || c == '-')) {
      if (++indent > max_depth * 4) return true;
      continue;
    }
    line_start = false;
    if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

std::string Scalar(const YAML::Node& node) {
  if (!node || !node.IsScalar()) return {};
  return node.Scalar();
}

}  // namespace

Result<XarfReport> ParseXarfYaml(std::string_view text, const XarfLimits& limits) {
  if (text.size() > limits.max_yaml_bytes) {
    return Fail(ErrorCode::kTooLarge,
                "X-ARF YAML report over " + std::to_string(limits.max_yaml_bytes) + " bytes");
  }
  if (TooNested(text, limits.max_depth)) {
    return Fail(ErrorCode::kInvalid, "X-ARF YAML report nests too deeply");
  }
  XarfReport report;
  report.format = "xarf-legacy-yaml";
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap()) return Fail(ErrorCode::kInvalid, "X-ARF YAML report is not a mapping");
    for (const auto& entry : root) {
      std::string key = Scalar(entry.first);
      std::string lower = ToLower(key);
      std::string value = Scalar(entry.second);
      if (lower == "reported-from") {
        report.reporter.contact = value;
      } else if (lower == "category") {
        report.category = ToLower(value);
      } else if (lower == "report-type") {
        report.type = ToLower(value);
      } else if (lower == "service") {
        report.service = value;
      } else if (lower == "version") {
        report.version = value;
      } else if (lower == "user-agent") {
        report.user_agent = value;
      } else if (lower == "date") {
        report.timestamp_text = value;
        report.timestamp = ParseMailDate(value);
        if (!report.timestamp) report.timestamp = ParseRfc3339(value);
        if (!report.timestamp) report.anomalies.emplace_back("bad-timestamp");
      } else if (lower == "source-type") {
        report.source_type = ToLower(value);
      } else if (lower == "source") {
        report.source_identifier = value;
      } else if (lower == "port") {
        bool digits =
            !value.empty() && value.size() <= 5 &&
            std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits && std::stol(value) <= 65535) {
          report.source_port = std::stol(value);
        } else {
          report.anomalies.emplace_back("bad-port");
        }
      } else if (lower == "report-id") {
        report.report_id = value;
      } else if (!key.empty()) {
        // Never re-emit nested YAML: aliases could expand it exponentially.
        if (!entry.second.IsScalar()) {
          report.anomalies.emplace_back("non-scalar-field");
          continue;
        }
        report.extra.emplace_back(key, value);
      }
    }
  } catch (const YAML::Exception& error) {
    return Fail(ErrorCode::kInvalid, std::string("X-ARF YAML report: ") + error.what());
  }
  if (report.category.empty() && report.type.empty()) {
    return Fail(ErrorCode::kInvalid, "X-ARF YAML report has neither Category nor Report-Type");
  }
  return report;
}

}  // namespace hikeshi::intake
