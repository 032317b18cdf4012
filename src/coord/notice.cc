#include "coord/notice.h"

#include <fmt/format.h>

#include <algorithm>
#include <mstch/mstch.hpp>
#include <nlohmann/json.hpp>

#include "coord/notice_templates.h"

namespace hikeshi::coord {
namespace {

constexpr std::string_view kWithheld = "(withheld)";

// One line, no control characters: what goes into a header or a list entry.
std::string OneLine(std::string_view text, size_t max_bytes) {
  std::string out;
  for (char c : text.substr(0, max_bytes)) {
    out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c);
  }
  return out;
}

struct XarfType {
  std::string_view report_class;
  std::string_view report_type;
};

// X-ARF v4 (abusix/xarf) class and type for a category.
XarfType XarfTypeFor(Category category) {
  switch (category) {
    case Category::kScan:
      return {"Activity", "PortScan"};
    case Category::kIntrusion:
      return {"Activity", "LoginAttack"};
    case Category::kDos:
      return {"Activity", "DdosAttack"};
    case Category::kPhishing:
      return {"Fraud", "Phishing"};
    case Category::kMalwareSite:
      return {"Content", "Malware"};
    case Category::kDefacement:
      return {"Content", "Defacement"};
    default:
      return {"Activity", "Other"};
  }
}

nlohmann::json XarfDocument(const NoticeRequest& request, const NoticeItem& item) {
  XarfType type = XarfTypeFor(request.category);
  std::string_view domain = request.team_mail;
  domain = domain.substr(domain.find('@') == std::string_view::npos ? domain.size()
                                                                    : domain.find('@') + 1);
  nlohmann::json samples = nlohmann::json::array();
  nlohmann::json reporters = nlohmann::json::array();
  Timestamp first = request.now;
  for (const NoticeEvidence& evidence : item.evidence) {
    first = std::min(first, evidence.received_at);
    if (evidence.consent_to_share && !evidence.reporter.empty()) {
      reporters.push_back(evidence.reporter);
    }
    samples.push_back(
        {{"ReportId", evidence.report_id}, {"Received", FormatRfc3339(evidence.received_at)}});
  }
  nlohmann::json report = {{"ReportClass", type.report_class},
                           {"ReportType", type.report_type},
                           {"Date", FormatRfc3339(first)},
                           {"SourceIp", request.kind == "warning" ? item.source : item.address},
                           {"SourceType", "ip-address"},
                           {"Ticket", TicketTag(request.ticket)},
                           {"Samples", samples}};
  if (request.kind == "warning") {
    report["DestinationIp"] = item.address;
  } else if (!item.targets.empty()) {
    report["DestinationIps"] = item.targets;
  }
  if (!reporters.empty()) report["OriginalReporters"] = reporters;
  return {{"Version", "4"},
          {"ReporterInfo",
           {{"ReporterOrg", request.team},
            {"ReporterOrgDomain", std::string(domain)},
            {"ReporterOrgEmail", request.team_mail},
            {"ReporterContactEmail", request.team_mail}}},
          {"Disclosure", true},
          {"Report", report}};
}

}  // namespace

std::string ChooseLanguage(std::string_view preference, std::string_view country) {
  if (preference == "ja" || preference == "en") return std::string(preference);
  if (country == "JP" || country == "jp") return "ja";
  return "en";
}

std::string TicketTag(int64_t ticket) { return fmt::format("[hikeshi #{}]", ticket); }

std::string_view NoticeTemplate(std::string_view name, std::string_view language) {
  auto find = [](std::string_view wanted) -> std::string_view {
    for (const NoticeTemplateFile& file : NoticeTemplateFiles()) {
      if (file.name == wanted) return file.text;
    }
    return {};
  };
  std::string_view lang = language == "ja" ? "ja" : "en";
  for (std::string wanted :
       {fmt::format("{}.{}.mustache", name, lang), fmt::format("other.{}.mustache", lang),
        fmt::format("{}.en.mustache", name), std::string("other.en.mustache")}) {
    if (std::string_view text = find(wanted); !text.empty()) return text;
  }
  return {};
}

Result<NoticeText> RenderNotice(const NoticeRequest& request) {
  if (request.tlp == Tlp::kRed) {
    return Fail(ErrorCode::kForbidden, "TLP:RED information never leaves the team: no notice");
  }
  if (request.items.empty()) return Fail(ErrorCode::kInvalid, "a notice lists at least one item");
  const CategoryInfo& info = Describe(request.category);
  bool ja = request.language == "ja";

  mstch::array items;
  nlohmann::json xarf = nlohmann::json::array();
  for (const NoticeItem& item : request.items) {
    // Oldest first: the order things happened in.
    std::vector<NoticeEvidence> ordered = item.evidence;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return a.received_at < b.received_at; });
    mstch::array evidence;
    for (const NoticeEvidence& entry : ordered) {
      bool shown = entry.consent_to_share && !entry.reporter.empty();
      evidence.push_back(
          mstch::map{{"report_id", std::to_string(entry.report_id)},
                     {"received_at", FormatRfc3339(entry.received_at)},
                     {"reporter", shown ? OneLine(entry.reporter, 200) : std::string(kWithheld)},
                     {"summary", OneLine(entry.summary, 200)}});
    }
    mstch::array targets;
    for (const std::string& target : item.targets)
      targets.push_back(mstch::map{{"target", target}});
    items.push_back(mstch::map{{"address", OneLine(item.address, 100)},
                               {"source", OneLine(item.source, 100)},
                               {"incident", std::to_string(item.incident_id)},
                               {"has_targets", !item.targets.empty()},
                               {"targets", targets},
                               {"evidence", evidence}});
    xarf.push_back(XarfDocument(request, item));
  }
  mstch::map context{{"ticket", TicketTag(request.ticket)},
                     {"team", OneLine(request.team, 200)},
                     {"tlp", std::string(ToString(request.tlp))},
                     {"category", request.spam ? std::string(ja ? "迷惑メール（スパム）" : "Spam")
                                               : std::string(ja ? info.label_ja : info.label_en)},
                     {"count", std::to_string(request.items.size())},
                     {"has_action", !request.recommended_action.empty()},
                     {"action", request.recommended_action},
                     {"items", items}};
  std::string name = request.kind == "warning" ? "warning"
                     : request.spam            ? "spam"
                                               : std::string(info.name);
  std::string_view text = NoticeTemplate(name, request.language);
  if (text.empty()) return Fail(ErrorCode::kInternal, "no notification template compiled in");
  std::string rendered;
  try {
    rendered = mstch::render(std::string(text), context);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, fmt::format("template {}: {}", name, e.what()));
  }
  // The first line is the subject; the body starts after the blank line that follows it.
  size_t end = rendered.find('\n');
  NoticeText notice;
  notice.subject = OneLine(rendered.substr(0, end), 400);
  if (notice.subject.starts_with("Subject: ")) notice.subject.erase(0, 9);
  std::string_view body =
      end == std::string::npos ? "" : std::string_view(rendered).substr(end + 1);
  while (body.starts_with("\n")) body.remove_prefix(1);
  notice.body = std::string(body);
  if (!request.spam) notice.xarf = xarf.dump(2);
  return notice;
}

}  // namespace hikeshi::coord
