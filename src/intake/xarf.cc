#include "intake/xarf.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/sha256.h"
#include "core/utf8.h"
#include "intake/xarf_json_document.h"

namespace hikeshi::intake {
namespace {

using Json = nlohmann::ordered_json;

void AddAnomaly(std::vector<std::string>& anomalies, std::string_view name) {
  if (std::find(anomalies.begin(), anomalies.end(), name) == anomalies.end()) {
    anomalies.emplace_back(name);
  }
}

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// Nesting depth of a JSON text, ignoring brackets inside strings. Checked before any parser sees
// the input so hostile nesting costs one linear scan and nothing else. Strings (most of a
// report: the evidence payloads) are skipped with memchr to their closing quote, the first one
// after an even run of backslashes; an unterminated string ends the count.
std::size_t JsonDepth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  for (std::size_t at = 0; at < text.size(); ++at) {
    char c = text[at];
    if (c == '"') {
      std::size_t open = at;
      while (true) {
        const void* quote = std::memchr(text.data() + at + 1, '"', text.size() - at - 1);
        if (quote == nullptr) return deepest;
        at = static_cast<std::size_t>(static_cast<const char*>(quote) - text.data());
        std::size_t backslashes = 0;
        while (at - backslashes - 1 > open && text[at - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) break;
      }
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// Strict base64 (whitespace allowed): nullopt on junk or a bad length.
std::optional<std::string> DecodeBase64(std::string_view text) {
  static constexpr std::array<signed char, 256> kTable = [] {
    std::array<signed char, 256> table{};
    table.fill(-1);
    constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
      table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
    }
    table['-'] = 62;  // base64url, seen in the wild
    table['_'] = 63;
    return table;
  }();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t written = 0;
  unsigned int buffer = 0;
  int bits = 0;
  std::size_t symbols = 0;
  std::size_t padding = 0;
  const auto* input = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t at = 0; at < text.size();) {
    // Whole quads of symbols (most of a payload) in one step; bits == 0 between quads.
    if (bits == 0 && padding == 0 && at + 4 <= text.size()) {
      signed char a = kTable[input[at]], b = kTable[input[at + 1]];
      signed char c = kTable[input[at + 2]], d = kTable[input[at + 3]];
      if ((a | b | c | d) >= 0) {
        unsigned int quad = (static_cast<unsigned int>(a) << 18) |
                            (static_cast<unsigned int>(b) << 12) |
                            (static_cast<unsigned int>(c) << 6) | static_cast<unsigned int>(d);
        out[written++] = static_cast<char>(quad >> 16);
        out[written++] = static_cast<char>(quad >> 8);
        out[written++] = static_cast<char>(quad);
        symbols += 4;
        at += 4;
        continue;
      }
    }
    char c = text[at++];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    signed char value = kTable[static_cast<unsigned char>(c)];
    if (value < 0 || padding > 0) return std::nullopt;
    ++symbols;
    buffer = (buffer << 6) | static_cast<unsigned int>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[written++] = static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  out.resize(written);
  if (padding > 2 || symbols % 4 == 1) return std::nullopt;
  return out;
}

std::string AsText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return {};
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string Field(const Json& object, const char* key) {
  auto found = object.find(key);
  return found == object.end() ? std::string() : AsText(*found);
}

XarfParty ReadParty(const Json& object, const char* key, std::vector<std::string>& anomalies) {
  XarfParty party;
  auto found = object.find(key);
  if (found == object.end()) return party;
  if (found->is_string()) {  // some writers give just an address
    party.contact = found->get<std::string>();
    return party;
  }
  if (!found->is_object()) {
    AddAnomaly(anomalies, "bad-field-type");
    return party;
  }
  party.org = Field(*found, "org");
  party.contact = Field(*found, "contact");
  party.domain = Field(*found, "domain");
  return party;
}

void ReadEvidence(const Json& items, const XarfLimits& limits, XarfReport& report) {
  if (!items.is_array()) {
    AddAnomaly(report.anomalies, "bad-field-type");
    return;
  }
  for (const Json& item : items) {
    if (report.evidence.size() >= limits.max_evidence) {
      AddAnomaly(report.anomalies, "limit-evidence");
      break;
    }
    if (!item.is_object()) {
      AddAnomaly(report.anomalies, "bad-evidence");
      continue;
    }
    XarfEvidence evidence;
    evidence.content_type = ToLower(Field(item, "content_type"));
    evidence.description = Field(item, "description");
    evidence.declared_hash = Field(item, "hash");
    std::string payload = Field(item, "payload");
    if (std::optional<std::string> decoded = DecodeBase64(payload)) {
      evidence.data = std::move(*decoded);
    } else {
      AddAnomaly(report.anomalies, "bad-base64");
      evidence.data = std::move(payload);  // keep what was sent
    }
    evidence.sha256 = Sha256Hex(evidence.data);
    std::string declared = ToLower(evidence.declared_hash);
    if (declared.starts_with("sha256:")) declared.erase(0, 7);
    if (declared.size() == 64) {
      evidence.hash_matches = declared == evidence.sha256;
      if (!*evidence.hash_matches) AddAnomaly(report.anomalies, "evidence-hash-mismatch");
    }
    report.evidence.push_back(std::move(evidence));
  }
}

bool IsConsentKey(std::string_view key) {
  std::string lower = ToLower(key);
  for (std::string_view marker :
       {"consent", "disclos", "share", "sharing", "third_party", "tlp", "permission", "publish"}) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  return false;
}

std::optional<long> ReadPort(const Json& value, std::vector<std::string>& anomalies) {
  if (value.is_number_integer()) {
    long port = value.get<long>();
    if (port >= 0 && port <= 65535) return port;
  } else if (value.is_string()) {
    std::string text = value.get<std::string>();
    if (!text.empty() && text.size() <= 5 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      long port = std::stol(text);
      if (port <= 65535) return port;
    }
  }
  AddAnomaly(anomalies, "bad-port");
  return std::nullopt;
}

}  // namespace

Result<XarfReport> ParseXarfJson(std::string_view text, const XarfLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Fail(ErrorCode::kTooLarge, "X-ARF document of " + std::to_string(text.size()) +
                                          " bytes is over the limit of " +
                                          std::to_string(limits.max_bytes));
  }
  if (JsonDepth(text) > limits.max_depth) {
    return Fail(ErrorCode::kInvalid,
                "X-ARF document nests deeper than " + std::to_string(limits.max_depth));
  }
  std::optional<Json> parsed = ParseJsonDocument(text);
  if (!parsed) return Fail(ErrorCode::kInvalid, "X-ARF document is not JSON");
  const Json& document = *parsed;
  if (!document.is_object()) return Fail(ErrorCode::kInvalid, "X-ARF document is not an object");

  XarfReport report;
  report.format = "xarf-v4-json";
  report.version = Field(document, "xarf_version");
  if (report.version.empty()) AddAnomaly(report.anomalies, "missing-version");
  report.report_id = Field(document, "report_id");
  auto timestamp = document.find("timestamp");
  if (timestamp != document.end()) {
    report.timestamp_text = AsText(*timestamp);
    constexpr long kYear9999 = 253402300799;  // keeps the microsecond conversion in range
    if (timestamp->is_number_integer()) {
      long seconds = timestamp->get<long>();
      if (seconds >= 0 && seconds <= kYear9999) {
        report.timestamp = Timestamp{std::chrono::seconds{seconds}};
      }
    } else {
      report.timestamp = ParseRfc3339(report.timestamp_text);
    }
    if (!report.timestamp) AddAnomaly(report.anomalies, "bad-timestamp");
  }
  report.reporter = ReadParty(document, "reporter", report.anomalies);
  report.sender = ReadParty(document, "sender", report.anomalies);
  // "class" is how some early v4 drafts named the category.
  report.category = ToLower(Field(document, document.contains("category") ? "category" : "class"));
  report.type = ToLower(Field(document, "type"));
  if (report.category.empty() && report.type.empty()) {
    return Fail(ErrorCode::kInvalid, "X-ARF document has neither category nor type");
  }
  report.source_identifier = Field(document, "source_identifier");
  report.service = Field(document, "service");
  report.user_agent = Field(document, "user_agent");
  static constexpr std::array<std::string_view, 15> kKnown{
      "xarf_version", "report_id", "timestamp",  "reporter",          "sender",
      "category",     "class",     "type",       "source_identifier", "source_port",
      "evidence",     "tags",      "confidence", "confidence_score",  "service"};
  for (const auto& [key, value] : document.items()) {
    if (key == "source_port") {
      report.source_port = ReadPort(value, report.anomalies);
    } else if (key == "evidence") {
      ReadEvidence(value, limits, report);
    } else if (key == "tags") {
      if (!value.is_array()) {
        AddAnomaly(report.anomalies, "bad-field-type");
        continue;
      }
      for (const Json& tag : value) report.tags.push_back(AsText(tag));
    } else if (key == "confidence" || key == "confidence_score") {
      if (value.is_number()) {
        report.confidence = value.get<double>();
      } else {
        AddAnomaly(report.anomalies, "bad-field-type");
      }
    } else if (std::find(kKnown.begin(), kKnown.end(), key) != kKnown.end()) {
      continue;
    } else if (IsConsentKey(key)) {
      report.consent_fields.emplace_back(
          key, value.dump(-1, ' ', false, Json::error_handler_t::replace));
    } else {
      report.extra.emplace_back(key, value.dump(-1, ' ', false, Json::error_handler_t::replace));
    }
  }
  return report;
}

Result<XarfReport> FindXarfInMail(const ParsedMail& mail, const XarfLimits& limits) {
  auto looks_like_xarf = [](std::string_view text) {
    std::size_t start = text.find_first_not_of(" \t\r\n");
    return start != std::string_view::npos && text[start] == '{' &&
           text.find("\"xarf_version\"") != std::string_view::npos;
  };
  for (const Attachment& attachment : mail.attachments) {
    bool json_type =
        attachment.content_type == "application/json" || attachment.filename.ends_with(".json");
    if (json_type || looks_like_xarf(attachment.data)) {
      if (auto report = ParseXarfJson(attachment.data, limits)) return report;
    }
  }
  for (const TextPart& text : mail.texts) {
    if (looks_like_xarf(text.text)) {
      if (auto report = ParseXarfJson(text.text, limits)) return report;
    }
  }
  // The legacy format: a text part (often named report.txt) of "Key: value" YAML lines.
  auto looks_like_legacy = [](std::string_view text) {
    return text.find("Report-Type:") != std::string_view::npos &&
           (text.find("Reported-From:") != std::string_view::npos ||
            text.find("Source:") != std::string_view::npos);
  };
  for (const TextPart& text : mail.texts) {
    if (looks_like_legacy(text.text)) {
      if (auto report = ParseXarfYaml(text.text, limits)) return report;
    }
  }
  for (const Attachment& attachment : mail.attachments) {
    if (attachment.content_type.starts_with("text/") && looks_like_legacy(attachment.data) &&
        IsValidUtf8(attachment.data)) {
      if (auto report = ParseXarfYaml(attachment.data, limits)) return report;
    }
  }
  return Fail(ErrorCode::kNotFound, "no X-ARF report in the mail");
}

}  // namespace hikeshi::intake
