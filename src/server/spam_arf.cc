#include "server/spam_arf.h"

#include <algorithm>

#include "coord/spam_original.h"
#include "core/ascii.h"
#include "intake/ip_address.h"

#ifndef HIKESHI_VERSION
#define HIKESHI_VERSION "unknown"
#endif

namespace hikeshi::server {
namespace {

bool IsIp(const std::string& text) {
  return intake::ParseIpv4(text).has_value() || intake::ParseIpv6(text).has_value();
}

bool ContainsIgnoringCase(std::string_view text, std::string_view needle) {
  if (needle.empty() || needle.size() > text.size()) return false;
  for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
    if (EqualsIgnoringAsciiCase(text.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

std::string StripAngles(std::string value) {
  if (value.size() >= 2 && value.front() == '<' && value.back() == '>') {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

// Without consent, a value that names the reporter stays home: its mail domain (the spam's
// recipient domain is often the reporter's organisation) and URIs carrying its address
// (personalised unsubscribe and tracking links).
bool NamesReporter(const Report& report, std::string_view value) {
  if (report.consent_to_share || report.reporter.empty()) return false;
  std::string_view reporter = report.reporter;
  size_t at = reporter.find('@');
  if (ContainsIgnoringCase(value, reporter)) return true;
  if (at == std::string_view::npos) return false;
  std::string encoded =
      std::string(reporter.substr(0, at)) + "%40" + std::string(reporter.substr(at + 1));
  std::string_view domain = reporter.substr(at + 1);
  return ContainsIgnoringCase(value, encoded) || EqualsIgnoringAsciiCase(value, domain);
}

void AddOnce(std::vector<std::string>& values, const std::string& value) {
  if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

}  // namespace

bool CarriesMail(const Report& report) {
  return (report.format == "mail" || report.format == "arf") && !report.raw.empty();
}

bool IsSpamReport(const Report& report) {
  return report.rsit == "abusive-content:spam" ||
         report.not_incident_reason == NotIncidentReason::kSpam;
}

coord::ArfAttachment BuildSpamArf(const Report& report, const coord::NoticeItem& item) {
  std::string message = coord::FindSpamMessage(report.raw);
  coord::SpamFeedback feedback{
      .user_agent = "Hikeshi/" HIKESHI_VERSION,
      .arrival_date = coord::TopReceivedDate(message).value_or(report.received_at),
      .report_id = report.id};
  if (IsIp(item.address)) feedback.source_ip = item.address;
  feedback.original_mail_from = StripAngles(coord::HeaderValue(message, "Return-Path"));
  if (report.consent_to_share) {
    for (std::string_view name : {"Delivered-To", "X-Original-To"}) {
      if (std::string to = coord::HeaderValue(message, name); !to.empty()) {
        feedback.original_rcpt_to = StripAngles(to);
        break;
      }
    }
  }
  bool is_uri = item.address.find("://") != std::string::npos;
  if (!IsIp(item.address) && !NamesReporter(report, item.address)) {
    AddOnce(is_uri ? feedback.reported_uris : feedback.reported_domains, item.address);
  }
  for (const Observable& observable : report.observables) {
    if ((observable.flags & kNoOutsideOwnerFlags) != 0 || NamesReporter(report, observable.value))
      continue;
    if (observable.kind == ObservableKind::kDomain)
      AddOnce(feedback.reported_domains, observable.value);
    if (observable.kind == ObservableKind::kUrl) AddOnce(feedback.reported_uris, observable.value);
  }
  return {.feedback_report = coord::FeedbackReportFields(feedback),
          .original = coord::PrepareSpamOriginal(message, report.reporter, report.consent_to_share),
          .report_id = report.id};
}

Result<std::optional<coord::ArfAttachment>> SpamArfFor(
    Store& store, const std::string& kind, Category category,
    const std::vector<coord::NoticeItem>& items) {
  if (kind != "abuse" || category != Category::kOther) return std::nullopt;
  size_t checked = 0;
  for (const coord::NoticeItem& item : items) {
    std::vector<coord::NoticeEvidence> ordered = item.evidence;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return a.received_at < b.received_at; });
    for (const coord::NoticeEvidence& evidence : ordered) {
      if (checked++ >= kMaxSpamReportsChecked) return std::nullopt;
      auto report = store.GetReport(evidence.report_id);
      if (!report && report.error().code == ErrorCode::kNotFound) continue;
      if (!report) return std::unexpected(report.error());
      if (IsSpamReport(*report) && CarriesMail(*report)) return BuildSpamArf(*report, item);
    }
  }
  return std::nullopt;
}

}  // namespace hikeshi::server
