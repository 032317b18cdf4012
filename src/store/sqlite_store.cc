#include "store/sqlite_store.h"

#include <fmt/format.h>

#include <algorithm>

#include "store/incident_sort.h"
#include "store/sqlite_incident_query.h"
#include "store/sqlite_migrations.h"
#include "store/sqlite_rows.h"
#include "store/sqlite_search_index.h"
#include "store/worklog_chain.h"

namespace hikeshi {
namespace {

using sqlite::IncidentRow;
using sqlite::SqliteDb;
using sqlite::Statement;
using sqlite::Transaction;

// Readers beyond the two cores of the target machine add little; a few cover a burst of slow
// reads (a verify, a big listing) without starving the rest.
constexpr int kMaxReaders = 4;

// The PRAGMA synchronous value for the option (see StoreOptions).
Result<std::string_view> SynchronousMode(const StoreOptions& options) {
  if (options.sqlite_synchronous == "normal") return "NORMAL";
  if (options.sqlite_synchronous == "full") return "FULL";
  return Fail(ErrorCode::kInvalid,
              fmt::format("sqlite synchronous must be \"normal\" or \"full\", not \"{}\"",
                          options.sqlite_synchronous));
}

Status Configure(SqliteDb& db, bool in_memory, std::string_view synchronous) {
  if (auto ok =
          db.Execute(fmt::format("PRAGMA foreign_keys = ON; PRAGMA synchronous = {}", synchronous));
      !ok) {
    return ok;
  }
  if (in_memory) return {};
  auto journal = db.Prepare("PRAGMA journal_mode = WAL");
  if (!journal) return std::unexpected(journal.error());
  auto row = journal->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row || journal->Text(0) != "wal") {
    return Fail(ErrorCode::kUnavailable,
                "cannot switch the database to WAL mode (is it on a network file system?)");
  }
  return {};
}

Result<IncidentRow> LoadIncident(SqliteDb& db, int64_t id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM incidents WHERE id = ?1", sqlite::IncidentColumns());
  auto select = db.Prepare(sql);
  if (!select) return std::unexpected(select.error());
  select->Bind(1, id);
  auto row = select->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("incident {} does not exist", id));
  return sqlite::ReadIncident(*select);
}

// The next entry of `row`'s chain, hashed and linked to the current head.
WorkLogEntry NextEntry(const IncidentRow& row, const WorkLogDraft& draft,
                       std::string_view responder, Timestamp at) {
  WorkLogEntry entry{.incident_id = row.incident.id,
                     .seq = row.log_count + 1,
                     .at = at,
                     .responder = std::string(responder),
                     .action = draft.action,
                     .text = draft.text,
                     .prev_hash = row.log_head};
  entry.hash = ChainHash(entry.prev_hash, entry);
  return entry;
}

// Stores `entry` and advances `row`'s chain length and head in memory; the caller saves the row
// in the same transaction.
Status AppendEntry(SqliteDb& db, IncidentRow& row, const WorkLogEntry& entry) {
  static const std::string sql = fmt::format(
      "INSERT INTO worklog ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", sqlite::kWorkLogColumns);
  auto insert = db.Prepare(sql);
  if (!insert) return std::unexpected(insert.error());
  sqlite::BindWorkLogEntry(*insert, entry);
  if (auto ok = insert->Run(); !ok) return ok;
  row.log_count = entry.seq;
  row.log_head = entry.hash;
  return {};
}

// One above every id ever used, counting work-log rows and the search index's watermark too:
// should an incident row be deleted behind hikeshi's back, its id is still not handed out again
// (its orphaned entries would collide with the new incident's, and the search index would
// take the new incident as already indexed). Three B-tree end lookups; nothing is written.
Result<int64_t> NextIncidentId(SqliteDb& db) {
  auto select = db.Prepare(
      "SELECT MAX((SELECT COALESCE(MAX(id), 0) FROM incidents), "
      "(SELECT COALESCE(MAX(incident_id), 0) FROM worklog), "
      "(SELECT upto FROM incidents_fts_indexed)) + 1");
  if (!select) return std::unexpected(select.error());
  auto row = select->Step();
  if (!row) return std::unexpected(row.error());
  return select->Int(0);
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                       const StoreOptions& options) {
  bool in_memory = path == ":memory:";
  auto synchronous = SynchronousMode(options);
  if (!synchronous) return std::unexpected(synchronous.error());
  auto writer = SqliteDb::Open(path, {.busy_timeout_ms = options.sqlite_busy_timeout_ms});
  if (!writer) return std::unexpected(writer.error());
  if (auto ok = Configure(**writer, in_memory, *synchronous); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = sqlite::Migrate(**writer, SystemClock().Now()); !ok) {
    return std::unexpected(ok.error());
  }
  std::unique_ptr<sqlite::Checkpointer> checkpointer;
  if (!in_memory) {  // an in-memory database has no WAL
    auto started =
        sqlite::Checkpointer::Start(**writer, path, *synchronous, options.sqlite_busy_timeout_ms);
    if (!started) return std::unexpected(started.error());
    checkpointer = std::move(*started);
  }
  auto connections = std::make_unique<sqlite::Connections>(
      std::move(*writer), path, options.sqlite_busy_timeout_ms, in_memory ? 0 : kMaxReaders);
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(std::move(connections), std::move(checkpointer), !in_memory));
}

SqliteStore::SqliteStore(std::unique_ptr<sqlite::Connections> connections,
                         std::unique_ptr<sqlite::Checkpointer> checkpointer,
                         bool index_in_background)
    : connections_(std::move(connections)),
      checkpointer_(std::move(checkpointer)),
      commit_queue_(*connections_) {
  if (index_in_background) {
    search_indexer_ = std::make_unique<sqlite::SearchIndexer>(commit_queue_, indexed_upto_hint_);
  }
}

SqliteStore::~SqliteStore() = default;

Result<std::pair<Incident, WorkLogEntry>> SqliteStore::CreateIncident(Incident incident,
                                                                      const WorkLogDraft& draft,
                                                                      std::string_view responder) {
  std::optional<std::pair<Incident, WorkLogEntry>> created;
  auto committed = commit_queue_.Submit([&](SqliteDb& db) -> Status {
    auto id = NextIncidentId(db);
    if (!id) return std::unexpected(id.error());
    IncidentRow row{
        .incident = std::move(incident), .log_count = 0, .log_head = std::string(kGenesisHash)};
    row.incident.id = *id;
    row.incident.version = 1;
    // The first entry is known before anything is written, so the row goes in complete.
    WorkLogEntry entry = NextEntry(row, draft, responder, row.incident.created_at);
    row.log_count = entry.seq;
    row.log_head = entry.hash;
    auto insert = db.Prepare(sqlite::InsertIncidentSql());
    if (!insert) return std::unexpected(insert.error());
    sqlite::BindIncident(*insert, row);
    insert->Bind(sqlite::kIncidentFieldCount + 1, *id);
    if (auto ok = insert->Run(); !ok) return ok;
    if (auto ok = AppendEntry(db, row, entry); !ok) return ok;
    created.emplace(std::move(row.incident), std::move(entry));
    return {};
  });
  if (!committed) return std::unexpected(committed.error());
  if (search_indexer_) search_indexer_->Created(created->first.id);
  return std::move(*created);
}

Result<Incident> SqliteStore::GetIncident(int64_t id) {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  auto row = LoadIncident(lease->Db(), id);
  if (!row) return std::unexpected(row.error());
  return std::move(row->incident);
}

Result<IncidentPage> SqliteStore::ListIncidents(const IncidentQuery& query) {
  int limit = std::clamp(query.limit, 1, kMaxPageSize);
  if (auto ok = store::CheckSortPosition(query); !ok) return std::unexpected(ok.error());
  // One row more than asked tells whether another page follows.
  sqlite::SqlQuery sql = sqlite::BuildIncidentListQuery(query, limit + 1);
  if (!sqlite::SplitSearchTerms(query.text).empty()) {
    if (auto ok = CatchUpSearchIndex(); !ok) return std::unexpected(ok.error());
  }
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  auto select = lease->Db().Prepare(sql.sql);
  if (!select) return std::unexpected(select.error());
  for (size_t i = 0; i < sql.parameters.size(); ++i) {
    int index = static_cast<int>(i + 1);
    std::visit([&](const auto& value) { select->Bind(index, value); }, sql.parameters[i]);
  }
  IncidentPage page;
  while (true) {
    auto more = select->Step();
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    if (std::ssize(page.items) == limit) {
      page.next_before_id = page.items.back().id;
      page.next = SortPositionOf(page.items.back(), query.sort);
      break;
    }
    auto row = sqlite::ReadIncident(*select);
    if (!row) return std::unexpected(row.error());
    page.items.push_back(std::move(row->incident));
  }
  return page;
}

Status SqliteStore::CatchUpSearchIndex() {
  {
    // Checked on a reader first: usually nothing is pending and no writer needs to wait.
    auto lease = connections_->Reader();
    if (!lease) return std::unexpected(lease.error());
    auto behind = sqlite::SearchIndexIsBehind(lease->Db());
    if (!behind) return std::unexpected(behind.error());
    if (!*behind) return {};
  }  // released before submitting: for ":memory:" the reader is the writer
  int64_t upto = 0;
  auto committed = commit_queue_.Submit([&](SqliteDb& db) -> Status {
    auto indexed = sqlite::IndexPendingIncidents(db);
    if (!indexed) return std::unexpected(indexed.error());
    upto = *indexed;
    return {};
  });
  if (!committed) return committed;
  RaiseIndexedUptoHint(upto);
  return {};
}

void SqliteStore::RaiseIndexedUptoHint(int64_t upto) {
  // Callers finish in any order once their batch has committed; the hint only moves up.
  int64_t known = indexed_upto_hint_.load();
  while (known < upto && !indexed_upto_hint_.compare_exchange_weak(known, upto)) {
  }
}

Result<MutationResult> SqliteStore::MutateIncident(int64_t id, const IncidentMutation& mutate,
                                                   std::string_view responder, Timestamp at) {
  std::optional<MutationResult> result;
  auto committed = commit_queue_.Submit([&](SqliteDb& db) -> Status {
    auto row = LoadIncident(db, id);  // as left by the units before this one in the batch
    if (!row) return std::unexpected(row.error());
    const Incident before = row->incident;
    auto draft = mutate(row->incident);
    if (!draft) return std::unexpected(draft.error());  // rolled back to the savepoint
    if (!*draft) {
      result.emplace(before, std::nullopt);
      return {};
    }
    row->incident.id = id;  // the mutation may not move the record
    row->incident.version = before.version + 1;
    WorkLogEntry entry = NextEntry(*row, **draft, responder, at);
    if (auto ok = AppendEntry(db, *row, entry); !ok) return ok;
    auto update = db.Prepare(sqlite::UpdateIncidentSql());
    if (!update) return std::unexpected(update.error());
    sqlite::BindIncident(*update, *row);
    update->Bind(sqlite::kIncidentFieldCount + 1, id);
    if (auto ok = update->Run(); !ok) return ok;
    result.emplace(std::move(row->incident), std::move(entry));
    return {};
  });
  if (!committed) return std::unexpected(committed.error());
  return std::move(*result);
}

Result<std::vector<WorkLogEntry>> SqliteStore::ListWorkLog(int64_t incident_id) {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  SqliteDb& db = lease->Db();
  static const std::string sql = fmt::format(
      "SELECT {} FROM worklog WHERE incident_id = ?1 ORDER BY seq", sqlite::kWorkLogColumns);
  auto select = db.Prepare(sql);
  if (!select) return std::unexpected(select.error());
  select->Bind(1, incident_id);
  std::vector<WorkLogEntry> entries;
  while (true) {
    auto more = select->Step();
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    entries.push_back(sqlite::ReadWorkLogEntry(*select));
  }
  if (entries.empty()) {  // every incident has at least its "created" entry
    if (auto row = LoadIncident(db, incident_id); !row) return std::unexpected(row.error());
  }
  return entries;
}

Result<VerifyResult> SqliteStore::VerifyWorkLogs() {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  SqliteDb& db = lease->Db();
  // One read transaction: both scans see the same snapshot even while writers go on.
  auto transaction = Transaction::Begin(db, Transaction::Kind::kRead);
  if (!transaction) return std::unexpected(transaction.error());
  auto incidents = db.Prepare("SELECT id, log_count, log_head FROM incidents ORDER BY id");
  if (!incidents) return std::unexpected(incidents.error());
  static const std::string worklog_sql =
      fmt::format("SELECT {} FROM worklog ORDER BY incident_id, seq", sqlite::kWorkLogColumns);
  auto worklog = db.Prepare(worklog_sql);
  if (!worklog) return std::unexpected(worklog.error());

  // Merge the two ordered scans, keeping one entry in memory at a time.
  VerifyResult result;
  std::optional<WorkLogEntry> entry;
  auto next_entry = [&]() -> Status {
    auto more = worklog->Step();
    if (!more) return std::unexpected(more.error());
    entry.reset();
    if (*more) {
      entry = sqlite::ReadWorkLogEntry(*worklog);
      ++result.entries;
    }
    return {};
  };
  // Entries whose incident row is gone (all remaining ones when before_id is empty): reported
  // once per missing incident.
  auto skip_orphans = [&](std::optional<int64_t> before_id) -> Status {
    while (entry && (!before_id || entry->incident_id < *before_id)) {
      int64_t orphan = entry->incident_id;
      result.problems.push_back(
          ChainProblem{orphan, entry->seq,
                       fmt::format("work-log entries exist for incident {}, which does not exist "
                                   "(incident row deleted?)",
                                   orphan)});
      while (entry && entry->incident_id == orphan) {
        if (auto ok = next_entry(); !ok) return ok;
      }
    }
    return {};
  };

  if (auto ok = next_entry(); !ok) return std::unexpected(ok.error());
  while (true) {
    auto more = incidents->Step();
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    int64_t id = incidents->Int(0);
    ++result.incidents;
    if (auto ok = skip_orphans(id); !ok) return std::unexpected(ok.error());
    result.heads.push_back(ChainHead{id, incidents->Int(1), incidents->Text(2)});
    ChainVerifier verifier(id);
    while (entry && entry->incident_id == id) {
      verifier.Add(*entry);
      if (auto ok = next_entry(); !ok) return std::unexpected(ok.error());
    }
    if (auto problem = verifier.Finish(result.heads.back().entries, result.heads.back().hash)) {
      result.problems.push_back(std::move(*problem));
    }
  }
  if (auto ok = skip_orphans(std::nullopt); !ok) return std::unexpected(ok.error());
  return result;
}

}  // namespace hikeshi
