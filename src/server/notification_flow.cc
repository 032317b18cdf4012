#include "server/notification_flow.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "coord/notice_mime.h"
#include "coord/reply_threading.h"
#include "core/ascii.h"
#include "core/incident.h"
#include "server/spam_arf.h"

namespace hikeshi::server {
namespace {

using nlohmann::json;

Status Log(Store& store, int64_t incident_id, std::string action, std::string text,
           std::string_view responder, Timestamp now) {
  auto mutate = [&](Incident&) -> Result<std::optional<WorkLogDraft>> {
    return std::optional<WorkLogDraft>{WorkLogDraft{action, text}};
  };
  auto result = store.MutateIncident(incident_id, mutate, responder, now);
  if (!result) return std::unexpected(result.error());
  return {};
}

Status LogAll(Store& store, const Notification& n, const std::string& action,
              const std::string& text, std::string_view responder, Timestamp now) {
  for (int64_t incident_id : n.incident_ids) {
    if (auto ok = Log(store, incident_id, action, text, responder, now); !ok) return ok;
  }
  return {};
}

json ItemToJson(const coord::NoticeItem& item) {
  json evidence = json::array();
  for (const coord::NoticeEvidence& e : item.evidence) {
    // Only consenting reporters' identities are ever kept with a notification.
    evidence.push_back({{"report_id", e.report_id},
                        {"reporter", e.consent_to_share ? e.reporter : std::string()},
                        {"consent", e.consent_to_share},
                        {"received_at", ToMicros(e.received_at)},
                        {"summary", e.summary}});
  }
  return {{"incident_id", item.incident_id},
          {"address", item.address},
          {"source", item.source},
          {"targets", item.targets},
          {"evidence", evidence}};
}

coord::NoticeItem ItemFromJson(const json& j) {
  coord::NoticeItem item;
  item.incident_id = j.value("incident_id", int64_t{0});
  item.address = j.value("address", "");
  item.source = j.value("source", "");
  item.targets = j.value("targets", std::vector<std::string>{});
  for (const json& e : j.value("evidence", json::array())) {
    item.evidence.push_back({.report_id = e.value("report_id", int64_t{0}),
                             .reporter = e.value("reporter", ""),
                             .consent_to_share = e.value("consent", false),
                             .received_at = FromMicros(e.value("received_at", int64_t{0})),
                             .summary = e.value("summary", "")});
  }
  return item;
}

std::vector<coord::NoticeItem> ItemsOf(const Notification& n) {
  std::vector<coord::NoticeItem> items;
  json parsed = json::parse(n.items, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return items;
  try {
    for (const json& j : parsed) items.push_back(ItemFromJson(j));
  } catch (const json::exception&) {
    items.clear();
  }
  return items;
}

// Merges `item` into `items`: evidence and targets of the same (incident, address) join.
void Merge(std::vector<coord::NoticeItem>& items, const coord::NoticeItem& item) {
  auto same = std::find_if(items.begin(), items.end(), [&](const coord::NoticeItem& other) {
    return other.incident_id == item.incident_id && other.address == item.address;
  });
  if (same == items.end()) {
    items.push_back(item);
    return;
  }
  for (const std::string& target : item.targets) {
    if (std::find(same->targets.begin(), same->targets.end(), target) == same->targets.end()) {
      same->targets.push_back(target);
    }
  }
  for (const coord::NoticeEvidence& e : item.evidence) {
    if (std::none_of(same->evidence.begin(), same->evidence.end(),
                     [&](const coord::NoticeEvidence& o) { return o.report_id == e.report_id; })) {
      same->evidence.push_back(e);
    }
  }
}

// The most restrictive TLP of the incidents, and whether any is missing.
Result<Tlp> StrictestTlp(Store& store, const std::vector<int64_t>& incident_ids) {
  Tlp strictest = Tlp::kClear;
  for (int64_t id : incident_ids) {
    auto incident = store.GetIncident(id);
    if (!incident) return std::unexpected(incident.error());
    strictest = std::max(strictest, incident->tlp);
  }
  return strictest;
}

std::string PeriodKey(Timestamp now, std::chrono::minutes period) {
  auto length = std::chrono::duration_cast<std::chrono::microseconds>(
      std::max(period, std::chrono::minutes(1)));
  Timestamp start = FromMicros(ToMicros(now) / length.count() * length.count());
  return FormatRfc3339(start);
}

std::string Domain(const std::string& address) {
  size_t at = address.find('@');
  return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

Status Render(Store& store, const NotifyOptions& options, Notification& n, Timestamp now) {
  auto tlp = StrictestTlp(store, n.incident_ids);
  if (!tlp) return std::unexpected(tlp.error());
  auto category = ParseCategory(n.category).value_or(Category::kOther);
  std::vector<coord::NoticeItem> items = ItemsOf(n);
  auto arf = SpamArfFor(store, n.kind, category, items);
  if (!arf) return std::unexpected(arf.error());
  coord::NoticeRequest request{.kind = n.kind,
                               .category = category,
                               .tlp = *tlp,
                               .ticket = n.id,
                               .language = n.language,
                               .team = options.team,
                               .team_mail = options.from,
                               .recommended_action = PolicyFor(options, category).action,
                               .items = std::move(items),
                               .now = now,
                               .spam = arf->has_value()};
  auto text = coord::RenderNotice(request);
  if (!text) return std::unexpected(text.error());
  n.subject = std::move(text->subject);
  n.body = std::move(text->body);
  n.attachment = *arf ? coord::ArfAttachmentToJson(**arf) : std::move(text->xarf);
  return {};
}

}  // namespace

Result<Notification> DraftNotice(Store& store, const NotifyOptions& options,
                                 const std::string& kind, const std::string& recipient,
                                 const std::string& language, Category category,
                                 const coord::NoticeItem& item, Timestamp now,
                                 const coord::RecipientChoice* chosen) {
  auto tlp = StrictestTlp(store, {item.incident_id});
  if (!tlp) return std::unexpected(tlp.error());
  if (*tlp == Tlp::kRed) {
    if (auto ok = Log(store, item.incident_id, "notification",
                      fmt::format("no {} notice to {}: the incident is TLP:RED", kind, recipient),
                      "hikeshi:coord", now);
        !ok) {
      return std::unexpected(ok.error());
    }
    return Fail(ErrorCode::kForbidden, "TLP:RED information never leaves the team");
  }
  std::string period = PeriodKey(now, options.period);
  auto open = store.ListNotifications(
      {.state = "draft", .recipient = recipient, .kind = kind, .period = period, .limit = 1});
  if (!open) return std::unexpected(open.error());
  Notification n;
  bool fresh = open->empty();
  if (fresh) {
    n = Notification{.kind = kind,
                     .category = std::string(ToString(category)),
                     .recipient = recipient,
                     .cc = chosen != nullptr ? coord::JoinCc(chosen->cc) : options.cc,
                     .language = language,
                     .items = "[]",
                     .period = period,
                     .created_at = now,
                     .updated_at = now};
    if (chosen != nullptr) {
      n.recipient_source = chosen->source;
      n.pgp_fingerprint = chosen->pgp_fingerprint;
    }
    auto inserted = store.SaveNotification(n);  // assigns the ticket number
    if (!inserted) return std::unexpected(inserted.error());
    n = std::move(*inserted);
    n.message_id = fmt::format("hikeshi-{}-{}@{}", n.id, ToMicros(now), Domain(options.from));
  } else {
    n = std::move(open->front());
  }
  std::vector<coord::NoticeItem> items = ItemsOf(n);
  Merge(items, item);
  json array = json::array();
  for (const coord::NoticeItem& each : items) array.push_back(ItemToJson(each));
  n.items = array.dump();
  if (std::find(n.incident_ids.begin(), n.incident_ids.end(), item.incident_id) ==
      n.incident_ids.end()) {
    n.incident_ids.push_back(item.incident_id);
  }
  n.updated_at = now;
  if (auto ok = Render(store, options, n, now); !ok) return std::unexpected(ok.error());
  CategoryPolicy policy = PolicyFor(options, category);
  bool automatic = fresh && policy.automatic;
  if (automatic) {
    n.state = "approved";
    n.approved_by = fmt::format("policy:{}", ToString(category));
    n.next_attempt_at = now;
  }
  auto saved = store.SaveNotification(n);
  if (!saved) return std::unexpected(saved.error());
  std::string text = fmt::format("notice #{} ({}, {}) to {} {} {}", saved->id, kind, n.language,
                                 recipient, fresh ? "drafted for" : "extended with", item.address);
  if (chosen != nullptr) text += fmt::format(" (recipient from {})", chosen->reason);
  if (auto ok = Log(store, item.incident_id, "notification", text, "hikeshi:coord", now); !ok) {
    return std::unexpected(ok.error());
  }
  if (automatic) {
    std::string decision = fmt::format(
        "decision: notice #{} sent without approval by the {} policy; recommended action: {}",
        saved->id, ToString(category), policy.action.empty() ? "none set" : policy.action);
    if (auto ok = LogAll(store, *saved, "decision", decision, saved->approved_by, now); !ok) {
      return std::unexpected(ok.error());
    }
  }
  return saved;
}

Result<Notification> ApproveNotification(Store& store, const NotifyOptions& options, int64_t id,
                                         const std::string& approver, Timestamp now) {
  auto n = store.GetNotification(id);
  if (!n) return n;
  if (n->state != "draft") {
    return Fail(ErrorCode::kConflict,
                fmt::format("notification {} is {}, only a draft can be approved", id, n->state));
  }
  auto tlp = StrictestTlp(store, n->incident_ids);
  if (!tlp) return std::unexpected(tlp.error());
  if (*tlp == Tlp::kRed) {
    n->state = "refused";
    n->updated_at = now;
    auto saved = store.SaveNotification(*n);
    if (!saved) return saved;
    if (auto ok = LogAll(store, *saved, "notification",
                         fmt::format("notice #{} refused: an incident it covers is TLP:RED", id),
                         approver, now);
        !ok) {
      return std::unexpected(ok.error());
    }
    return Fail(ErrorCode::kForbidden, "TLP:RED information never leaves the team: refused");
  }
  Category category = ParseCategory(n->category).value_or(Category::kOther);
  CategoryPolicy policy = PolicyFor(options, category);
  n->state = "approved";
  n->approved_by = approver;
  n->next_attempt_at = now;
  n->updated_at = now;
  auto saved = store.SaveNotification(*n);
  if (!saved) return saved;
  std::string decision = fmt::format(
      "decision: notice #{} to {} approved by {}; recommended action ({}): {}", id, n->recipient,
      approver, ToString(category), policy.action.empty() ? "none set" : policy.action);
  if (auto ok = LogAll(store, *saved, "decision", decision, approver, now); !ok) {
    return std::unexpected(ok.error());
  }
  return saved;
}

Result<std::string> NotificationMime(const NotifyOptions& options, const Notification& n,
                                     Timestamp now) {
  coord::MailMessage mail{.from = options.from,
                          .to = n.recipient,
                          .cc = n.cc,
                          .subject = n.subject,
                          .body = n.body,
                          .message_id = n.message_id,
                          .date = now};
  mail.feedback_report = coord::ArfAttachmentFromJson(n.attachment);
  json documents = json::parse(n.attachment, nullptr, /*allow_exceptions=*/false);
  if (!mail.feedback_report && documents.is_array()) {
    for (size_t i = 0; i < documents.size(); ++i) {
      mail.attachments.push_back(
          {fmt::format("xarf-{}.json", i + 1), "application/json", documents[i].dump(2)});
    }
  }
  return coord::BuildMime(mail);
}

Result<Notification> DeliverNotification(Store& store, const NotifyOptions& options,
                                         coord::MailTransport& transport, int64_t id,
                                         Timestamp now) {
  auto n = store.GetNotification(id);
  if (!n) return n;
  if (n->state != "approved") {
    return Fail(ErrorCode::kConflict,
                fmt::format("notification {} is {}, only an approved one is sent", id, n->state));
  }
  auto tlp = StrictestTlp(store, n->incident_ids);  // the TLP may have been raised since
  if (!tlp) return std::unexpected(tlp.error());
  if (*tlp == Tlp::kRed) {
    n->state = "refused";
    n->next_attempt_at.reset();
    n->claimed_until.reset();
    n->updated_at = now;
    auto saved = store.SaveNotification(*n);
    if (!saved) return saved;
    return Fail(ErrorCode::kForbidden, "TLP:RED information never leaves the team: refused");
  }
  auto bytes = NotificationMime(options, *n, now);
  Status sent = bytes ? Status{} : Status(std::unexpected(bytes.error()));
  if (sent) {
    std::vector<std::string> recipients{n->recipient};
    for (std::string& cc : coord::SplitCc(n->cc)) recipients.push_back(std::move(cc));
    sent = transport.Send(options.from, recipients, *bytes);
  }
  ++n->attempts;
  n->updated_at = now;
  n->claimed_until.reset();  // the outcome ends the claim (Store::ClaimDueNotifications)
  if (sent) {
    n->state = "sent";
    n->sent_at = now;
    n->next_attempt_at.reset();
    n->last_error.clear();
  } else {
    n->last_error = sent.error().message;
    if (n->attempts >= options.max_attempts) {
      n->next_attempt_at.reset();
      n->last_error += fmt::format(" (gave up after {} attempts)", n->attempts);
    } else {
      auto delay = options.first_retry * (int64_t{1} << std::min<int64_t>(n->attempts - 1, 30));
      n->next_attempt_at = now + std::min<std::chrono::microseconds>(delay, options.max_retry);
    }
  }
  auto saved = store.SaveNotification(*n);
  if (!saved) return saved;
  std::string text = sent ? fmt::format("notice #{} sent to {}{}", id, n->recipient,
                                        n->cc.empty() ? "" : " (Cc " + n->cc + ")")
                          : fmt::format("notice #{} delivery attempt {} failed: {}", id,
                                        n->attempts, n->last_error);
  if (auto ok = LogAll(store, *saved, "notification", text, "hikeshi:outbox", now); !ok) {
    return std::unexpected(ok.error());
  }
  return saved;
}

Result<Notification> RecordReply(Store& store, const Notification& notification,
                                 const Report& reply, Timestamp now) {
  Notification n = notification;
  bool from_recipient = EqualsIgnoringAsciiCase(reply.reporter, n.recipient);
  bool fixed = from_recipient && coord::SaysFixed(reply.text);
  if (n.state == "sent" || n.state == "replied") n.state = fixed ? "resolved" : "replied";
  n.updated_at = now;
  auto saved = store.SaveNotification(n);
  if (!saved) return saved;
  std::string text = fmt::format("report {} from {} answers notice #{}{}", reply.id, reply.reporter,
                                 n.id, fixed ? ": says fixed, notice resolved" : "");
  if (auto ok = LogAll(store, *saved, "notification", text, "hikeshi:coord", now); !ok) {
    return std::unexpected(ok.error());
  }
  return saved;
}

}  // namespace hikeshi::server
