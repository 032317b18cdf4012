#include "intake/feed.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "core/ascii.h"
#include "core/sha256.h"
#include "core/utf8.h"
#include "intake/csv_row.h"
#include "intake/feed_tags.h"
#include "intake/ip_address.h"

namespace hikeshi::intake {
namespace {

// What a column means. Names are compared lowercased; the first alias found in a row wins.
enum class Column { kTime, kIp, kPort, kAsn, kGeo, kHostname, kUrl, kTag, kId };

struct ColumnAliases {
  Column column;
  std::array<std::string_view, 6> names;
};

constexpr std::array<ColumnAliases, 9> kColumns{{
    {Column::kTime, {"timestamp", "time", "@timestamp", "time.source", "event_time", "date"}},
    {Column::kIp, {"ip", "src_ip", "source_ip", "source.ip", "ip_address", "addr"}},
    {Column::kPort, {"port", "src_port", "source_port", "source.port", "", ""}},
    {Column::kAsn, {"asn", "src_asn", "source.asn", "as", "", ""}},
    {Column::kGeo, {"geo", "country", "country_code", "source.geolocation.cc", "cc", ""}},
    {Column::kHostname, {"hostname", "domain", "fqdn", "source.fqdn", "host", ""}},
    {Column::kUrl, {"url", "http_url", "source.url", "uri", "", ""}},
    {Column::kTag, {"tag", "type", "classification.type", "category", "infection", "report_type"}},
    {Column::kId, {"id", "event_id", "uuid", "report_id", "", ""}},
}};

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// One row as (lowercased name, value) pairs, whatever the format.
using Fields = std::vector<std::pair<std::string, std::string>>;

std::string_view Find(const Fields& fields, Column column) {
  for (const ColumnAliases& aliases : kColumns) {
    if (aliases.column != column) continue;
    for (std::string_view name : aliases.names) {
      if (name.empty()) continue;
      for (const auto& [field, value] : fields) {
        if (field == name && !Trim(value).empty()) return Trim(value);
      }
    }
  }
  return {};
}

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "2026-11-22 10:15:01" (UTC, Shadowserver), ISO 8601 / RFC 3339 with T, zone or none (UTC),
// optional " UTC"; or Unix seconds (10 digits) / milliseconds (13 digits).
std::optional<Timestamp> ParseFeedTime(std::string_view text) {
  if (AllDigits(text) && (text.size() == 10 || text.size() == 13)) {
    int64_t number = 0;
    std::from_chars(text.data(), text.data() + text.size(), number);
    int64_t micros = text.size() == 10 ? number * 1'000'000 : number * 1'000;
    return FromMicros(micros);
  }
  if (text.size() < 19 || text.size() > 40) return std::nullopt;
  std::string iso(text);
  if (iso.ends_with(" UTC")) iso.resize(iso.size() - 4);
  if (iso[10] == ' ') iso[10] = 'T';
  bool has_zone = iso.back() == 'Z' || iso.back() == 'z' ||
                  (iso.size() > 19 && iso.find_first_of("+-", 19) != std::string::npos);
  if (!has_zone) iso += 'Z';
  return ParseRfc3339(iso);
}

// Builds the Report of one row. `raw` is the evidence kept for it.
Result<Report> RowToReport(const Fields& fields, std::string raw, FeedFormat format,
                           const FeedOptions& options) {
  Report report{.channel = "feed",
                .format = format == FeedFormat::kCsv ? "csv" : "jsonl",
                .raw = std::move(raw)};
  report.sha256 = Sha256Hex(report.raw);
  report.received_at = options.received_at;
  report.reporter = options.feed_name;
  report.consent_to_share = options.consent_to_share;
  report.status = ReportStatus::kNew;
  report.language = "en";

  std::string_view ip = Find(fields, Column::kIp);
  std::string_view hostname = Find(fields, Column::kHostname);
  std::string_view url = Find(fields, Column::kUrl);
  if (ip.empty() && hostname.empty() && url.empty()) {
    return Fail(ErrorCode::kInvalid, "no ip, hostname or url: nothing to act on");
  }
  if (!ip.empty()) {
    auto observable = IpObservable(ip.substr(0, 64));
    if (!observable)
      return Fail(ErrorCode::kInvalid, fmt::format("\"{}\" is not an IP address", ip));
    report.observables.push_back(std::move(*observable));
  }
  if (!hostname.empty()) {
    report.observables.push_back({.kind = ObservableKind::kDomain,
                                  .value = AsciiLower(hostname),
                                  .original = std::string(hostname)});
  }
  if (!url.empty()) {
    report.observables.push_back(
        {.kind = ObservableKind::kUrl, .value = std::string(url), .original = std::string(url)});
  }
  if (std::string_view asn = Find(fields, Column::kAsn); !asn.empty()) {
    std::string_view digits = asn;
    if (digits.size() > 2 && (digits[0] == 'A' || digits[0] == 'a')) digits.remove_prefix(2);
    if (AllDigits(digits) && digits.size() <= 10) {
      report.observables.push_back({.kind = ObservableKind::kAsn,
                                    .value = fmt::format("AS{}", digits),
                                    .original = std::string(asn)});
    } else {
      report.anomalies.push_back(fmt::format("asn-invalid: {}", asn.substr(0, 40)));
    }
  }
  if (std::string_view time = Find(fields, Column::kTime); !time.empty()) {
    report.event_time = ParseFeedTime(time);
    if (!report.event_time)
      report.anomalies.push_back(fmt::format("time-invalid: {}", time.substr(0, 40)));
  } else {
    report.anomalies.push_back("time-missing");
  }

  std::string_view tag = Find(fields, Column::kTag);
  FeedTagClass tag_class = ClassifyFeedTag(tag);
  report.category = tag_class.category;
  report.rsit = std::string(tag_class.rsit);
  report.triage_rule = tag_class.keyword.empty()
                           ? fmt::format("feed tag \"{}\" matched no rule", tag)
                           : fmt::format("feed tag \"{}\" matched \"{}\"", tag, tag_class.keyword);

  std::string_view id = Find(fields, Column::kId);
  // Without an id of its own, the same row imported twice still collapses into one report.
  report.reference = id.empty() ? "row:" + report.sha256.substr(0, 32) : std::string(id);
  std::string_view port = Find(fields, Column::kPort);
  report.subject = fmt::format("{}: {} {}{}{}", options.feed_name, tag.empty() ? "report" : tag,
                               !ip.empty() ? ip : (!hostname.empty() ? hostname : url),
                               port.empty() ? "" : " port ", port);
  for (const auto& [name, value] : fields) {
    if (!value.empty()) report.text += fmt::format("{}: {}\n", name, value);
  }
  if (!IsValidUtf8(report.text)) {
    report.anomalies.push_back("text-not-utf8");
    report.text.clear();
  }
  return report;
}

class Parser {
 public:
  Parser(const FeedOptions& options, const std::function<void(Report&&)>& emit)
      : options_(options), emit_(emit) {}

  void Row(const Fields& fields, std::string raw, FeedFormat format, int64_t line) {
    ++summary_.rows;
    auto report = RowToReport(fields, std::move(raw), format, options_);
    if (!report) return Error(line, report.error().message);
    ++summary_.reports;
    emit_(std::move(*report));
  }

  void Error(int64_t line, std::string message) {
    ++summary_.errors;
    if (summary_.first_errors.size() < options_.limits.max_errors) {
      summary_.first_errors.push_back({line, std::move(message)});
    }
  }

  bool Full() const { return summary_.rows >= options_.limits.max_rows; }
  FeedSummary Finish() { return std::move(summary_); }

 private:
  const FeedOptions& options_;
  const std::function<void(Report&&)>& emit_;
  FeedSummary summary_;
};

Result<FeedSummary> ParseCsv(std::string_view bytes, const FeedOptions& options,
                             const std::function<void(Report&&)>& emit) {
  const FeedLimits& limits = options.limits;
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);  // a BOM from spreadsheets
  size_t header_end = CsvRecordEnd(bytes, 0);
  std::string_view header_line = bytes.substr(0, header_end);
  if (header_line.size() > limits.max_row_bytes)
    return Fail(ErrorCode::kInvalid, "the header row is too long");
  while (!header_line.empty() && (header_line.back() == '\n' || header_line.back() == '\r')) {
    header_line.remove_suffix(1);
  }
  auto header = SplitCsvRecord(header_line, limits.max_columns);
  if (!header) return Fail(ErrorCode::kInvalid, "header row: " + header.error().message);
  std::vector<std::string> names;
  for (const std::string& name : *header) names.push_back(AsciiLower(Trim(name)));
  Fields probe;
  for (const std::string& name : names) probe.emplace_back(name, "x");
  if (Find(probe, Column::kIp).empty() && Find(probe, Column::kHostname).empty() &&
      Find(probe, Column::kUrl).empty()) {
    return Fail(ErrorCode::kInvalid,
                "the header names no ip, hostname or url column (doc/feeds.md lists the names)");
  }

  Parser parser(options, emit);
  int64_t line = 2;
  for (size_t offset = header_end; offset < bytes.size() && !parser.Full();) {
    size_t end = CsvRecordEnd(bytes, offset);
    std::string_view record = bytes.substr(offset, end - offset);
    int64_t record_line = line;
    line += std::count(record.begin(), record.end(), '\n');
    offset = end;
    while (!record.empty() && (record.back() == '\n' || record.back() == '\r'))
      record.remove_suffix(1);
    if (record.empty()) continue;
    if (record.size() > limits.max_row_bytes) {
      parser.Error(record_line, fmt::format("row longer than {} bytes", limits.max_row_bytes));
      continue;
    }
    auto cells = SplitCsvRecord(record, limits.max_columns);
    if (!cells) {
      parser.Error(record_line, cells.error().message);
      continue;
    }
    if (cells->size() != names.size()) {
      parser.Error(record_line,
                   fmt::format("{} fields where the header has {}", cells->size(), names.size()));
      continue;
    }
    Fields fields;
    for (size_t i = 0; i < names.size(); ++i) fields.emplace_back(names[i], std::move((*cells)[i]));
    parser.Row(fields, fmt::format("{}\n{}\n", header_line, record), FeedFormat::kCsv, record_line);
  }
  if (parser.Full()) parser.Error(line, fmt::format("stopped after {} rows", limits.max_rows));
  return parser.Finish();
}

// Flattens a JSON object's scalar members into fields, nested objects as dotted names.
void Flatten(simdjson::dom::object object, const std::string& prefix, Fields& fields, int depth) {
  for (auto [key, value] : object) {
    std::string name = prefix + AsciiLower(key);
    switch (value.type()) {
      case simdjson::dom::element_type::OBJECT:
        if (depth < 4) Flatten(value.get_object().value_unsafe(), name + ".", fields, depth + 1);
        break;
      case simdjson::dom::element_type::STRING:
        fields.emplace_back(name, std::string(value.get_string().value_unsafe()));
        break;
      case simdjson::dom::element_type::ARRAY:
        break;  // lists carry no column of the mapping
      case simdjson::dom::element_type::NULL_VALUE:
        break;
      default:
        fields.emplace_back(name, simdjson::minify(value));
    }
  }
}

Result<FeedSummary> ParseJsonLines(std::string_view bytes, const FeedOptions& options,
                                   const std::function<void(Report&&)>& emit) {
  Parser parser(options, emit);
  simdjson::dom::parser json;
  int64_t line = 0;
  for (size_t offset = 0; offset < bytes.size() && !parser.Full();) {
    size_t end = bytes.find('\n', offset);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view record = Trim(bytes.substr(offset, end - offset));
    offset = end + 1;
    ++line;
    if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
    if (record.empty()) continue;
    if (record.size() > options.limits.max_row_bytes) {
      parser.Error(line, fmt::format("row longer than {} bytes", options.limits.max_row_bytes));
      continue;
    }
    simdjson::dom::element document;
    if (auto error = json.parse(record.data(), record.size()).get(document)) {
      parser.Error(line, fmt::format("not JSON: {}", simdjson::error_message(error)));
      continue;
    }
    simdjson::dom::object object;
    if (document.get_object().get(object)) {
      parser.Error(line, "not a JSON object");
      continue;
    }
    Fields fields;
    Flatten(object, "", fields, 0);
    if (fields.size() > options.limits.max_columns) {
      parser.Error(line, fmt::format("more than {} fields", options.limits.max_columns));
      continue;
    }
    parser.Row(fields, std::string(record) + "\n", FeedFormat::kJsonLines, line);
  }
  if (parser.Full())
    parser.Error(line, fmt::format("stopped after {} rows", options.limits.max_rows));
  return parser.Finish();
}

}  // namespace

std::optional<FeedFormat> ParseFeedFormat(std::string_view name) {
  if (name == "csv") return FeedFormat::kCsv;
  if (name == "jsonl" || name == "ndjson") return FeedFormat::kJsonLines;
  return std::nullopt;
}

Result<FeedSummary> ParseFeed(std::string_view bytes, FeedFormat format, const FeedOptions& options,
                              const std::function<void(Report&&)>& emit) {
  if (format == FeedFormat::kCsv) return ParseCsv(bytes, options, emit);
  return ParseJsonLines(bytes, options, emit);
}

}  // namespace hikeshi::intake
