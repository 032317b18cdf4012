#include "store/postgres_store.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/category.h"
#include "core/lifecycle.h"
#include "core/tlp.h"
#include "store/incident_sort.h"
#include "store/postgres_migrations.h"
#include "store/postgres_params.h"
#include "store/postgres_rows.h"
#include "store/sqlite_incident_query.h"
#include "store/sqlite_rows.h"
#include "store/worklog_chain.h"

namespace hikeshi {
namespace {

using postgres::Exec;
using postgres::IncidentRow;
using postgres::Params;

// Incidents verified per round trip: bounds the memory a verify needs whatever the table size.
constexpr int kVerifyBatch = 1000;

Result<IncidentRow> LoadIncident(pqxx::work& work, int64_t id, bool for_update) {
  static const std::string sql =
      fmt::format("SELECT {} FROM incidents WHERE id = $1", sqlite::IncidentColumns());
  static const std::string locking = sql + " FOR UPDATE";
  auto rows = Exec(work, for_update ? locking : sql, Params().Add(id));
  if (rows.empty())
    return Fail(ErrorCode::kNotFound, fmt::format("incident {} does not exist", id));
  return postgres::ReadIncident(rows[0]);
}

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

void AppendEntry(pqxx::work& work, IncidentRow& row, const WorkLogEntry& entry) {
  static const std::string sql = fmt::format(
      "INSERT INTO worklog ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", sqlite::kWorkLogColumns);
  Params params;
  postgres::AddWorkLogEntry(params, entry);
  Exec(work, sql, params);
  row.log_count = entry.seq;
  row.log_head = entry.hash;
}

// LIKE pattern matching `term` anywhere.
std::string ContainsPattern(std::string_view term) {
  std::string pattern = "%";
  for (char c : term) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

}  // namespace

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& url,
                                                           const StoreOptions& options) {
  auto pool = std::make_unique<postgres::ConnectionPool>(
      url, postgres::PoolOptions{
               .size = options.postgres_pool_size,
               .acquire_timeout = std::chrono::milliseconds(options.postgres_acquire_timeout_ms)});
  if (auto ok = postgres::Migrate(*pool, SystemClock().Now()); !ok) {
    return std::unexpected(ok.error());
  }
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(pool)));
}

PostgresStore::PostgresStore(std::unique_ptr<postgres::ConnectionPool> pool)
    : pool_(std::move(pool)) {}

Result<std::pair<Incident, WorkLogEntry>> PostgresStore::CreateIncident(
    Incident incident, const WorkLogDraft& draft, std::string_view responder) {
  std::optional<std::pair<Incident, WorkLogEntry>> created;
  auto committed = pool_->Run([&](pqxx::work& work) -> Status {
    auto id = work.exec("SELECT nextval('incident_ids')")[0][0].as<int64_t>();
    IncidentRow row{.incident = incident, .log_count = 0, .log_head = std::string(kGenesisHash)};
    row.incident.id = id;
    row.incident.version = 1;
    WorkLogEntry entry = NextEntry(row, draft, responder, row.incident.created_at);
    row.log_count = entry.seq;
    row.log_head = entry.hash;
    Params params;
    postgres::AddIncidentFields(params, row);
    params.Add(id);
    Exec(work, postgres::InsertIncidentSql(), params);
    IncidentRow appended = row;
    AppendEntry(work, appended, entry);
    created.emplace(std::move(row.incident), std::move(entry));
    return {};
  });
  if (!committed) return std::unexpected(committed.error());
  return std::move(*created);
}

Result<Incident> PostgresStore::GetIncident(int64_t id) {
  std::optional<Incident> incident;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    auto row = LoadIncident(work, id, false);
    if (!row) return std::unexpected(row.error());
    incident = std::move(row->incident);
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return std::move(*incident);
}

Result<IncidentPage> PostgresStore::ListIncidents(const IncidentQuery& query) {
  int limit = std::clamp(query.limit, 1, kMaxPageSize);
  if (auto ok = store::CheckSortPosition(query); !ok) return std::unexpected(ok.error());
  Params params;
  std::string where = "TRUE";
  auto condition = [&](std::string_view format, auto value) {
    where += fmt::format(" AND {}", fmt::format(fmt::runtime(format), params.Next()));
    params.Add(value);
  };
  if (query.state) condition("state = {}", ToString(*query.state));
  if (query.category) condition("category = {}", ToString(*query.category));
  if (query.tlp) condition("tlp = {}", ToString(*query.tlp));
  if (query.lead) condition("lead = {}", *query.lead);
  if (query.before_id) condition("id < {}", *query.before_id);
  bool by_id = query.sort == IncidentSort::kId;
  std::string key = store::SortKeyExpression(query.sort, store::SqlDialect::kPostgres);
  if (query.after && by_id) {
    condition(query.ascending ? "id > {}" : "id < {}", query.after->id);
  } else if (query.after) {
    std::string value = params.Next();
    std::visit([&](const auto& v) { params.Add(v); }, query.after->value);
    std::string after_id = params.Next();
    params.Add(query.after->id);
    where += " AND " + store::AfterCondition(key, "incidents.id", query.ascending, value, after_id);
  }
  // Every term must occur somewhere in title or description, case-insensitively; the trigram
  // index answers terms of three or more characters (postgres_migrations.cc).
  for (std::string_view term : sqlite::SplitSearchTerms(query.text)) {
    condition("(title || ' ' || description) ILIKE {}", ContainsPattern(term));
  }
  std::string sql = fmt::format(
      "SELECT {} FROM incidents WHERE {} ORDER BY {} LIMIT {}", sqlite::IncidentColumns(), where,
      store::OrderByClause(query.sort, key, "incidents.id", query.ascending), params.Next());
  params.Add(int64_t{limit + 1});
  IncidentPage page;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    page = {};
    for (const auto& row : Exec(work, sql, params)) {
      if (std::ssize(page.items) == limit) {
        page.next_before_id = page.items.back().id;
        page.next = SortPositionOf(page.items.back(), query.sort);
        break;
      }
      auto incident = postgres::ReadIncident(row);
      if (!incident) return std::unexpected(incident.error());
      page.items.push_back(std::move(incident->incident));
    }
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return page;
}

Result<MutationResult> PostgresStore::MutateIncident(int64_t id, const IncidentMutation& mutate,
                                                     std::string_view responder, Timestamp at) {
  std::optional<MutationResult> result;
  auto committed = pool_->Run([&](pqxx::work& work) -> Status {
    // The row lock serialises writers of this incident across every process.
    auto row = LoadIncident(work, id, true);
    if (!row) return std::unexpected(row.error());
    const Incident before = row->incident;
    auto draft = mutate(row->incident);
    if (!draft) return std::unexpected(draft.error());
    if (!*draft) {
      result.emplace(before, std::nullopt);
      return {};
    }
    row->incident.id = id;
    row->incident.version = before.version + 1;
    WorkLogEntry entry = NextEntry(*row, **draft, responder, at);
    AppendEntry(work, *row, entry);
    Params params;
    postgres::AddIncidentFields(params, *row);
    params.Add(id);
    Exec(work, postgres::UpdateIncidentSql(), params);
    result.emplace(std::move(row->incident), std::move(entry));
    return {};
  });
  if (!committed) return std::unexpected(committed.error());
  return std::move(*result);
}

Result<std::vector<WorkLogEntry>> PostgresStore::ListWorkLog(int64_t incident_id) {
  std::vector<WorkLogEntry> entries;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    static const std::string sql = fmt::format(
        "SELECT {} FROM worklog WHERE incident_id = $1 ORDER BY seq", sqlite::kWorkLogColumns);
    entries.clear();
    for (const auto& row : Exec(work, sql, Params().Add(incident_id))) {
      entries.push_back(postgres::ReadWorkLogEntry(row));
    }
    if (entries.empty()) {  // every incident has at least its "created" entry
      if (auto row = LoadIncident(work, incident_id, false); !row) {
        return std::unexpected(row.error());
      }
    }
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return entries;
}

Result<VerifyResult> PostgresStore::VerifyWorkLogs() {
  VerifyResult result;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    result = {};
    // One snapshot for every batch, even while writers go on.
    work.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    static const std::string worklog_sql = fmt::format(
        "SELECT {} FROM worklog WHERE incident_id > $1 AND ($2::bigint IS NULL OR incident_id "
        "<= $2) ORDER BY incident_id, seq",
        sqlite::kWorkLogColumns);
    int64_t after = std::numeric_limits<int64_t>::min();
    while (true) {
      auto incidents = Exec(work,
                            "SELECT id, log_count, log_head FROM incidents WHERE id > $1 "
                            "ORDER BY id LIMIT $2",
                            Params().Add(after).Add(int64_t{kVerifyBatch}));
      bool last = std::ssize(incidents) < kVerifyBatch;
      std::optional<int64_t> upto;
      if (!last) upto = incidents[incidents.size() - 1][0].as<int64_t>();
      auto entries = Exec(work, worklog_sql, Params().Add(after).Add(upto));
      auto entry = entries.begin();
      // Entries whose incident row is gone, reported once per missing incident.
      auto skip_orphans = [&](std::optional<int64_t> before_id) {
        while (entry != entries.end() && (!before_id || entry[0].as<int64_t>() < *before_id)) {
          int64_t orphan = entry[0].as<int64_t>();
          result.problems.push_back(ChainProblem{
              orphan, entry[1].as<int64_t>(),
              fmt::format("work-log entries exist for incident {}, which does not exist "
                          "(incident row deleted?)",
                          orphan)});
          while (entry != entries.end() && entry[0].as<int64_t>() == orphan) {
            ++result.entries;
            ++entry;
          }
        }
      };
      for (const auto& incident : incidents) {
        int64_t id = incident[0].as<int64_t>();
        ++result.incidents;
        skip_orphans(id);
        result.heads.push_back(
            ChainHead{id, incident[1].as<int64_t>(), incident[2].as<std::string>()});
        ChainVerifier verifier(id);
        while (entry != entries.end() && entry[0].as<int64_t>() == id) {
          verifier.Add(postgres::ReadWorkLogEntry(*entry));
          ++result.entries;
          ++entry;
        }
        if (auto problem = verifier.Finish(result.heads.back().entries, result.heads.back().hash)) {
          result.problems.push_back(std::move(*problem));
        }
      }
      skip_orphans(std::nullopt);
      if (last) break;
      after = *upto;
    }
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return result;
}

}  // namespace hikeshi
