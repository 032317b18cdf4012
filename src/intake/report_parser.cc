#include "intake/report_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "core/ascii.h"
#include "intake/arf.h"
#include "intake/indicator_extractor.h"
#include "intake/ip_address.h"
#include "intake/received.h"
#include "intake/report_classification.h"
#include "intake/xarf.h"

namespace hikeshi::intake {
namespace {

// "Taro Yamada <taro@example.jp>" → {"taro@example.jp", "Taro Yamada"}; a bare address as is.
std::pair<std::string, std::string> SplitAddress(std::string_view from) {
  size_t open = from.rfind('<');
  size_t close = from.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    std::string_view name = from.substr(0, open);
    while (!name.empty() && (name.back() == ' ' || name.back() == '"')) name.remove_suffix(1);
    while (!name.empty() && (name.front() == ' ' || name.front() == '"')) name.remove_prefix(1);
    return {AsciiLower(std::string(from.substr(open + 1, close - open - 1))), std::string(name)};
  }
  while (!from.empty() && from.front() == ' ') from.remove_prefix(1);
  while (!from.empty() && from.back() == ' ') from.remove_suffix(1);
  return {AsciiLower(std::string(from)), ""};
}

bool HasReceivedChain(const ParsedMail& mail) { return !mail.Headers("Received").empty(); }

// The human-readable text of a message: its text parts, plain before HTML.
std::string TextOf(const ParsedMail& mail) {
  std::string text;
  for (bool html : {false, true}) {
    for (const TextPart& part : mail.texts) {
      if ((part.content_type == "text/html") != html) continue;
      if (!text.empty()) text += "\n\n";
      text += part.text;
    }
  }
  return text;
}

// Adds `observable` unless one of the same kind and value is there already.
void AddObservable(Report& report, Observable observable) {
  for (const Observable& known : report.observables) {
    if (known.kind == observable.kind && known.value == observable.value) return;
  }
  if (report.observables.size() < kMaxObservablesPerReport) {
    report.observables.push_back(std::move(observable));
  }
}

// Indicators and times found in `text`, added to the report.
void ExtractFrom(Report& report, std::string_view text, Timestamp reference_time) {
  ExtractionOptions options;
  auto days = std::chrono::floor<std::chrono::days>(reference_time);
  options.syslog_year = static_cast<int>(std::chrono::year_month_day(days).year());
  ExtractionResult found = ExtractIndicators(text, options);
  for (const ExtractedIndicator& indicator : found.indicators) {
    AddObservable(report, indicator.observable);
  }
  for (ExtractionAnomaly anomaly : found.anomalies) {
    report.anomalies.push_back(fmt::format("extract-{}", ToString(anomaly)));
  }
  if (!report.event_time) {
    // The first time stated that is not after the report itself: when it happened.
    for (const ExtractedTimestamp& stamp : found.timestamps) {
      if (stamp.time <= reference_time + std::chrono::hours(24)) {
        report.event_time = stamp.time;
        break;
      }
    }
  }
}

void Classify(Report& report, const Classification& classification, std::string rule) {
  report.category = classification.category;
  report.rsit = std::string(classification.rsit);
  report.triage_rule = std::move(rule);
  if (classification.plain_spam) report.rsit = "abusive-content:spam";
}

// Reads an X-ARF report into `report` (format, class, times, source, consent).
void ApplyXarf(const XarfReport& xarf, ParsedReport& parsed, std::string& extraction_text) {
  Report& report = parsed.report;
  report.format = "xarf";
  Classify(report, ClassifyXarf(xarf.category, xarf.type),
           fmt::format("X-ARF {}/{} ({})", xarf.category, xarf.type,
                       ClassifyXarf(xarf.category, xarf.type).rule));
  if (xarf.timestamp) report.event_time = xarf.timestamp;
  if (report.reference.empty()) report.reference = xarf.report_id;
  if (!xarf.source_identifier.empty()) {
    if (auto ip = IpObservable(xarf.source_identifier)) {
      AddObservable(report, std::move(*ip));
    } else {
      extraction_text += "\n" + xarf.source_identifier;
    }
  }
  for (const auto& [key, value] : xarf.consent_fields) {
    parsed.facts.consent_stated = true;
    if (value == "true" || value == "\"yes\"" || value == "\"allowed\"") {
      report.consent_to_share = true;
    }
  }
  for (const XarfEvidence& evidence : xarf.evidence) {
    if (evidence.content_type.starts_with("text/")) extraction_text += "\n" + evidence.data;
  }
  for (const std::string& anomaly : xarf.anomalies) report.anomalies.push_back("xarf-" + anomaly);
}

}  // namespace

Result<ParsedReport> ParseMailReport(std::string_view raw, const ReportParseOptions& options) {
  auto mail = ParseMail(raw, options.mail_limits);
  if (!mail) return std::unexpected(mail.error());
  ParsedReport parsed;
  Report& report = parsed.report;
  report.format = "mail";
  report.subject = mail->subject;
  std::tie(report.reporter, report.reporter_name) = SplitAddress(mail->from);
  report.message_id = mail->message_id;
  report.anomalies = mail->anomalies;
  std::string text = TextOf(*mail);
  Timestamp reference_time = mail->date.value_or(options.received_at);
  // Extraction reads the subject, the text and the forwarded evidence; the stored text is the
  // report's own words plus the forwarded text, bounded.
  std::string extraction_text = report.subject + "\n" + text;

  ArfReport arf = ParseArf(*mail);
  const ParsedMail* reported = arf.original ? &*arf.original : nullptr;
  if (arf.found) {
    report.format = "arf";
    Classification classification = ClassifyArf(arf.feedback_type);
    Classify(report, classification,
             fmt::format("ARF Feedback-Type {} ({})", arf.feedback_type, classification.rule));
    report.event_time = arf.arrival_date;
    if (auto ip = IpObservable(arf.source_ip)) AddObservable(report, std::move(*ip));
    for (const std::string& uri : arf.reported_uri) extraction_text += "\n" + uri;
    for (const std::string& domain : arf.reported_domain) extraction_text += "\n" + domain;
    for (const std::string& anomaly : arf.anomalies) report.anomalies.push_back("arf-" + anomaly);
  } else if (auto xarf = FindXarfInMail(*mail); xarf) {
    ApplyXarf(*xarf, parsed, extraction_text);
  }
  if (!reported && !mail->messages.empty()) reported = &mail->messages.front();
  if (reported) {
    // The forwarded message is the evidence: its headers show where it came from.
    parsed.facts.full_headers = HasReceivedChain(*reported);
    SourceOptions source_options{.trusted_hosts = options.trusted_relays};
    if (auto source = PickAccusedSource(ParseReceivedChain(*reported), source_options)) {
      if (auto ip = IpObservable(source->ip)) AddObservable(report, std::move(*ip));
    }
    std::string forwarded = TextOf(*reported);
    extraction_text += "\n" + reported->subject + "\n" + forwarded;
    text += fmt::format("\n\n--- forwarded message: {}\n{}", reported->subject, forwarded);
  }
  ExtractFrom(report, extraction_text, reference_time);
  if (text.size() > options.max_text_bytes) {
    text.resize(options.max_text_bytes);
    // Cut at a character boundary.
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) {
      text.pop_back();
    }
    if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.pop_back();
    report.anomalies.push_back("text-truncated");
  }
  report.text = std::move(text);
  return parsed;
}

Result<ParsedReport> ParseXarfReport(std::string_view json, const ReportParseOptions& options) {
  auto xarf = ParseXarfJson(json);
  if (!xarf) return std::unexpected(xarf.error());
  ParsedReport parsed;
  Report& report = parsed.report;
  report.reporter =
      AsciiLower(!xarf->reporter.contact.empty() ? xarf->reporter.contact : xarf->reporter.domain);
  report.reporter_name = xarf->reporter.org;
  report.subject =
      fmt::format("X-ARF {}/{}: {}", xarf->category, xarf->type, xarf->source_identifier);
  std::string extraction_text;
  ApplyXarf(*xarf, parsed, extraction_text);
  report.text = report.subject;
  for (const auto& [key, value] : xarf->extra) report.text += fmt::format("\n{}: {}", key, value);
  for (const XarfEvidence& evidence : xarf->evidence) {
    report.text += fmt::format("\nevidence: {} ({}, SHA-256 {})", evidence.description,
                               evidence.content_type, evidence.sha256);
  }
  ExtractFrom(report, extraction_text, report.event_time.value_or(options.received_at));
  return parsed;
}

std::string NormalizeLookup(std::string_view value) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) {
    value.remove_prefix(1);
  }
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
    value.remove_suffix(1);
  }
  ExtractionResult found = ExtractIndicators(value);
  // One indicator spelled by the whole input (a URL's host is reported too: take the longest).
  const ExtractedIndicator* whole = nullptr;
  for (const ExtractedIndicator& indicator : found.indicators) {
    if (indicator.observable.original.size() == value.size()) whole = &indicator;
  }
  return whole ? whole->observable.value : std::string(value);
}

void ExtractIndicatorsInto(Report& report, Timestamp reference_time) {
  ExtractFrom(report, report.subject + "\n" + report.text, reference_time);
}

bool LooksLikeXarfJson(std::string_view json) {
  return json.find("\"xarf_version\"") != std::string_view::npos;
}

}  // namespace hikeshi::intake
