// PostgresStore: users, API tokens and browser sessions.
#include <fmt/format.h>

#include "store/postgres_params.h"
#include "store/postgres_rows.h"
#include "store/postgres_store.h"
#include "store/sqlite_rows.h"

namespace hikeshi {
namespace {

using postgres::Exec;
using postgres::Params;

std::string UserSelect(std::string_view where) {
  return fmt::format("SELECT {} FROM users WHERE {}", sqlite::kUserColumns, where);
}

// Runs a user SELECT in its own transaction: at most one row expected.
Result<User> SelectUser(postgres::ConnectionPool& pool, const std::string& sql,
                        const Params& params, std::string_view not_found) {
  std::optional<User> user;
  auto ok = pool.Run([&](pqxx::work& work) -> Status {
    auto rows = Exec(work, sql, params);
    if (rows.empty()) return Fail(ErrorCode::kNotFound, std::string(not_found));
    auto read = postgres::ReadUser(rows[0]);
    if (!read) return std::unexpected(read.error());
    user = std::move(*read);
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return std::move(*user);
}

// Gives a constraint failure the message the SQLite store gives.
Error Refined(Error error, std::string_view conflict, std::string_view not_found) {
  if (error.code == ErrorCode::kConflict && !conflict.empty()) error.message = conflict;
  if (error.code == ErrorCode::kNotFound && !not_found.empty()) error.message = not_found;
  return error;
}

}  // namespace

Result<User> PostgresStore::CreateUser(const User& user) {
  User created = user;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    created.id = Exec(work,
                      "INSERT INTO users (name, role, password_hash, disabled, created_at) "
                      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                      Params()
                          .Add(user.name)
                          .Add(ToString(user.role))
                          .Add(user.password_hash)
                          .Add(int64_t{user.disabled ? 1 : 0})
                          .Add(user.created_at))[0][0]
                     .as<int64_t>();
    return {};
  });
  if (!ok) {
    return std::unexpected(
        Refined(ok.error(), fmt::format("user name \"{}\" is taken", user.name), ""));
  }
  return created;
}

Result<User> PostgresStore::GetUserByName(std::string_view name) {
  static const std::string sql = UserSelect("name = $1");
  return SelectUser(*pool_, sql, Params().Add(name), fmt::format("no user named \"{}\"", name));
}

Result<User> PostgresStore::GetUserById(int64_t id) {
  static const std::string sql = UserSelect("id = $1");
  return SelectUser(*pool_, sql, Params().Add(id), fmt::format("no user with id {}", id));
}

Result<std::vector<User>> PostgresStore::ListUsers() {
  std::vector<User> users;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    users.clear();
    for (const auto& row :
         work.exec(fmt::format("SELECT {} FROM users ORDER BY id", sqlite::kUserColumns))) {
      auto user = postgres::ReadUser(row);
      if (!user) return std::unexpected(user.error());
      users.push_back(std::move(*user));
    }
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return users;
}

Result<ApiToken> PostgresStore::CreateApiToken(const ApiToken& token) {
  ApiToken created = token;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    created.id = Exec(work,
                      "INSERT INTO api_tokens (user_id, label, token_hash, created_at) VALUES "
                      "($1, $2, $3, $4) RETURNING id",
                      Params()
                          .Add(token.user_id)
                          .Add(token.label)
                          .Add(token.token_hash)
                          .Add(token.created_at))[0][0]
                     .as<int64_t>();
    return {};
  });
  if (!ok) {
    return std::unexpected(Refined(ok.error(), "an API token with this hash already exists",
                                   fmt::format("no user with id {}", token.user_id)));
  }
  return created;
}

Result<User> PostgresStore::GetUserByTokenHash(std::string_view token_hash) {
  static const std::string sql =
      UserSelect("id = (SELECT user_id FROM api_tokens WHERE token_hash = $1)");
  return SelectUser(*pool_, sql, Params().Add(token_hash), "no such API token");
}

Status PostgresStore::CreateSession(const Session& session) {
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    // Expired sessions are dropped here, as in the SQLite store: no clean-up job needed.
    Exec(work, "DELETE FROM sessions WHERE expires_at <= $1", Params().Add(session.created_at));
    Exec(work,
         "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) "
         "VALUES ($1, $2, $3, $4, $5)",
         Params()
             .Add(session.id_hash)
             .Add(session.user_id)
             .Add(session.csrf_token)
             .Add(session.created_at)
             .Add(session.expires_at));
    return {};
  });
  if (!ok) {
    return std::unexpected(Refined(ok.error(), "a session with this id already exists",
                                   fmt::format("no user with id {}", session.user_id)));
  }
  return {};
}

Result<Session> PostgresStore::GetSession(std::string_view id_hash, Timestamp now) {
  std::optional<Session> session;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    static const std::string sql = fmt::format(
        "SELECT {} FROM sessions WHERE id_hash = $1 AND expires_at > $2", sqlite::kSessionColumns);
    auto rows = Exec(work, sql, Params().Add(id_hash).Add(now));
    if (rows.empty()) return Fail(ErrorCode::kNotFound, "no such session, or it has expired");
    session = postgres::ReadSession(rows[0]);
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return std::move(*session);
}

Status PostgresStore::DeleteSession(std::string_view id_hash) {
  return pool_->Run([&](pqxx::work& work) -> Status {
    Exec(work, "DELETE FROM sessions WHERE id_hash = $1", Params().Add(id_hash));
    return {};
  });
}

}  // namespace hikeshi
