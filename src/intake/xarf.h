// X-ARF: the v4 JSON report (posted alone, attached to a mail, or inline in a text part) and
// the older mail format (v0.1/v0.2: "X-XARF: PLAIN" multipart whose second part is a YAML
// report). Both become one XarfReport. Pure functions over bytes with size and depth limits.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "intake/mail.h"

namespace hikeshi::intake {

struct XarfLimits {
  std::size_t max_bytes = 16u << 20;       // one JSON document
  std::size_t max_depth = 32;              // nesting of JSON arrays/objects
  std::size_t max_evidence = 100;          // evidence items kept; more → "limit-evidence"
  std::size_t max_yaml_bytes = 64u << 10;  // the legacy YAML report part
};

struct XarfParty {
  std::string org;
  std::string contact;
  std::string domain;
};

struct XarfEvidence {
  std::string content_type;
  std::string description;
  std::string data;                  // base64 payload decoded
  std::string sha256;                // of `data`, lowercase hex
  std::string declared_hash;         // the report's "hash" as written, e.g. "sha256:…"
  std::optional<bool> hash_matches;  // when the declared hash is a SHA-256; nullopt otherwise
};

struct XarfReport {
  std::string format;   // "xarf-v4-json" or "xarf-legacy-yaml"
  std::string version;  // xarf_version, or Version of the legacy report
  std::string report_id;
  std::string timestamp_text;
  std::optional<Timestamp> timestamp;
  XarfParty reporter;
  XarfParty sender;
  std::string category;           // v4 "category" (legacy "Category"), lowercase
  std::string type;               // v4 "type" (legacy "Report-Type"), lowercase
  std::string source_identifier;  // an IP, host name or URL (legacy "Source")
  std::string source_type;        // legacy "Source-Type" (ipv4, ipv6, uri, …)
  std::optional<long> source_port;
  std::string service;
  std::string user_agent;
  std::vector<XarfEvidence> evidence;
  std::vector<std::string> tags;
  std::optional<double> confidence;  // "confidence" or "confidence_score"
  // Fields about passing the report on (consent, disclosure, sharing, TLP), as compact JSON.
  std::vector<std::pair<std::string, std::string>> consent_fields;
  // Every other top-level field (url, destination_ip, …) as compact JSON, in document order.
  std::vector<std::pair<std::string, std::string>> extra;
  std::vector<std::string> anomalies;
};

// One X-ARF v4 JSON document. kTooLarge over limits.max_bytes; kInvalid when it is not JSON,
// too deep, not an object or lacks both category and type.
[[nodiscard]] Result<XarfReport> ParseXarfJson(std::string_view json,
                                               const XarfLimits& limits = {});

// The YAML report part of the legacy mail format. kInvalid when it is not a YAML mapping.
[[nodiscard]] Result<XarfReport> ParseXarfYaml(std::string_view yaml,
                                               const XarfLimits& limits = {});

// Looks for an X-ARF report in a parsed mail: a JSON attachment or an inline JSON text with
// "xarf_version", else a legacy YAML report part. kNotFound when there is none.
[[nodiscard]] Result<XarfReport> FindXarfInMail(const ParsedMail& mail,
                                                const XarfLimits& limits = {});

}  // namespace hikeshi::intake
