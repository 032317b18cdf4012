#include "intake/arf.h"

#include <algorithm>
#include <charconv>

namespace hikeshi::intake {
namespace {

constexpr std::size_t kMaxFields = 1000;

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = Lower(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return Lower(x) == Lower(y); });
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

void AddAnomaly(std::vector<std::string>& anomalies, std::string_view name) {
  if (std::find(anomalies.begin(), anomalies.end(), name) == anomalies.end()) {
    anomalies.emplace_back(name);
  }
}

// "<a@b>" → "a@b": ARF allows both spellings of an address field.
std::string StripAngles(std::string_view value) {
  value = Trim(value);
  if (value.size() >= 2 && value.front() == '<' && value.back() == '>') {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

void Assign(ArfReport& report, std::string_view name, std::string_view value) {
  auto is = [name](std::string_view expected) { return EqualsIgnoreCase(name, expected); };
  if (is("Feedback-Type")) {
    report.feedback_type = ToLower(value);
  } else if (is("User-Agent")) {
    report.user_agent = std::string(value);
  } else if (is("Version")) {
    report.version = std::string(value);
  } else if (is("Original-Envelope-Id")) {
    report.original_envelope_id = std::string(value);
  } else if (is("Original-Mail-From")) {
    report.original_mail_from = StripAngles(value);
  } else if (is("Original-Rcpt-To")) {
    report.original_rcpt_to.push_back(StripAngles(value));
  } else if (is("Arrival-Date") || is("Received-Date")) {
    if (is("Received-Date")) AddAnomaly(report.anomalies, "received-date-field");
    if (report.arrival_date_text.empty()) {
      report.arrival_date_text = std::string(value);
      report.arrival_date = ParseMailDate(value);
      if (!report.arrival_date) AddAnomaly(report.anomalies, "bad-arrival-date");
    }
  } else if (is("Reporting-MTA")) {
    report.reporting_mta = std::string(value);
  } else if (is("Source-IP")) {
    // Some generators bracket the address.
    std::string_view ip = value;
    if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
    report.source_ip = std::string(ip);
  } else if (is("Incidents")) {
    long count = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), count);
    if (error == std::errc() && end == value.data() + value.size()) {
      report.incidents = count;
    } else {
      AddAnomaly(report.anomalies, "bad-incidents");
    }
  } else if (is("Authentication-Results")) {
    if (!value.empty()) report.authentication_results.emplace_back(value);
  } else if (is("Reported-Domain")) {
    report.reported_domain.emplace_back(value);
  } else if (is("Reported-URI")) {
    report.reported_uri.emplace_back(value);
  } else if (is("Removal-Recipient")) {
    report.removal_recipient.push_back(StripAngles(value));
  } else if (is("Auth-Failure")) {
    report.auth_failure = ToLower(value);
  } else if (is("Delivery-Result")) {
    report.delivery_result = ToLower(value);
  }
}

// Depth-first: the first message (this one or a nested one) with a feedback-report part.
const ParsedMail* FindReportCarrier(const ParsedMail& mail, const TextPart** part) {
  for (const TextPart& text : mail.texts) {
    if (text.content_type == "message/feedback-report") {
      *part = &text;
      return &mail;
    }
  }
  for (const ParsedMail& nested : mail.messages) {
    if (const ParsedMail* found = FindReportCarrier(nested, part)) return found;
  }
  return nullptr;
}

}  // namespace

void ParseFeedbackFields(std::string_view body, ArfReport& report) {
  std::string name;
  std::string value;
  auto flush = [&] {
    if (name.empty()) return;
    if (report.fields.size() >= kMaxFields) {
      AddAnomaly(report.anomalies, "limit-fields");
    } else {
      std::string_view trimmed = Trim(value);
      Assign(report, name, trimmed);
      report.fields.emplace_back(std::move(name), std::string(trimmed));
    }
    name.clear();
    value.clear();
  };
  std::size_t at = 0;
  while (at < body.size()) {
    std::size_t end = body.find('\n', at);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(at, end - at);
    at = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;  // blank lines separate nothing here (RFC 5965 has one block)
    if (line.front() == ' ' || line.front() == '\t') {
      if (name.empty()) {
        AddAnomaly(report.anomalies, "bad-feedback-field");
      } else {
        value.push_back(' ');
        value.append(Trim(line));
      }
      continue;
    }
    flush();
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      AddAnomaly(report.anomalies, "bad-feedback-field");
      continue;
    }
    name = std::string(Trim(line.substr(0, colon)));
    value = std::string(line.substr(colon + 1));
  }
  flush();
}

ArfReport ParseArf(const ParsedMail& mail) {
  ArfReport report;
  const TextPart* feedback = nullptr;
  const ParsedMail* carrier = FindReportCarrier(mail, &feedback);
  if (carrier == nullptr) {
    AddAnomaly(report.anomalies, "no-feedback-report");
    carrier = &mail;
  } else {
    report.found = true;
    if (carrier != &mail) AddAnomaly(report.anomalies, "nested-feedback-report");
    const MailHeader* content_type = carrier->Header("Content-Type");
    std::string type = content_type ? ToLower(content_type->value) : std::string();
    if (!type.starts_with("multipart/report")) {
      AddAnomaly(report.anomalies, "not-multipart-report");
    } else if (type.find("feedback-report") == std::string::npos) {
      AddAnomaly(report.anomalies, "missing-report-type");
    }
    ParseFeedbackFields(feedback->text, report);
    if (report.feedback_type.empty()) AddAnomaly(report.anomalies, "missing-feedback-type");
    if (report.user_agent.empty()) AddAnomaly(report.anomalies, "missing-user-agent");
    if (report.version.empty()) AddAnomaly(report.anomalies, "missing-version");
  }
  for (const TextPart& text : carrier->texts) {
    if (text.content_type == "text/plain") {
      report.human_text = text.text;
      break;
    }
  }
  if (!carrier->messages.empty()) {
    report.original = carrier->messages.front();
  } else {
    AddAnomaly(report.anomalies, "no-original-message");
  }
  return report;
}

}  // namespace hikeshi::intake
