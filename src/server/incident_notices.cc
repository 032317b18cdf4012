#include "server/incident_notices.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "coord/notice.h"
#include "core/incident.h"
#include "core/observable.h"
#include "server/notification_flow.h"
#include "server/recipients.h"

namespace hikeshi::server {
namespace {

constexpr size_t kMaxEvidencePerAddress = 20;
constexpr int kMaxReports = kMaxPageSize;

// A mail address as far as a recipient field needs: one line, one '@' with text either side,
// no spaces or header syntax.
bool PlausibleMailAddress(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  if (address.find_first_of(" \t\r\n<>,;\"()") != std::string_view::npos) return false;
  size_t at = address.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
         address.find('@', at + 1) == std::string_view::npos;
}

// The host of a normalised URL ("http://[2001:db8::1]:8080/x" → "2001:db8::1").
std::string UrlHost(std::string_view url) {
  size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  if (size_t at = rest.find_first_of("@/"); at != std::string_view::npos && rest[at] == '@') {
    rest.remove_prefix(at + 1);  // user info
  }
  if (rest.starts_with('[')) {
    size_t close = rest.find(']');
    return std::string(rest.substr(1, close == std::string_view::npos ? 0 : close - 1));
  }
  return std::string(rest.substr(0, rest.find_first_of(":/?#")));
}

// One address to tell someone about: what the notice lists, and what the owner is looked up by.
struct Subject {
  std::string address;  // the IP address, URL or domain as the notice lists it
  std::string lookup;   // the IP address or host name for OwnershipLookup
  std::vector<const Report*> reports;
};

std::vector<Subject> SubjectsOf(const std::vector<Report>& reports) {
  std::vector<Subject> subjects;
  auto add = [&](std::string address, std::string lookup, const Report& report) {
    if (lookup.empty()) return;
    auto same = std::find_if(subjects.begin(), subjects.end(),
                             [&](const Subject& s) { return s.address == address; });
    if (same == subjects.end()) {
      if (subjects.size() >= kMaxIncidentNoticeAddresses) return;
      subjects.push_back({std::move(address), std::move(lookup), {}});
      same = subjects.end() - 1;
    }
    if (same->reports.size() < kMaxEvidencePerAddress &&
        std::find(same->reports.begin(), same->reports.end(), &report) == same->reports.end()) {
      same->reports.push_back(&report);
    }
  };
  for (const Report& report : reports) {
    for (const Observable& observable : report.observables) {
      if ((observable.flags & kNoOutsideOwnerFlags) != 0) continue;
      switch (observable.kind) {
        case ObservableKind::kIpv4:
        case ObservableKind::kIpv6:
        case ObservableKind::kDomain:
          add(observable.value, observable.value, report);
          break;
        case ObservableKind::kUrl:
          add(observable.value, UrlHost(observable.value), report);
          break;
        default:
          break;  // mail addresses (often the reporter's), hashes, file names: no owner
      }
    }
  }
  return subjects;
}

// Every report attached to the incident, oldest first, at most kMaxReports.
Result<std::vector<Report>> ReportsOf(Store& store, int64_t incident_id) {
  auto page = store.ListReports({.limit = kMaxReports, .incident_id = incident_id});
  if (!page) return std::unexpected(page.error());
  std::vector<Report> reports = std::move(page->items);
  std::reverse(reports.begin(), reports.end());
  return reports;
}

Status Validate(const IncidentNoticeRequest& request) {
  if (request.kind != "abuse" && request.kind != "warning") {
    return Fail(ErrorCode::kInvalid, "kind must be \"abuse\" or \"warning\"");
  }
  if (!request.language.empty() && request.language != "ja" && request.language != "en") {
    return Fail(ErrorCode::kInvalid, "language must be \"ja\" or \"en\"");
  }
  if (!request.to.empty() && !PlausibleMailAddress(request.to)) {
    return Fail(ErrorCode::kInvalid, "to must be one mail address");
  }
  if (!request.to.empty() && request.contact_id) {
    return Fail(ErrorCode::kInvalid, "give either to or contact_id, not both");
  }
  return {};
}

Status Log(Store& store, int64_t incident_id, std::string text, const std::string& responder,
           Timestamp now) {
  auto mutate = [&](Incident&) -> Result<std::optional<WorkLogDraft>> {
    return std::optional<WorkLogDraft>{WorkLogDraft{"notification", std::move(text)}};
  };
  auto result = store.MutateIncident(incident_id, mutate, responder, now);
  if (!result) return std::unexpected(result.error());
  return {};
}

}  // namespace

Result<IncidentNoticeResult> DraftIncidentNotices(Store& store, const CoordinationOptions& options,
                                                  int64_t incident_id,
                                                  const IncidentNoticeRequest& request,
                                                  const std::string& responder, Timestamp now) {
  if (auto ok = Validate(request); !ok) return std::unexpected(ok.error());
  auto incident = store.GetIncident(incident_id);
  if (!incident) return std::unexpected(incident.error());

  // A fixed recipient: the address given, or a directory contact's first address.
  std::string fixed_recipient = request.to;
  std::string fixed_language = request.language;
  if (request.contact_id) {
    auto contact = store.GetContact(*request.contact_id);
    if (!contact) return std::unexpected(contact.error());
    if (contact->emails.empty()) {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("contact {} has no mail address", *request.contact_id));
    }
    fixed_recipient = contact->emails.front();
    if (fixed_language.empty()) fixed_language = coord::ChooseLanguage(contact->language, "");
  }
  if (!fixed_recipient.empty() && fixed_language.empty()) fixed_language = "en";

  auto reports = ReportsOf(store, incident_id);
  if (!reports) return std::unexpected(reports.error());
  std::vector<Subject> subjects = SubjectsOf(*reports);
  if (subjects.empty()) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("the reports of incident {} name no external address, URL or domain",
                            incident_id));
  }

  IncidentNoticeResult result;
  std::vector<int64_t> drafted;
  for (const Subject& subject : subjects) {
    std::string recipient = fixed_recipient;
    std::string language = fixed_language;
    // Without a fixed recipient, the same resolution order as the automatic notices: the
    // contact directory, the ownership index, the country's centres (server/recipients.h).
    std::optional<coord::RecipientChoice> chosen;
    if (recipient.empty()) {
      auto resolved = ResolveRecipient(store, options, subject.lookup);
      if (!resolved) return std::unexpected(resolved.error());
      if (!*resolved) {
        result.skipped.push_back({subject.address, options.ownership == nullptr
                                                       ? "no ownership index loaded"
                                                       : "no owner known"});
        continue;
      }
      chosen = std::move(*resolved);
      recipient = chosen->recipient;
      if (language.empty()) language = chosen->language;
    }
    coord::NoticeItem item{.incident_id = incident_id, .address = subject.address};
    for (const Report* report : subject.reports) {
      item.evidence.push_back({.report_id = report->id,
                               .reporter = report->consent_to_share ? report->reporter : "",
                               .consent_to_share = report->consent_to_share,
                               .received_at = report->received_at,
                               .summary = report->subject});
    }
    auto notice = DraftNotice(store, options.notify, request.kind, recipient, language,
                              incident->category, item, now, chosen ? &*chosen : nullptr);
    if (!notice) return std::unexpected(notice.error());  // kForbidden: TLP:RED, logged
    if (std::find(drafted.begin(), drafted.end(), notice->id) == drafted.end()) {
      drafted.push_back(notice->id);
    }
  }
  for (int64_t id : drafted) {
    auto n = store.GetNotification(id);
    if (!n) return std::unexpected(n.error());
    result.notifications.push_back(std::move(*n));
  }
  std::string text = fmt::format("{} asked for {} notices: {} drafted or extended", responder,
                                 request.kind, drafted.size());
  for (const SkippedAddress& skipped : result.skipped) {
    text += fmt::format("; {}: {}", skipped.address, skipped.reason);
  }
  if (auto ok = Log(store, incident_id, std::move(text), responder, now); !ok) {
    return std::unexpected(ok.error());
  }
  return result;
}

}  // namespace hikeshi::server
