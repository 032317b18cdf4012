// PostgresStore: correlation links, notifications and contacts (schema version 4), with the
// SQLite store's behaviour (sqlite_store_coord.cc): the same columns in the same text forms,
// optimistic versions on notifications (kConflict), and the outbox's claim
// (ClaimDueNotifications, store.h).
#include <fmt/format.h>

#include <algorithm>

#include "store/postgres_params.h"
#include "store/postgres_store.h"
#include "store/stored_lists.h"

namespace hikeshi {
namespace {

using postgres::Exec;
using postgres::Params;

// $1 … $23: every column of kNotificationColumns but the id, in order.
Params NotificationFields(const Notification& n) {
  Params params;
  params.Add(n.kind)
      .Add(n.state)
      .Add(n.category)
      .Add(n.recipient)
      .Add(n.cc)
      .Add(n.language)
      .Add(n.subject)
      .Add(n.body)
      .Add(n.attachment)
      .Add(n.items)
      .Add(n.period)
      .Add(n.message_id)
      .Add(n.approved_by)
      .Add(n.attempts)
      .Add(n.next_attempt_at)
      .Add(n.last_error)
      .Add(n.created_at)
      .Add(n.updated_at)
      .Add(n.sent_at)
      .Add(n.version)
      .Add(n.claimed_until)
      .Add(n.recipient_source)
      .Add(n.pgp_fingerprint);
  return params;
}

std::optional<Timestamp> OptionalTime(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return FromMicros(field.as<int64_t>());
}

Notification ReadNotification(const pqxx::row& row) {
  Notification n;
  n.id = row[0].as<int64_t>();
  n.kind = row[1].as<std::string>();
  n.state = row[2].as<std::string>();
  n.category = row[3].as<std::string>();
  n.recipient = row[4].as<std::string>();
  n.cc = row[5].as<std::string>();
  n.language = row[6].as<std::string>();
  n.subject = row[7].as<std::string>();
  n.body = row[8].as<std::string>();
  n.attachment = row[9].as<std::string>();
  n.items = row[10].as<std::string>();
  n.period = row[11].as<std::string>();
  n.message_id = row[12].as<std::string>();
  n.approved_by = row[13].as<std::string>();
  n.attempts = row[14].as<int64_t>();
  n.next_attempt_at = OptionalTime(row[15]);
  n.last_error = row[16].as<std::string>();
  n.created_at = FromMicros(row[17].as<int64_t>());
  n.updated_at = FromMicros(row[18].as<int64_t>());
  n.sent_at = OptionalTime(row[19]);
  n.version = row[20].as<int64_t>();
  n.claimed_until = OptionalTime(row[21]);
  n.recipient_source = row[22].as<std::string>();
  n.pgp_fingerprint = row[23].as<std::string>();
  return n;
}

void LoadIncidentIds(pqxx::work& work, Notification& n) {
  n.incident_ids.clear();
  for (const auto& row : Exec(work,
                              "SELECT incident_id FROM notification_incidents WHERE "
                              "notification_id = $1 ORDER BY incident_id",
                              Params().Add(n.id))) {
    n.incident_ids.push_back(row[0].as<int64_t>());
  }
}

std::vector<Notification> ReadNotifications(pqxx::work& work, const pqxx::result& rows) {
  std::vector<Notification> items;
  for (const auto& row : rows) items.push_back(ReadNotification(row));
  for (Notification& item : items) LoadIncidentIds(work, item);
  return items;
}

constexpr std::string_view kContactColumns =
    "id, name, organisation, kind, emails, language, country, pgp_fingerprint, notes, networks, "
    "asns, domains";

// $1 … $11: every column of kContactColumns but the id.
Params ContactFields(const Contact& c) {
  Params params;
  params.Add(c.name)
      .Add(c.organisation)
      .Add(ContactKindName(c.kind))
      .Add(JoinLines(c.emails))
      .Add(c.language)
      .Add(c.country)
      .Add(c.pgp_fingerprint)
      .Add(c.notes)
      .Add(JoinLines(c.networks))
      .Add(JoinLines(c.asns))
      .Add(JoinLines(c.domains));
  return params;
}

Contact ReadContact(const pqxx::row& row) {
  Contact c;
  c.id = row[0].as<int64_t>();
  c.name = row[1].as<std::string>();
  c.organisation = row[2].as<std::string>();
  c.kind = ParseContactKind(row[3].as<std::string>()).value_or(ContactKind::kNetworkOwner);
  c.emails = SplitLines(row[4].as<std::string>());
  c.language = row[5].as<std::string>();
  c.country = row[6].as<std::string>();
  c.pgp_fingerprint = row[7].as<std::string>();
  c.notes = row[8].as<std::string>();
  c.networks = SplitLines(row[9].as<std::string>());
  c.asns = SplitLines(row[10].as<std::string>());
  c.domains = SplitLines(row[11].as<std::string>());
  return c;
}

}  // namespace

Status PostgresStore::AddIncidentLinks(const std::vector<IncidentLink>& links) {
  if (links.empty()) return {};
  return pool_->Run([&](pqxx::work& work) -> Status {
    for (const IncidentLink& link : links) {
      Exec(work,
           "INSERT INTO incident_links (incident_id, rule, key, report_ids, at) "
           "VALUES ($1, $2, $3, $4, $5)",
           Params()
               .Add(link.incident_id)
               .Add(link.rule)
               .Add(link.key)
               .Add(JoinIds(link.report_ids))
               .Add(link.at));
    }
    return {};
  });
}

Result<std::vector<IncidentLink>> PostgresStore::ListIncidentLinks(int64_t incident_id) {
  std::vector<IncidentLink> links;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    links.clear();
    for (const auto& row : Exec(work,
                                "SELECT id, rule, key, report_ids, at FROM incident_links "
                                "WHERE incident_id = $1 ORDER BY id LIMIT 10000",
                                Params().Add(incident_id))) {
      links.push_back({.id = row[0].as<int64_t>(),
                       .incident_id = incident_id,
                       .rule = row[1].as<std::string>(),
                       .key = row[2].as<std::string>(),
                       .report_ids = SplitIds(row[3].as<std::string>()),
                       .at = FromMicros(row[4].as<int64_t>())});
    }
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return links;
}

Result<Notification> PostgresStore::SaveNotification(Notification notification) {
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    Notification n = notification;  // the body may run again after a deadlock
    if (n.id == 0) {
      n.version = 1;
      Params params = NotificationFields(n);
      n.id = Exec(work,
                  fmt::format("INSERT INTO notifications ({}) VALUES (DEFAULT, $1, $2, $3, $4, "
                              "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
                              "$19, $20, $21, $22, $23) RETURNING id",
                              kNotificationColumns),
                  params)[0][0]
                 .as<int64_t>();
    } else {
      // Under READ COMMITTED a concurrent save of the same row makes this one wait for its
      // commit and then re-check the version: exactly one of them wins.
      Params params = NotificationFields(n);
      params.Add(n.id);
      auto updated = Exec(work,
                          "UPDATE notifications SET kind = $1, state = $2, category = $3, "
                          "recipient = $4, cc = $5, language = $6, subject = $7, body = $8, "
                          "attachment = $9, items = $10, period = $11, message_id = $12, "
                          "approved_by = $13, attempts = $14, next_attempt_at = $15, "
                          "last_error = $16, created_at = $17, updated_at = $18, sent_at = $19, "
                          "version = $20 + 1, claimed_until = $21, recipient_source = $22, "
                          "pgp_fingerprint = $23 WHERE id = $24 AND version = $20",
                          params);
      if (updated.affected_rows() == 0) {
        auto exists = Exec(work, "SELECT 1 FROM notifications WHERE id = $1", Params().Add(n.id));
        if (exists.empty()) {
          return Fail(ErrorCode::kNotFound, fmt::format("notification {} does not exist", n.id));
        }
        return Fail(ErrorCode::kConflict,
                    fmt::format("notification {} was changed meanwhile (version {} is stale)", n.id,
                                n.version));
      }
    }
    for (int64_t incident_id : n.incident_ids) {
      Exec(work,
           "INSERT INTO notification_incidents (notification_id, incident_id) VALUES ($1, $2) "
           "ON CONFLICT DO NOTHING",
           Params().Add(n.id).Add(incident_id));
    }
    notification.id = n.id;
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return GetNotification(notification.id);
}

Result<Notification> PostgresStore::GetNotification(int64_t id) {
  std::optional<Notification> found;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    auto rows =
        Exec(work, fmt::format("SELECT {} FROM notifications WHERE id = $1", kNotificationColumns),
             Params().Add(id));
    if (rows.empty()) {
      return Fail(ErrorCode::kNotFound, fmt::format("notification {} does not exist", id));
    }
    found = ReadNotification(rows[0]);
    LoadIncidentIds(work, *found);
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return std::move(*found);
}

Result<std::vector<Notification>> PostgresStore::ListNotifications(const NotificationQuery& query) {
  Params params;
  std::string where = "TRUE";
  if (query.incident_id) {
    where += " AND id IN (SELECT notification_id FROM notification_incidents WHERE incident_id = " +
             params.Next() + ")";
    params.Add(*query.incident_id);
  }
  auto equal = [&](std::string_view column, const std::optional<std::string>& value) {
    if (!value) return;
    where += fmt::format(" AND {} = {}", column, params.Next());
    params.Add(*value);
  };
  equal("state", query.state);
  equal("recipient", query.recipient);
  equal("kind", query.kind);
  equal("period", query.period);
  equal("message_id", query.message_id);
  std::string order = "id DESC";
  if (query.due_by) {
    std::string due_by = params.Next();
    where += fmt::format(
        " AND state = 'approved' AND next_attempt_at <= {0} "
        "AND (claimed_until IS NULL OR claimed_until <= {0})",
        due_by);
    params.Add(*query.due_by);
    order = "next_attempt_at, id";
  }
  std::string sql = fmt::format("SELECT {} FROM notifications WHERE {} ORDER BY {} LIMIT {}",
                                kNotificationColumns, where, order, params.Next());
  params.Add(int64_t{std::clamp(query.limit, 1, kMaxPageSize)});
  std::vector<Notification> items;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    items = ReadNotifications(work, Exec(work, sql, params));
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return items;
}

Result<std::vector<Notification>> PostgresStore::ClaimDueNotifications(
    std::chrono::milliseconds lease, Timestamp now, int limit) {
  // SKIP LOCKED: a row another server is claiming right now is left to it, not waited for. A
  // row claimed and committed since this statement's snapshot is re-checked under its lock
  // (its claimed_until is in the future by then) and dropped from the subquery.
  static const std::string sql = fmt::format(
      "UPDATE notifications SET claimed_until = $1, version = version + 1 WHERE id IN ("
      "SELECT id FROM notifications WHERE state = 'approved' AND next_attempt_at <= $2 "
      "AND (claimed_until IS NULL OR claimed_until <= $2) "
      "ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING {}",
      kNotificationColumns);
  Params params;
  params.Add(now + std::chrono::duration_cast<std::chrono::microseconds>(lease))
      .Add(now)
      .Add(int64_t{std::clamp(limit, 1, kMaxPageSize)});
  std::vector<Notification> items;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    items = ReadNotifications(work, Exec(work, sql, params));
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  std::sort(items.begin(), items.end(),
            [](const Notification& a, const Notification& b) { return a.id < b.id; });
  return items;
}

Result<Notification> PostgresStore::ClaimNotification(int64_t id, std::chrono::milliseconds lease,
                                                      Timestamp now) {
  // FOR UPDATE: a claimer racing on the same row (the outbox's claim or another send-now)
  // waits for this transaction and then sees its claim, so exactly one of them wins.
  std::optional<Notification> claimed;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    auto rows =
        Exec(work, "SELECT state, claimed_until FROM notifications WHERE id = $1 FOR UPDATE",
             Params().Add(id));
    if (rows.empty()) {
      return Fail(ErrorCode::kNotFound, fmt::format("notification {} does not exist", id));
    }
    auto state = rows[0][0].as<std::string>();
    if (state != "approved") {
      return Fail(ErrorCode::kConflict,
                  fmt::format("notification {} is {}, only an approved one is sent", id, state));
    }
    if (auto until = OptionalTime(rows[0][1]); until && *until > now) {
      return Fail(ErrorCode::kConflict, ClaimedElsewhereMessage(id, *until, now));
    }
    claimed =
        ReadNotifications(
            work, Exec(work,
                       fmt::format("UPDATE notifications SET claimed_until = $1, "
                                   "version = version + 1 WHERE id = $2 RETURNING {}",
                                   kNotificationColumns),
                       Params()
                           .Add(now + std::chrono::duration_cast<std::chrono::microseconds>(lease))
                           .Add(id)))
            .front();
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return std::move(*claimed);
}

Result<Contact> PostgresStore::SaveContact(Contact contact) {
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    Params params = ContactFields(contact);
    if (contact.id == 0) {
      contact.id = Exec(work,
                        fmt::format("INSERT INTO contacts ({}) VALUES (DEFAULT, $1, $2, $3, $4, "
                                    "$5, $6, $7, $8, $9, $10, $11) RETURNING id",
                                    kContactColumns),
                        params)[0][0]
                       .as<int64_t>();
      return {};
    }
    params.Add(contact.id);
    auto updated = Exec(work,
                        "UPDATE contacts SET name = $1, organisation = $2, kind = $3, "
                        "emails = $4, language = $5, country = $6, pgp_fingerprint = $7, "
                        "notes = $8, networks = $9, asns = $10, domains = $11 WHERE id = $12",
                        params);
    if (updated.affected_rows() == 0) {
      return Fail(ErrorCode::kNotFound, fmt::format("contact {} does not exist", contact.id));
    }
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return contact;
}

Result<Contact> PostgresStore::GetContact(int64_t id) {
  std::optional<Contact> found;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    auto rows = Exec(work, fmt::format("SELECT {} FROM contacts WHERE id = $1", kContactColumns),
                     Params().Add(id));
    if (rows.empty())
      return Fail(ErrorCode::kNotFound, fmt::format("contact {} does not exist", id));
    found = ReadContact(rows[0]);
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return std::move(*found);
}

Result<std::vector<Contact>> PostgresStore::ListContacts(int limit) {
  std::vector<Contact> contacts;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    contacts.clear();
    for (const auto& row :
         Exec(work, fmt::format("SELECT {} FROM contacts ORDER BY id LIMIT $1", kContactColumns),
              Params().Add(int64_t{std::clamp(limit, 1, 100000)}))) {
      contacts.push_back(ReadContact(row));
    }
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return contacts;
}

Status PostgresStore::DeleteContact(int64_t id) {
  return pool_->Run([&](pqxx::work& work) -> Status {
    if (Exec(work, "DELETE FROM contacts WHERE id = $1", Params().Add(id)).affected_rows() == 0) {
      return Fail(ErrorCode::kNotFound, fmt::format("contact {} does not exist", id));
    }
    return {};
  });
}

}  // namespace hikeshi
