#include "server/coordination.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "coord/reply_threading.h"
#include "core/incident.h"
#include "server/notification_flow.h"
#include "server/recipients.h"

namespace hikeshi::server {
namespace {

constexpr std::string_view kResponder = "hikeshi:coord";
constexpr int kCandidatesPerKey = 50;

Status Log(Store& store, int64_t incident_id, std::string action, std::string text,
           std::string_view responder, Timestamp now) {
  auto mutate = [&](Incident&) -> Result<std::optional<WorkLogDraft>> {
    return std::optional<WorkLogDraft>{WorkLogDraft{action, text}};
  };
  auto result = store.MutateIncident(incident_id, mutate, responder, now);
  if (!result) return std::unexpected(result.error());
  return {};
}

// A reply to one of our notices: by ticket tag, else by In-Reply-To/References.
Result<std::optional<Notification>> FindAnswered(Store& store, const Report& report) {
  if (auto ticket = coord::FindTicketTag(report.subject)) {
    auto found = store.GetNotification(*ticket);
    if (found) return std::optional<Notification>(std::move(*found));
    if (found.error().code != ErrorCode::kNotFound) return std::unexpected(found.error());
  }
  for (const std::string& id : coord::ReplyMessageIds(report.raw)) {
    auto found = store.ListNotifications({.message_id = id, .limit = 1});
    if (!found) return std::unexpected(found.error());
    if (!found->empty()) return std::optional<Notification>(std::move(found->front()));
  }
  return std::optional<Notification>{};
}

// Earlier reports sharing a correlation key, at most max_candidates.
Result<std::vector<Report>> Candidates(Store& store, const Report& report,
                                       const coord::CorrelationOptions& options) {
  std::vector<Report> candidates;
  std::set<int64_t> seen{report.id};
  for (const std::string& key : coord::CorrelationKeys(report, options)) {
    auto related = store.ListRelatedReports({.value = key,
                                             .prefix = key.ends_with('.'),  // an IPv4 /24
                                             .since = report.received_at - options.window,
                                             .limit = kCandidatesPerKey});
    if (!related) return std::unexpected(related.error());
    for (Report& candidate : *related) {
      if (candidates.size() >= options.max_candidates) return candidates;
      if (seen.insert(candidate.id).second) candidates.push_back(std::move(candidate));
    }
  }
  return candidates;
}

Status Attach(Store& store, Report report, int64_t incident_id) {
  if (report.incident_id == incident_id && report.status == ReportStatus::kAccepted) return {};
  report.status = ReportStatus::kAccepted;
  report.incident_id = incident_id;
  auto updated = store.UpdateReport(std::move(report));
  if (!updated) return std::unexpected(updated.error());
  return {};
}

coord::NoticeEvidence EvidenceOf(const Report& report) {
  return {.report_id = report.id,
          .reporter = report.consent_to_share ? report.reporter : std::string(),
          .consent_to_share = report.consent_to_share,
          .received_at = report.received_at,
          .summary = report.subject};
}

// Drafts the abuse notice to the source's owner and the warnings to the probed targets.
Status DraftForCompromised(Store& store, const CoordinationOptions& options, int64_t incident_id,
                           const std::string& source, const std::vector<std::string>& targets,
                           const std::vector<const Report*>& evidence, CoordinationResult& result,
                           Timestamp now) {
  if (!options.notify.enabled) return {};
  auto draft = [&](const std::string& kind, const std::string& address,
                   const coord::NoticeItem& item) -> Status {
    auto chosen = ResolveRecipient(store, options, address);
    if (!chosen) return std::unexpected(chosen.error());
    if (!*chosen) {
      return Log(store, incident_id, "notification",
                 fmt::format("no {} notice for {}: no abuse contact known{}", kind, address,
                             options.ownership == nullptr ? " (no ownership index loaded)" : ""),
                 kResponder, now);
    }
    auto notice = DraftNotice(store, options.notify, kind, (*chosen)->recipient,
                              (*chosen)->language, Category::kScan, item, now, &**chosen);
    if (!notice) {
      if (notice.error().code == ErrorCode::kForbidden) return {};  // TLP:RED, logged
      return std::unexpected(notice.error());
    }
    if (std::find(result.notifications.begin(), result.notifications.end(), notice->id) ==
        result.notifications.end()) {
      result.notifications.push_back(notice->id);
    }
    return {};
  };
  coord::NoticeItem abuse{.incident_id = incident_id, .address = source, .targets = targets};
  for (const Report* report : evidence) abuse.evidence.push_back(EvidenceOf(*report));
  if (auto ok = draft("abuse", source, abuse); !ok) return ok;
  if (!options.notify.warn_targets) return {};
  for (const std::string& target : targets) {
    coord::NoticeItem warning{.incident_id = incident_id, .address = target, .source = source};
    if (auto ok = draft("warning", target, warning); !ok) return ok;
  }
  return {};
}

}  // namespace

CategoryPolicy PolicyFor(const NotifyOptions& options, Category category) {
  for (const CategoryPolicy& policy : options.policies) {
    if (policy.category == category) return policy;
  }
  return CategoryPolicy{.category = category};
}

Result<CoordinationResult> CoordinateReport(Store& store, const Report& report,
                                            const CoordinationOptions& options, Timestamp now) {
  CoordinationResult result;
  if (!options.enabled || report.id == 0) return result;

  // A reply to one of our notices is threaded back, not correlated.
  auto answered = FindAnswered(store, report);
  if (!answered) return std::unexpected(answered.error());
  if (*answered) {
    auto recorded = RecordReply(store, **answered, report, now);
    if (!recorded) return std::unexpected(recorded.error());
    result.reply_to = recorded->id;
    if (!recorded->incident_ids.empty()) {
      result.incident_id = recorded->incident_ids.front();
      if (auto ok = Attach(store, report, *result.incident_id); !ok) {
        return std::unexpected(ok.error());
      }
    }
    return result;
  }
  // New reports, and needs-info ones as evidence (doc/coordination.md): never not-an-incident,
  // duplicate, accepted or unparsed ones.
  if (report.status != ReportStatus::kNew && report.status != ReportStatus::kNeedsInfo) {
    return result;
  }

  auto candidates = Candidates(store, report, options.correlation);
  if (!candidates) return std::unexpected(candidates.error());
  coord::CorrelationOutcome outcome = coord::Correlate(report, *candidates, options.correlation);
  if (outcome.links.empty()) return result;

  int64_t incident_id = 0;
  if (outcome.join_incident) {
    incident_id = *outcome.join_incident;
  } else if (outcome.compromised_source) {
    std::string targets;
    for (const std::string& target : outcome.probed_targets) targets += "\n- " + target;
    auto made = MakeIncident(
        {.title = fmt::format("Source likely compromised: {}", *outcome.compromised_source),
         .description = fmt::format(
             "{} independent reporters saw scans or attacks from {} within {} hours.\n"
             "Probed targets:{}",
             options.correlation.min_reporters, *outcome.compromised_source,
             std::chrono::duration_cast<std::chrono::hours>(options.correlation.window).count(),
             targets.empty() ? " none named" : targets),
         .category = report.category.value_or(Category::kScan),
         .reported_at = now},
        now);
    if (!made) return std::unexpected(made.error());
    auto created = store.CreateIncident(made->first, made->second, kResponder);
    if (!created) return std::unexpected(created.error());
    incident_id = created->first.id;
    result.opened = true;
  } else {
    return result;  // related reports, none in an incident yet: a responder decides
  }
  result.incident_id = incident_id;

  if (auto ok = Attach(store, report, incident_id); !ok) return std::unexpected(ok.error());
  std::vector<const Report*> evidence{&report};
  for (int64_t id : outcome.reports_to_attach) {
    auto found = std::find_if(candidates->begin(), candidates->end(),
                              [id](const Report& r) { return r.id == id; });
    if (found == candidates->end()) continue;
    if (auto ok = Attach(store, *found, incident_id); !ok) return std::unexpected(ok.error());
  }
  std::vector<IncidentLink> links;
  std::string log_text = fmt::format("report {} joined", report.id);
  for (const coord::Link& link : outcome.links) {
    links.push_back({.incident_id = incident_id,
                     .rule = std::string(coord::ToString(link.rule)),
                     .key = link.key,
                     .report_ids = link.report_ids,
                     .at = now});
    std::string ids;
    for (int64_t id : link.report_ids) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    log_text += fmt::format("; {} {} (reports {})", coord::ToString(link.rule), link.key, ids);
    if (link.rule == coord::LinkRule::kMultipleReporters) {
      for (int64_t id : link.report_ids) {
        auto found = std::find_if(candidates->begin(), candidates->end(),
                                  [id](const Report& r) { return r.id == id; });
        if (found != candidates->end()) evidence.push_back(&*found);
      }
    }
  }
  if (auto ok = store.AddIncidentLinks(links); !ok) return std::unexpected(ok.error());
  if (!outcome.probed_targets.empty()) {
    log_text += "; probed targets: ";
    for (size_t i = 0; i < outcome.probed_targets.size(); ++i) {
      log_text += (i ? ", " : "") + outcome.probed_targets[i];
    }
  }
  if (auto ok = Log(store, incident_id, "correlated", log_text, kResponder, now); !ok) {
    return std::unexpected(ok.error());
  }
  if (outcome.compromised_source) {
    if (auto ok = DraftForCompromised(store, options, incident_id, *outcome.compromised_source,
                                      outcome.probed_targets, evidence, result, now);
        !ok) {
      return std::unexpected(ok.error());
    }
  }
  return result;
}

}  // namespace hikeshi::server
