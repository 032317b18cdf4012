#include "intake/report_classification.h"

#include <array>
#include <string>

namespace hikeshi::intake {
namespace {

using enum Category;

// Where JPCERT/CC has no matching category the report is "other" and the RSIT class carries the
// detail. Attempts (brute force, exploit probes) are "scan" as in JPCERT/CC's quarterly reports;
// "intrusion" is kept for reported compromise.
constexpr std::array<ClassificationRow, 46> kTable{{
    // ARF (RFC 5965, RFC 6591, RFC 6650; "opt-out" from the drafts still sent by some FBLs)
    {"arf", "", "abuse", kOther, "abusive-content:spam", true, "arf:abuse"},
    {"arf", "", "fraud", kPhishing, "fraud:phishing", false, "arf:fraud"},
    {"arf", "", "virus", kMalwareSite, "malicious-code:malware-distribution", false, "arf:virus"},
    {"arf", "", "other", kOther, "other:undetermined", false, "arf:other"},
    {"arf", "", "not-spam", kOther, "other:other", false, "arf:not-spam"},
    {"arf", "", "auth-failure", kOther, "fraud:masquerade", false, "arf:auth-failure"},
    {"arf", "", "opt-out", kOther, "abusive-content:spam", true, "arf:opt-out"},
    {"arf", "", "opt-out-list", kOther, "abusive-content:spam", true, "arf:opt-out-list"},
    // X-ARF v4: connection
    {"xarf", "connection", "ddos", kDos, "availability:ddos", false, "xarf:connection/ddos"},
    {"xarf", "connection", "infected_host", kOther, "malicious-code:infected-system", false,
     "xarf:connection/infected_host"},
    {"xarf", "connection", "login_attack", kScan, "intrusion-attempts:brute-force", false,
     "xarf:connection/login_attack"},
    {"xarf", "connection", "port_scan", kScan, "information-gathering:scanner", false,
     "xarf:connection/port_scan"},
    {"xarf", "connection", "reconnaissance", kScan, "information-gathering:scanner", false,
     "xarf:connection/reconnaissance"},
    {"xarf", "connection", "scraping", kOther, "information-gathering:scanner", false,
     "xarf:connection/scraping"},
    {"xarf", "connection", "sql_injection", kScan, "intrusion-attempts:exploit", false,
     "xarf:connection/sql_injection"},
    {"xarf", "connection", "vulnerability_scan", kScan, "information-gathering:scanner", false,
     "xarf:connection/vulnerability_scan"},
    // X-ARF v4: content
    {"xarf", "content", "brand_infringement", kOther, "fraud:masquerade", false,
     "xarf:content/brand_infringement"},
    {"xarf", "content", "csam", kOther, "abusive-content:violence", false, "xarf:content/csam"},
    {"xarf", "content", "csem", kOther, "abusive-content:violence", false, "xarf:content/csem"},
    {"xarf", "content", "exposed_data", kOther, "information-content-security:data-leak", false,
     "xarf:content/exposed_data"},
    {"xarf", "content", "fraud", kOther, "fraud:masquerade", false, "xarf:content/fraud"},
    {"xarf", "content", "malware", kMalwareSite, "malicious-code:malware-distribution", false,
     "xarf:content/malware"},
    {"xarf", "content", "phishing", kPhishing, "fraud:phishing", false, "xarf:content/phishing"},
    {"xarf", "content", "remote_compromise", kIntrusion, "intrusions:application-compromise", false,
     "xarf:content/remote_compromise"},
    {"xarf", "content", "defacement", kDefacement,
     "information-content-security:unauthorised-information-modification", false,
     "xarf:content/defacement"},
    {"xarf", "content", "suspicious_registration", kOther, "fraud:masquerade", false,
     "xarf:content/suspicious_registration"},
    // X-ARF v4: copyright (every type), infrastructure, messaging, reputation, vulnerability
    {"xarf", "copyright", "*", kOther, "fraud:copyright", false, "xarf:copyright/*"},
    {"xarf", "infrastructure", "botnet", kOther, "malicious-code:infected-system", false,
     "xarf:infrastructure/botnet"},
    {"xarf", "infrastructure", "compromised_server", kIntrusion, "intrusions:system-compromise",
     false, "xarf:infrastructure/compromised_server"},
    {"xarf", "messaging", "spam", kOther, "abusive-content:spam", true, "xarf:messaging/spam"},
    {"xarf", "messaging", "bulk_messaging", kOther, "abusive-content:spam", true,
     "xarf:messaging/bulk_messaging"},
    {"xarf", "reputation", "*", kOther, "other:undetermined", false, "xarf:reputation/*"},
    {"xarf", "vulnerability", "cve", kOther, "vulnerable:vulnerable-system", false,
     "xarf:vulnerability/cve"},
    {"xarf", "vulnerability", "misconfiguration", kOther, "vulnerable:vulnerable-system", false,
     "xarf:vulnerability/misconfiguration"},
    {"xarf", "vulnerability", "open_service", kOther, "vulnerable:potentially-unwanted-accessible",
     false, "xarf:vulnerability/open_service"},
    // Legacy X-ARF (0.1/0.2) Report-Types, any Category
    {"xarf", "*", "login_attack", kScan, "intrusion-attempts:brute-force", false,
     "xarf:*/login_attack"},
    {"xarf", "*", "portscan", kScan, "information-gathering:scanner", false, "xarf:*/portscan"},
    {"xarf", "*", "port_scan", kScan, "information-gathering:scanner", false, "xarf:*/port_scan"},
    {"xarf", "*", "ddos", kDos, "availability:ddos", false, "xarf:*/ddos"},
    {"xarf", "*", "phishing", kPhishing, "fraud:phishing", false, "xarf:*/phishing"},
    {"xarf", "*", "malware", kMalwareSite, "malicious-code:malware-distribution", false,
     "xarf:*/malware"},
    {"xarf", "*", "spam", kOther, "abusive-content:spam", true, "xarf:*/spam"},
    {"xarf", "*", "copyright", kOther, "fraud:copyright", false, "xarf:*/copyright"},
    {"xarf", "*", "hacking", kIntrusion, "intrusions:system-compromise", false, "xarf:*/hacking"},
    {"xarf", "*", "defacement", kDefacement,
     "information-content-security:unauthorised-information-modification", false,
     "xarf:*/defacement"},
    {"xarf", "*", "botnet", kOther, "malicious-code:infected-system", false, "xarf:*/botnet"},
}};

std::string Fold(std::string_view text, char dash_to) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c == '-' || c == '_') c = dash_to;
  }
  return out;
}

Classification FromRow(const ClassificationRow& row) {
  return Classification{row.category, row.rsit, row.plain_spam, row.rule};
}

}  // namespace

std::span<const ClassificationRow> ClassificationTable() { return kTable; }

Classification ClassifyArf(std::string_view feedback_type) {
  std::string type = Fold(feedback_type, '-');
  for (const ClassificationRow& row : kTable) {
    if (row.format == "arf" && row.report_type == type) return FromRow(row);
  }
  return Classification{};
}

Classification ClassifyXarf(std::string_view category, std::string_view type) {
  std::string folded_category = Fold(category, '_');
  std::string folded_type = Fold(type, '_');
  const ClassificationRow* by_type = nullptr;
  const ClassificationRow* by_category = nullptr;
  for (const ClassificationRow& row : kTable) {
    if (row.format != "xarf") continue;
    if (row.report_class == folded_category && row.report_type == folded_type) return FromRow(row);
    if (!by_type && row.report_class == "*" && row.report_type == folded_type) by_type = &row;
    if (!by_category && row.report_class == folded_category && row.report_type == "*") {
      by_category = &row;
    }
  }
  if (by_type) return FromRow(*by_type);
  if (by_category) return FromRow(*by_category);
  return Classification{};
}

}  // namespace hikeshi::intake
