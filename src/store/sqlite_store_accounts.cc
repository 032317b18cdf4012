// SqliteStore: users, API tokens and browser sessions. (Incidents and work logs are in
// sqlite_store.cc.)
#include <fmt/format.h>

#include "store/sqlite_rows.h"
#include "store/sqlite_store.h"

namespace hikeshi {
namespace {

using sqlite::SqliteDb;
using sqlite::Statement;

// Tells which constraint a failed INSERT hit, from the extended code of the call that just
// failed on `db` (valid until the next call on the connection).
bool FailedOn(const SqliteDb& db, int extended_code) {
  return sqlite3_extended_errcode(db.Raw()) == extended_code;
}

// Runs a SELECT expected to return at most one user (columns kUserColumns).
Result<User> SelectUser(Statement& select, std::string_view not_found) {
  auto row = select.Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, std::string(not_found));
  return sqlite::ReadUser(select);
}

std::string UserSelect(std::string_view where) {
  return fmt::format("SELECT {} FROM users WHERE {}", sqlite::kUserColumns, where);
}

}  // namespace

Result<User> SqliteStore::CreateUser(const User& user) {
  User created = user;
  auto committed = commit_queue_.Submit([&](SqliteDb& db) -> Status {
    auto insert = db.Prepare(
        "INSERT INTO users (name, role, password_hash, disabled, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!insert) return std::unexpected(insert.error());
    insert->Bind(1, user.name)
        .Bind(2, ToString(user.role))
        .Bind(3, user.password_hash)
        .Bind(4, int64_t{user.disabled ? 1 : 0})
        .Bind(5, ToMicros(user.created_at));
    if (auto ok = insert->Run(); !ok) {
      if (FailedOn(db, SQLITE_CONSTRAINT_UNIQUE)) {
        return Fail(ErrorCode::kConflict, fmt::format("user name \"{}\" is taken", user.name));
      }
      return ok;
    }
    created.id = db.LastInsertRowid();
    return {};
  });
  if (!committed) return std::unexpected(committed.error());
  return created;
}

Result<User> SqliteStore::GetUserByName(std::string_view name) {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  static const std::string sql = UserSelect("name = ?1");
  auto select = lease->Db().Prepare(sql);
  if (!select) return std::unexpected(select.error());
  select->Bind(1, name);
  return SelectUser(*select, fmt::format("no user named \"{}\"", name));
}

Result<User> SqliteStore::GetUserById(int64_t id) {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  static const std::string sql = UserSelect("id = ?1");
  auto select = lease->Db().Prepare(sql);
  if (!select) return std::unexpected(select.error());
  select->Bind(1, id);
  return SelectUser(*select, fmt::format("no user with id {}", id));
}

Result<std::vector<User>> SqliteStore::ListUsers() {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  static const std::string sql =
      fmt::format("SELECT {} FROM users ORDER BY id", sqlite::kUserColumns);
  auto select = lease->Db().Prepare(sql);
  if (!select) return std::unexpected(select.error());
  std::vector<User> users;
  while (true) {
    auto more = select->Step();
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    auto user = sqlite::ReadUser(*select);
    if (!user) return std::unexpected(user.error());
    users.push_back(std::move(*user));
  }
  return users;
}

Result<ApiToken> SqliteStore::CreateApiToken(const ApiToken& token) {
  ApiToken created = token;
  auto committed = commit_queue_.Submit([&](SqliteDb& db) -> Status {
    auto insert = db.Prepare(
        "INSERT INTO api_tokens (user_id, label, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)");
    if (!insert) return std::unexpected(insert.error());
    insert->Bind(1, token.user_id)
        .Bind(2, token.label)
        .Bind(3, token.token_hash)
        .Bind(4, ToMicros(token.created_at));
    if (auto ok = insert->Run(); !ok) {
      if (FailedOn(db, SQLITE_CONSTRAINT_FOREIGNKEY)) {
        return Fail(ErrorCode::kNotFound, fmt::format("no user with id {}", token.user_id));
      }
      if (FailedOn(db, SQLITE_CONSTRAINT_UNIQUE)) {
        return Fail(ErrorCode::kConflict, "an API token with this hash already exists");
      }
      return ok;
    }
    created.id = db.LastInsertRowid();
    return {};
  });
  if (!committed) return std::unexpected(committed.error());
  return created;
}

Result<User> SqliteStore::GetUserByTokenHash(std::string_view token_hash) {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  static const std::string sql =
      UserSelect("id = (SELECT user_id FROM api_tokens WHERE token_hash = ?1)");
  auto select = lease->Db().Prepare(sql);
  if (!select) return std::unexpected(select.error());
  select->Bind(1, token_hash);
  return SelectUser(*select, "no such API token");
}

Status SqliteStore::CreateSession(const Session& session) {
  return commit_queue_.Submit([&](SqliteDb& db) -> Status {
    // Expired sessions are useless; dropping them here keeps the table at the live ones without
    // a separate clean-up job. The index on expires_at makes this cheap.
    auto purge = db.Prepare("DELETE FROM sessions WHERE expires_at <= ?1");
    if (!purge) return std::unexpected(purge.error());
    purge->Bind(1, ToMicros(session.created_at));
    if (auto ok = purge->Run(); !ok) return ok;
    auto insert = db.Prepare(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!insert) return std::unexpected(insert.error());
    insert->Bind(1, session.id_hash)
        .Bind(2, session.user_id)
        .Bind(3, session.csrf_token)
        .Bind(4, ToMicros(session.created_at))
        .Bind(5, ToMicros(session.expires_at));
    if (auto ok = insert->Run(); !ok) {
      if (FailedOn(db, SQLITE_CONSTRAINT_FOREIGNKEY)) {
        return Fail(ErrorCode::kNotFound, fmt::format("no user with id {}", session.user_id));
      }
      if (FailedOn(db, SQLITE_CONSTRAINT_PRIMARYKEY)) {
        return Fail(ErrorCode::kConflict, "a session with this id already exists");
      }
      return ok;
    }
    return {};
  });
}

Result<Session> SqliteStore::GetSession(std::string_view id_hash, Timestamp now) {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  static const std::string sql = fmt::format(
      "SELECT {} FROM sessions WHERE id_hash = ?1 AND expires_at > ?2", sqlite::kSessionColumns);
  auto select = lease->Db().Prepare(sql);
  if (!select) return std::unexpected(select.error());
  select->Bind(1, id_hash).Bind(2, ToMicros(now));
  auto row = select->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "no such session, or it has expired");
  return sqlite::ReadSession(*select);
}

Status SqliteStore::DeleteSession(std::string_view id_hash) {
  return commit_queue_.Submit([&](SqliteDb& db) -> Status {
    auto remove = db.Prepare("DELETE FROM sessions WHERE id_hash = ?1");
    if (!remove) return std::unexpected(remove.error());
    remove->Bind(1, id_hash);
    return remove->Run();
  });
}

}  // namespace hikeshi
