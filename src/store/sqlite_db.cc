#include "store/sqlite_db.h"

#include <fmt/format.h>

#include <utility>

namespace hikeshi::sqlite {

Error MapError(sqlite3* db, int result_code, std::string_view context) {
  // sqlite3_errmsg describes the most recent failed call on `db`, which is the one reported here.
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(result_code);
  std::string message = fmt::format("{}: {}", context, detail);
  switch (result_code & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error{ErrorCode::kUnavailable, std::move(message)};
    case SQLITE_CONSTRAINT:
      return Error{ErrorCode::kConflict, std::move(message)};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Error{ErrorCode::kCorrupt, std::move(message)};
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return Error{ErrorCode::kUnavailable, std::move(message)};
    default:
      return Error{ErrorCode::kInternal, std::move(message)};
  }
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path, const Options& options) {
  // NOMUTEX: callers already guarantee one thread per connection (see sqlite_connections.h), so
  // SQLite's own per-connection mutex would only cost time. EXRESCODE: extended result codes, so
  // a foreign-key failure can be told from a uniqueness failure.
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  flags |= options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  int result = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  ConnectionPtr db(raw);  // sqlite3_open_v2 hands out a handle even when it fails
  if (result != SQLITE_OK) {
    return std::unexpected(MapError(db.get(), result, fmt::format("cannot open {}", path)));
  }
  result = sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
  if (result != SQLITE_OK) {
    return std::unexpected(MapError(db.get(), result, "cannot set the busy timeout"));
  }
  return std::unique_ptr<SqliteDb>(new SqliteDb(std::move(db), options.busy_timeout_ms));
}

SqliteDb::SqliteDb(ConnectionPtr db, int busy_timeout_ms)
    : db_(std::move(db)), busy_timeout_ms_(busy_timeout_ms) {}

SqliteDb::~SqliteDb() { cache_.clear(); }

Error SqliteDb::ErrorFor(int result_code, std::string_view context) const {
  int primary = result_code & 0xFF;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return MapError(
        db_.get(), result_code,
        fmt::format("{} (the database stayed locked by another connection for the whole busy "
                    "timeout of {} ms)",
                    context, busy_timeout_ms_));
  }
  return MapError(db_.get(), result_code, context);
}

Status SqliteDb::Execute(std::string_view sql) {
  std::string text(sql);  // sqlite3_exec wants a NUL-terminated string
  char* message = nullptr;
  int result = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);  // the same text is available from sqlite3_errmsg
  if (result != SQLITE_OK) return std::unexpected(ErrorFor(result, "executing schema statements"));
  return {};
}

Result<Statement> SqliteDb::Prepare(std::string_view sql) {
  auto found = cache_.find(sql);
  if (found != cache_.end() && !found->second.borrowed) {
    found->second.borrowed = true;
    return Statement(this, found->second.statement.get(), &found->second.borrowed, nullptr);
  }
  bool cacheable = found == cache_.end() && cache_.size() < kMaxCachedStatements;
  sqlite3_stmt* raw = nullptr;
  int result = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                  cacheable ? SQLITE_PREPARE_PERSISTENT : 0, &raw, nullptr);
  StatementPtr statement(raw);
  if (result != SQLITE_OK) {
    return std::unexpected(ErrorFor(result, fmt::format("preparing \"{}\"", sql)));
  }
  if (!cacheable) return Statement(this, raw, nullptr, std::move(statement));
  auto [inserted, _] =
      cache_.emplace(std::string(sql), CachedStatement{std::move(statement), true});
  return Statement(this, inserted->second.statement.get(), &inserted->second.borrowed, nullptr);
}

Statement::Statement(const SqliteDb* db, sqlite3_stmt* statement, bool* borrowed,
                     StatementPtr owned)
    : db_(db), statement_(statement), borrowed_(borrowed), owned_(std::move(owned)) {}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      statement_(std::exchange(other.statement_, nullptr)),
      borrowed_(std::exchange(other.borrowed_, nullptr)),
      owned_(std::move(other.owned_)),
      bind_error_(other.bind_error_) {}

Statement::~Statement() {
  if (statement_ == nullptr || owned_ != nullptr) return;  // moved from, or finalized by owned_
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  if (borrowed_ != nullptr) *borrowed_ = false;
}

void Statement::CheckBind(int result_code) {
  if (bind_error_ == SQLITE_OK) bind_error_ = result_code;
}

Statement& Statement::Bind(int index, int64_t value) {
  CheckBind(sqlite3_bind_int64(statement_, index, value));
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  CheckBind(sqlite3_bind_text64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                                SQLITE_UTF8));
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::Bind(int index, const std::optional<std::string_view>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  CheckBind(sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::BindNull(int index) {
  CheckBind(sqlite3_bind_null(statement_, index));
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_error_ != SQLITE_OK) {
    return std::unexpected(db_->ErrorFor(
        bind_error_, fmt::format("binding parameters of \"{}\"", sqlite3_sql(statement_))));
  }
  int result = sqlite3_step(statement_);
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) return false;
  return std::unexpected(db_->ErrorFor(result, fmt::format("\"{}\"", sqlite3_sql(statement_))));
}

Status Statement::Run() {
  while (true) {
    auto row = Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};
  }
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(statement_, column); }

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
}

std::string Statement::Blob(int column) const {
  const void* bytes = sqlite3_column_blob(statement_, column);
  if (bytes == nullptr) return {};
  return std::string(static_cast<const char*>(bytes),
                     static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
}

std::optional<int64_t> Statement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

Result<Transaction> Transaction::Begin(SqliteDb& db, Kind kind) {
  auto begin = db.Prepare(kind == Kind::kWrite ? "BEGIN IMMEDIATE" : "BEGIN");
  if (!begin) return std::unexpected(begin.error());
  if (auto ok = begin->Run(); !ok) return std::unexpected(ok.error());
  return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Transaction::~Transaction() {
  // Some failures (e.g. SQLITE_FULL) already rolled back; ROLLBACK would then fail harmlessly, but
  // checking autocommit avoids the noise. Nothing useful can be done about a failing rollback.
  if (db_ == nullptr || sqlite3_get_autocommit(db_->Raw())) return;
  if (auto rollback = db_->Prepare("ROLLBACK")) (void)rollback->Run();
}

Status Transaction::Commit() {
  if (db_ == nullptr) return Fail(ErrorCode::kInternal, "transaction already committed");
  auto commit = db_->Prepare("COMMIT");
  if (!commit) return std::unexpected(commit.error());
  if (auto ok = commit->Run(); !ok) return ok;  // still open: the destructor rolls back
  db_ = nullptr;
  return {};
}

}  // namespace hikeshi::sqlite
