// RAII over the SQLite C API: one connection (SqliteDb) with its cache of prepared statements,
// statements borrowed from that cache (Statement), transactions that roll back unless committed
// (Transaction), and the mapping of SQLite result codes onto hikeshi::Error.
//
// Thread safety: none. A SqliteDb and everything borrowed from it are used by one thread at a
// time; sqlite_connections.h hands connections out under that rule.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.h"

namespace hikeshi::sqlite {

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using ConnectionPtr = std::unique_ptr<sqlite3, ConnectionCloser>;
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// Maps a failed SQLite call onto an Error: BUSY/LOCKED (the busy timeout ran out) → kUnavailable,
// CONSTRAINT → kConflict, CORRUPT/NOTADB → kCorrupt, CANTOPEN/IOERR/FULL/READONLY/PERM (the
// environment, not hikeshi) → kUnavailable, anything else → kInternal. The message carries
// `context` and SQLite's own explanation.
Error MapError(sqlite3* db, int result_code, std::string_view context);

class Statement;

// One open connection. Owns its prepared statements, which are finalized before it closes.
class SqliteDb {
 public:
  struct Options {
    bool read_only = false;
    int busy_timeout_ms = 5000;
  };

  // Opens (creating when writable) the database file at `path`, or an in-memory one for ":memory:".
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path, const Options& options);

  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Runs one or more statements that return no rows (pragmas, schema).
  Status Execute(std::string_view sql);

  // Returns the cached prepared statement for `sql` (prepared on first use), reset and with no
  // bindings. When that statement is already borrowed (nested use), or the cache is full, a
  // private one-off statement is prepared instead, so borrowing never disturbs another borrower.
  Result<Statement> Prepare(std::string_view sql);

  int64_t LastInsertRowid() const { return sqlite3_last_insert_rowid(db_.get()); }
  sqlite3* Raw() const { return db_.get(); }
  int BusyTimeoutMs() const { return busy_timeout_ms_; }

  // Error for a failed call on this connection, with the busy timeout in the BUSY message.
  Error ErrorFor(int result_code, std::string_view context) const;

 private:
  struct CachedStatement {
    StatementPtr statement;
    bool borrowed = false;
  };
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  // Dynamic queries (e.g. full-text search with varying terms) must not grow the cache forever.
  static constexpr size_t kMaxCachedStatements = 128;

  SqliteDb(ConnectionPtr db, int busy_timeout_ms);

  ConnectionPtr db_;
  int busy_timeout_ms_;
  // Declared after db_ so the statements are finalized before the connection closes.
  std::unordered_map<std::string, CachedStatement, StringHash, std::equal_to<>> cache_;
};

// A borrowed (or privately owned) prepared statement. Bind parameters are 1-based, columns
// 0-based, as in SQLite. On destruction the statement is reset and returned to its cache.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);  // copied by SQLite (SQLITE_TRANSIENT)
  Statement& Bind(int index, const std::string& value) {
    return Bind(index, std::string_view(value));
  }
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const std::optional<int64_t>& value);
  Statement& Bind(int index, const std::optional<std::string_view>& value);
  Statement& BindNull(int index);
  Statement& BindBlob(int index, std::string_view bytes);  // copied; stored as a BLOB

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> Step();
  // Steps until done, for statements that return no rows.
  Status Run();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  std::string Text(int column) const;
  std::string Blob(int column) const;  // the bytes of a BLOB (or TEXT) column, NULs included
  std::optional<int64_t> OptionalInt(int column) const;

 private:
  friend class SqliteDb;
  Statement(const SqliteDb* db, sqlite3_stmt* statement, bool* borrowed, StatementPtr owned);

  // Remembers the first bind failure so it is reported by the next Step().
  void CheckBind(int result_code);

  const SqliteDb* db_;
  sqlite3_stmt* statement_;
  bool* borrowed_;      // the cache's flag, or nullptr for a private statement
  StatementPtr owned_;  // set for a private statement
  int bind_error_ = SQLITE_OK;
};

// BEGIN … COMMIT; rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  enum class Kind { kRead, kWrite };  // kWrite takes the write lock up front (BEGIN IMMEDIATE)

  static Result<Transaction> Begin(SqliteDb& db, Kind kind);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Status Commit();

 private:
  explicit Transaction(SqliteDb* db) : db_(db) {}
  SqliteDb* db_;  // nullptr once committed or rolled back
};

}  // namespace hikeshi::sqlite
