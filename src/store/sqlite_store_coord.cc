// SqliteStore: correlation links, notifications and contacts (schema version 4).
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "store/sqlite_store.h"
#include "store/stored_lists.h"

namespace hikeshi {
namespace {

using sqlite::SqliteDb;
using sqlite::Statement;

constexpr std::array<std::pair<ContactKind, std::string_view>, 7> kContactKinds{{
    {ContactKind::kInternal, "internal"},
    {ContactKind::kNetworkOwner, "network-owner"},
    {ContactKind::kVendor, "vendor"},
    {ContactKind::kAuthority, "authority"},
    {ContactKind::kCoordinationCentre, "coordination-centre"},
    {ContactKind::kPeerCsirt, "peer-csirt"},
    {ContactKind::kReporter, "reporter"},
}};

// Binds ?2 … ?24 (everything but the id) in kNotificationColumns order.
void BindNotification(Statement& s, const Notification& n) {
  s.Bind(2, n.kind)
      .Bind(3, n.state)
      .Bind(4, n.category)
      .Bind(5, n.recipient)
      .Bind(6, n.cc)
      .Bind(7, n.language)
      .Bind(8, n.subject)
      .Bind(9, n.body)
      .Bind(10, n.attachment)
      .Bind(11, n.items)
      .Bind(12, n.period)
      .Bind(13, n.message_id)
      .Bind(14, n.approved_by)
      .Bind(15, n.attempts)
      .Bind(16,
            n.next_attempt_at ? std::optional<int64_t>(ToMicros(*n.next_attempt_at)) : std::nullopt)
      .Bind(17, n.last_error)
      .Bind(18, ToMicros(n.created_at))
      .Bind(19, ToMicros(n.updated_at))
      .Bind(20, n.sent_at ? std::optional<int64_t>(ToMicros(*n.sent_at)) : std::nullopt)
      .Bind(21, n.version)
      .Bind(22, n.claimed_until ? std::optional<int64_t>(ToMicros(*n.claimed_until)) : std::nullopt)
      .Bind(23, n.recipient_source)
      .Bind(24, n.pgp_fingerprint);
}

Notification ReadNotification(const Statement& s) {
  Notification n;
  n.id = s.Int(0);
  n.kind = s.Text(1);
  n.state = s.Text(2);
  n.category = s.Text(3);
  n.recipient = s.Text(4);
  n.cc = s.Text(5);
  n.language = s.Text(6);
  n.subject = s.Text(7);
  n.body = s.Text(8);
  n.attachment = s.Text(9);
  n.items = s.Text(10);
  n.period = s.Text(11);
  n.message_id = s.Text(12);
  n.approved_by = s.Text(13);
  n.attempts = s.Int(14);
  if (auto at = s.OptionalInt(15)) n.next_attempt_at = FromMicros(*at);
  n.last_error = s.Text(16);
  n.created_at = FromMicros(s.Int(17));
  n.updated_at = FromMicros(s.Int(18));
  if (auto at = s.OptionalInt(19)) n.sent_at = FromMicros(*at);
  n.version = s.Int(20);
  if (auto at = s.OptionalInt(21)) n.claimed_until = FromMicros(*at);
  n.recipient_source = s.Text(22);
  n.pgp_fingerprint = s.Text(23);
  return n;
}

Status LoadIncidentIds(SqliteDb& db, Notification& n) {
  auto select = db.Prepare(
      "SELECT incident_id FROM notification_incidents WHERE notification_id = ?1 "
      "ORDER BY incident_id");
  if (!select) return std::unexpected(select.error());
  select->Bind(1, n.id);
  n.incident_ids.clear();
  while (true) {
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};
    n.incident_ids.push_back(select->Int(0));
  }
}

void BindContact(Statement& s, const Contact& c) {
  s.Bind(2, c.name)
      .Bind(3, c.organisation)
      .Bind(4, ContactKindName(c.kind))
      .Bind(5, JoinLines(c.emails))
      .Bind(6, c.language)
      .Bind(7, c.country)
      .Bind(8, c.pgp_fingerprint)
      .Bind(9, c.notes)
      .Bind(10, JoinLines(c.networks))
      .Bind(11, JoinLines(c.asns))
      .Bind(12, JoinLines(c.domains));
}

constexpr std::string_view kContactColumns =
    "id, name, organisation, kind, emails, language, country, pgp_fingerprint, notes, networks, "
    "asns, domains";

Contact ReadContact(const Statement& s) {
  Contact c;
  c.id = s.Int(0);
  c.name = s.Text(1);
  c.organisation = s.Text(2);
  c.kind = ParseContactKind(s.Text(3)).value_or(ContactKind::kNetworkOwner);
  c.emails = SplitLines(s.Text(4));
  c.language = s.Text(5);
  c.country = s.Text(6);
  c.pgp_fingerprint = s.Text(7);
  c.notes = s.Text(8);
  c.networks = SplitLines(s.Text(9));
  c.asns = SplitLines(s.Text(10));
  c.domains = SplitLines(s.Text(11));
  return c;
}

}  // namespace

std::string_view ContactKindName(ContactKind kind) {
  for (const auto& [value, name] : kContactKinds) {
    if (value == kind) return name;
  }
  return "network-owner";
}

std::optional<ContactKind> ParseContactKind(std::string_view name) {
  for (const auto& [value, known] : kContactKinds) {
    if (known == name) return value;
  }
  return std::nullopt;
}

Status SqliteStore::AddIncidentLinks(const std::vector<IncidentLink>& links) {
  if (links.empty()) return {};
  return commit_queue_.Submit([&](SqliteDb& db) -> Status {
    for (const IncidentLink& link : links) {
      auto insert = db.Prepare(
          "INSERT INTO incident_links (incident_id, rule, key, report_ids, at) "
          "VALUES (?1, ?2, ?3, ?4, ?5)");
      if (!insert) return std::unexpected(insert.error());
      insert->Bind(1, link.incident_id)
          .Bind(2, link.rule)
          .Bind(3, link.key)
          .Bind(4, JoinIds(link.report_ids))
          .Bind(5, ToMicros(link.at));
      if (auto ok = insert->Run(); !ok) return ok;
    }
    return {};
  });
}

Result<std::vector<IncidentLink>> SqliteStore::ListIncidentLinks(int64_t incident_id) {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  auto select = lease->Db().Prepare(
      "SELECT id, rule, key, report_ids, at FROM incident_links WHERE incident_id = ?1 "
      "ORDER BY id LIMIT 10000");
  if (!select) return std::unexpected(select.error());
  select->Bind(1, incident_id);
  std::vector<IncidentLink> links;
  while (true) {
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return links;
    links.push_back({.id = select->Int(0),
                     .incident_id = incident_id,
                     .rule = select->Text(1),
                     .key = select->Text(2),
                     .report_ids = SplitIds(select->Text(3)),
                     .at = FromMicros(select->Int(4))});
  }
}

Result<Notification> SqliteStore::SaveNotification(Notification notification) {
  auto committed = commit_queue_.Submit([&](SqliteDb& db) -> Status {
    if (notification.id == 0) {
      notification.version = 1;
      auto insert = db.Prepare(fmt::format(
          "INSERT INTO notifications ({}) VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
          "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
          kNotificationColumns));
      if (!insert) return std::unexpected(insert.error());
      BindNotification(*insert, notification);
      if (auto ok = insert->Run(); !ok) return ok;
      notification.id = db.LastInsertRowid();
    } else {
      auto update = db.Prepare(
          "UPDATE notifications SET kind = ?2, state = ?3, category = ?4, recipient = ?5, "
          "cc = ?6, language = ?7, subject = ?8, body = ?9, attachment = ?10, items = ?11, "
          "period = ?12, message_id = ?13, approved_by = ?14, attempts = ?15, "
          "next_attempt_at = ?16, last_error = ?17, created_at = ?18, updated_at = ?19, "
          "sent_at = ?20, version = ?21 + 1, claimed_until = ?22, recipient_source = ?23, "
          "pgp_fingerprint = ?24 WHERE id = ?1 AND version = ?21");
      if (!update) return std::unexpected(update.error());
      update->Bind(1, notification.id);
      BindNotification(*update, notification);
      if (auto ok = update->Run(); !ok) return ok;
      if (sqlite3_changes(db.Raw()) == 0) {
        auto exists = db.Prepare("SELECT 1 FROM notifications WHERE id = ?1");
        if (!exists) return std::unexpected(exists.error());
        exists->Bind(1, notification.id);
        auto found = exists->Step();
        if (!found) return std::unexpected(found.error());
        if (!*found) {
          return Fail(ErrorCode::kNotFound,
                      fmt::format("notification {} does not exist", notification.id));
        }
        return Fail(ErrorCode::kConflict,
                    fmt::format("notification {} was changed meanwhile (version {} is stale)",
                                notification.id, notification.version));
      }
      ++notification.version;
    }
    for (int64_t incident_id : notification.incident_ids) {
      auto link = db.Prepare(
          "INSERT OR IGNORE INTO notification_incidents (notification_id, incident_id) "
          "VALUES (?1, ?2)");
      if (!link) return std::unexpected(link.error());
      link->Bind(1, notification.id).Bind(2, incident_id);
      if (auto ok = link->Run(); !ok) return ok;
    }
    return {};
  });
  if (!committed) return std::unexpected(committed.error());
  return GetNotification(notification.id);
}

Result<Notification> SqliteStore::GetNotification(int64_t id) {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  auto select = lease->Db().Prepare(
      fmt::format("SELECT {} FROM notifications WHERE id = ?1", kNotificationColumns));
  if (!select) return std::unexpected(select.error());
  select->Bind(1, id);
  auto row = select->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("notification {} does not exist", id));
  Notification notification = ReadNotification(*select);
  if (auto ok = LoadIncidentIds(lease->Db(), notification); !ok) return std::unexpected(ok.error());
  return notification;
}

Result<std::vector<Notification>> SqliteStore::ListNotifications(const NotificationQuery& query) {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  std::string where = "1";
  if (query.incident_id) {
    where +=
        " AND id IN (SELECT notification_id FROM notification_incidents WHERE "
        "incident_id = ?1)";
  }
  if (query.state) where += " AND state = ?2";
  if (query.recipient) where += " AND recipient = ?3";
  if (query.kind) where += " AND kind = ?4";
  if (query.period) where += " AND period = ?5";
  if (query.message_id) where += " AND message_id = ?6";
  std::string order = "id DESC";
  if (query.due_by) {
    where +=
        " AND state = 'approved' AND next_attempt_at <= ?7 "
        "AND (claimed_until IS NULL OR claimed_until <= ?7)";
    order = "next_attempt_at, id";
  }
  auto select =
      lease->Db().Prepare(fmt::format("SELECT {} FROM notifications WHERE {} ORDER BY {} LIMIT ?8",
                                      kNotificationColumns, where, order));
  if (!select) return std::unexpected(select.error());
  if (query.incident_id) select->Bind(1, *query.incident_id);
  if (query.state) select->Bind(2, *query.state);
  if (query.recipient) select->Bind(3, *query.recipient);
  if (query.kind) select->Bind(4, *query.kind);
  if (query.period) select->Bind(5, *query.period);
  if (query.message_id) select->Bind(6, *query.message_id);
  if (query.due_by) select->Bind(7, ToMicros(*query.due_by));
  select->Bind(8, int64_t{std::clamp(query.limit, 1, kMaxPageSize)});
  std::vector<Notification> items;
  while (true) {
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    items.push_back(ReadNotification(*select));
  }
  for (Notification& item : items) {
    if (auto ok = LoadIncidentIds(lease->Db(), item); !ok) return std::unexpected(ok.error());
  }
  return items;
}

Result<Contact> SqliteStore::SaveContact(Contact contact) {
  auto committed = commit_queue_.Submit([&](SqliteDb& db) -> Status {
    if (contact.id == 0) {
      auto insert = db.Prepare(fmt::format(
          "INSERT INTO contacts ({}) VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
          kContactColumns));
      if (!insert) return std::unexpected(insert.error());
      BindContact(*insert, contact);
      if (auto ok = insert->Run(); !ok) return ok;
      contact.id = db.LastInsertRowid();
      return {};
    }
    auto update = db.Prepare(
        "UPDATE contacts SET name = ?2, organisation = ?3, kind = ?4, emails = ?5, "
        "language = ?6, country = ?7, pgp_fingerprint = ?8, notes = ?9, networks = ?10, "
        "asns = ?11, domains = ?12 WHERE id = ?1");
    if (!update) return std::unexpected(update.error());
    update->Bind(1, contact.id);
    BindContact(*update, contact);
    if (auto ok = update->Run(); !ok) return ok;
    if (sqlite3_changes(db.Raw()) == 0) {
      return Fail(ErrorCode::kNotFound, fmt::format("contact {} does not exist", contact.id));
    }
    return {};
  });
  if (!committed) return std::unexpected(committed.error());
  return contact;
}

Result<Contact> SqliteStore::GetContact(int64_t id) {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  auto select =
      lease->Db().Prepare(fmt::format("SELECT {} FROM contacts WHERE id = ?1", kContactColumns));
  if (!select) return std::unexpected(select.error());
  select->Bind(1, id);
  auto row = select->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("contact {} does not exist", id));
  return ReadContact(*select);
}

Result<std::vector<Contact>> SqliteStore::ListContacts(int limit) {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  auto select = lease->Db().Prepare(
      fmt::format("SELECT {} FROM contacts ORDER BY id LIMIT ?1", kContactColumns));
  if (!select) return std::unexpected(select.error());
  select->Bind(1, int64_t{std::clamp(limit, 1, 100000)});
  std::vector<Contact> contacts;
  while (true) {
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return contacts;
    contacts.push_back(ReadContact(*select));
  }
}

Status SqliteStore::DeleteContact(int64_t id) {
  return commit_queue_.Submit([&](SqliteDb& db) -> Status {
    auto remove = db.Prepare("DELETE FROM contacts WHERE id = ?1");
    if (!remove) return std::unexpected(remove.error());
    remove->Bind(1, id);
    if (auto ok = remove->Run(); !ok) return ok;
    if (sqlite3_changes(db.Raw()) == 0) {
      return Fail(ErrorCode::kNotFound, fmt::format("contact {} does not exist", id));
    }
    return {};
  });
}

}  // namespace hikeshi
