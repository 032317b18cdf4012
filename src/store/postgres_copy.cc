#include "store/postgres_copy.h"

#include <fmt/format.h>

#include <algorithm>

#include "store/postgres_params.h"
#include "store/postgres_store.h"
#include "store/sqlite_db.h"
#include "store/sqlite_store.h"

namespace hikeshi {
namespace {

struct CopiedTable {
  std::string_view name;
  std::string_view columns;
  std::string_view order;  // parents before children: foreign keys hold row by row
  int blob_column = -1;    // the one bytea column, if any
};

// Users before what references them; incidents before work logs and reports; reports before
// observables. Ordered by key so a report's duplicate_of (always an earlier report) exists.
constexpr CopiedTable kTables[] = {
    {"users", "id, name, role, password_hash, disabled, created_at", "id"},
    {"api_tokens", "id, user_id, label, token_hash, created_at", "id"},
    {"sessions", "id_hash, user_id, csrf_token, created_at, expires_at", "id_hash"},
    {"incidents",
     "id, title, description, category, severity, tlp, state, lead, not_incident_reason, "
     "reported_at, created_at, updated_at, acknowledged_at, contained_at, recovered_at, "
     "closed_at, version, log_count, log_head",
     "id"},
    {"worklog", "incident_id, seq, at, responder, action, text, prev_hash, hash",
     "incident_id, seq"},
    {"reports",
     "id, channel, format, raw, sha256, received_at, reporter, reporter_name, subject, "
     "message_id, reference, language, text, event_time, consent, anomalies, status, category, "
     "rsit, triage_rule, not_incident_reason, missing_evidence, draft_reply, incident_id, "
     "duplicate_of, repeats",
     "id", 3},
    {"observables", "value, kind, original, report_id, flags, port, registrable_domain",
     "report_id, value, kind"},
    // Coordination (schema version 4): links and notifications after their incidents.
    {"incident_links", "id, incident_id, rule, key, report_ids, at", "id"},
    {"notifications",
     "id, kind, state, category, recipient, cc, language, subject, body, attachment, items, "
     "period, message_id, approved_by, attempts, next_attempt_at, last_error, created_at, "
     "updated_at, sent_at, version, claimed_until, recipient_source, pgp_fingerprint",
     "id"},
    {"notification_incidents", "notification_id, incident_id", "notification_id, incident_id"},
    {"contacts",
     "id, name, organisation, kind, emails, language, country, pgp_fingerprint, notes, networks, "
     "asns, domains",
     "id"},
};

int CountColumns(std::string_view columns) {
  return 1 + static_cast<int>(std::count(columns.begin(), columns.end(), ','));
}

// Copies one table's rows inside `work`; returns how many.
Result<int64_t> CopyTable(sqlite::SqliteDb& source, pqxx::work& work, const CopiedTable& table) {
  auto select = source.Prepare(
      fmt::format("SELECT {} FROM {} ORDER BY {}", table.columns, table.name, table.order));
  if (!select) return std::unexpected(select.error());
  int count = CountColumns(table.columns);
  std::string values;
  for (int i = 1; i <= count; ++i) values += fmt::format("{}${}", i > 1 ? ", " : "", i);
  std::string insert =
      fmt::format("INSERT INTO {} ({}) VALUES ({})", table.name, table.columns, values);
  int64_t rows = 0;
  while (true) {
    auto more = select->Step();
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    postgres::Params params;
    for (int column = 0; column < count; ++column) {
      if (select->IsNull(column)) {
        params.AddNull();
      } else if (column == table.blob_column) {
        params.Add(postgres::ByteaHex(select->Blob(column)));
      } else {
        params.Add(select->Text(column));
      }
    }
    postgres::Exec(work, insert, params);
    ++rows;
  }
  return rows;
}

// Moves the id sources past every copied id.
void AdvanceSequences(pqxx::work& work) {
  work.exec(
      "SELECT setval('incident_ids', GREATEST((SELECT COALESCE(MAX(id), 0) FROM incidents), "
      "(SELECT COALESCE(MAX(incident_id), 0) FROM worklog), 1), "
      "EXISTS (SELECT 1 FROM incidents) OR EXISTS (SELECT 1 FROM worklog))");
  for (std::string_view table :
       {"users", "api_tokens", "reports", "incident_links", "notifications", "contacts"}) {
    work.exec(fmt::format(
        "SELECT setval(pg_get_serial_sequence('{0}', 'id'), COALESCE((SELECT MAX(id) FROM {0}), "
        "1), EXISTS (SELECT 1 FROM {0}))",
        table));
  }
}

Status CompareChains(const VerifyResult& source, const VerifyResult& copy) {
  if (!copy.problems.empty()) {
    const ChainProblem& problem = copy.problems.front();
    return Fail(ErrorCode::kCorrupt,
                fmt::format("the copy's work log of incident {} does not verify at entry {}: {}",
                            problem.incident_id, problem.seq, problem.what));
  }
  if (source.heads.size() != copy.heads.size() || source.entries != copy.entries) {
    return Fail(ErrorCode::kCorrupt,
                fmt::format("the copy holds {} incidents and {} entries, the source {} and {}",
                            copy.heads.size(), copy.entries, source.heads.size(), source.entries));
  }
  for (size_t i = 0; i < source.heads.size(); ++i) {
    const ChainHead& a = source.heads[i];
    const ChainHead& b = copy.heads[i];
    if (a.incident_id != b.incident_id || a.entries != b.entries || a.hash != b.hash) {
      return Fail(
          ErrorCode::kCorrupt,
          fmt::format("the chain head of incident {} differs after the copy", a.incident_id));
    }
  }
  return {};
}

}  // namespace

Result<CopySummary> CopySqliteToPostgres(const std::string& sqlite_path,
                                         const std::string& postgres_url,
                                         const StoreOptions& options) {
  // Opening the stores migrates both to the latest schema.
  auto source_store = SqliteStore::Open(sqlite_path, options);
  if (!source_store) return std::unexpected(source_store.error());
  auto source_chains = (*source_store)->VerifyWorkLogs();
  if (!source_chains) return std::unexpected(source_chains.error());
  if (!source_chains->problems.empty()) {
    const ChainProblem& problem = source_chains->problems.front();
    return Fail(ErrorCode::kCorrupt,
                fmt::format("{}: the work log of incident {} does not verify ({}); run hikeshi "
                            "verify and resolve it before copying",
                            sqlite_path, problem.incident_id, problem.what));
  }
  auto destination = PostgresStore::Open(postgres_url, options);
  if (!destination) return std::unexpected(destination.error());
  auto source = sqlite::SqliteDb::Open(sqlite_path, {.read_only = true});
  if (!source) return std::unexpected(source.error());
  auto snapshot = sqlite::Transaction::Begin(**source, sqlite::Transaction::Kind::kRead);
  if (!snapshot) return std::unexpected(snapshot.error());

  CopySummary summary;
  auto copied = (*destination)->Pool().Run([&](pqxx::work& work) -> Status {
    summary.tables.clear();
    auto present = work.exec(
        "SELECT EXISTS (SELECT 1 FROM incidents) OR EXISTS (SELECT 1 FROM reports) OR "
        "EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM notifications) OR "
        "EXISTS (SELECT 1 FROM contacts)");
    if (present[0][0].as<bool>()) {
      return Fail(ErrorCode::kConflict,
                  "the destination database already holds records; copy into an empty one");
    }
    for (const CopiedTable& table : kTables) {
      auto rows = CopyTable(**source, work, table);
      if (!rows) return std::unexpected(rows.error());
      summary.tables.push_back({std::string(table.name), *rows});
    }
    AdvanceSequences(work);
    return {};
  });
  if (!copied) return std::unexpected(copied.error());

  auto copy_chains = (*destination)->VerifyWorkLogs();
  if (!copy_chains) return std::unexpected(copy_chains.error());
  if (auto same = CompareChains(*source_chains, *copy_chains); !same) {
    return std::unexpected(same.error());
  }
  summary.chains_verified = static_cast<int64_t>(copy_chains->heads.size());
  summary.entries_verified = copy_chains->entries;
  return summary;
}

}  // namespace hikeshi
