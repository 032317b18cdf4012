// SqliteStore: reports and the observables found in them (schema version 3, doc/schema.md).
#include <fmt/format.h>

#include <algorithm>

#include "store/sqlite_report_rows.h"
#include "store/sqlite_store.h"

namespace hikeshi {
namespace {

using sqlite::ReportColumns;
using sqlite::SqliteDb;
using sqlite::Statement;

// The earlier report this one repeats: same Message-ID, or same reporter and reference. The
// "<> ''" terms let SQLite use the partial indexes (a bound parameter proves nothing).
Result<std::optional<int64_t>> FindOriginal(SqliteDb& db, const Report& report) {
  if (report.status == ReportStatus::kReceived) return std::nullopt;  // not parsed yet
  auto first_match = [&](std::string_view sql, auto bind) -> Result<std::optional<int64_t>> {
    auto select = db.Prepare(sql);
    if (!select) return std::unexpected(select.error());
    bind(*select);
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::nullopt;
    return select->Int(0);
  };
  if (!report.message_id.empty()) {
    auto found = first_match(
        "SELECT id FROM reports WHERE message_id = ?1 AND message_id <> '' AND id <> ?2 "
        "AND status <> 'duplicate' "
        "ORDER BY id LIMIT 1",
        [&](Statement& s) { s.Bind(1, report.message_id).Bind(2, report.id); });
    if (!found || *found) return found;
  }
  if (!report.reference.empty()) {
    return first_match(
        "SELECT id FROM reports WHERE reporter = ?1 AND reference = ?2 AND reference <> '' "
        "AND id <> ?3 "
        "AND status <> 'duplicate' ORDER BY id LIMIT 1",
        [&](Statement& s) {
          s.Bind(1, report.reporter).Bind(2, report.reference).Bind(3, report.id);
        });
  }
  return std::nullopt;
}

// Applies the duplicate rule to `report` (already holding its id) and counts the repeat.
Status MarkIfDuplicate(SqliteDb& db, Report& report) {
  if (report.status == ReportStatus::kDuplicate && report.duplicate_of) return {};
  auto original = FindOriginal(db, report);
  if (!original) return std::unexpected(original.error());
  if (!*original) return {};
  report.status = ReportStatus::kDuplicate;
  report.duplicate_of = **original;
  auto count = db.Prepare("UPDATE reports SET repeats = repeats + 1 WHERE id = ?1");
  if (!count) return std::unexpected(count.error());
  count->Bind(1, **original);
  return count->Run();
}

Status ReplaceObservables(SqliteDb& db, const Report& report) {
  auto clear = db.Prepare("DELETE FROM observables WHERE report_id = ?1");
  if (!clear) return std::unexpected(clear.error());
  clear->Bind(1, report.id);
  if (auto ok = clear->Run(); !ok) return ok;
  for (const Observable& observable : report.observables) {
    // Borrowed from the cache per row: a statement is reset when it goes back.
    auto insert = db.Prepare(
        "INSERT OR IGNORE INTO observables (value, kind, original, report_id, flags, port, "
        "registrable_domain) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert) return std::unexpected(insert.error());
    insert->Bind(1, observable.value)
        .Bind(2, ToString(observable.kind))
        .Bind(3, observable.original)
        .Bind(4, report.id)
        .Bind(5, int64_t{observable.flags})
        .Bind(6, observable.port ? std::optional<int64_t>(*observable.port) : std::nullopt)
        .Bind(7, observable.registrable_domain);
    if (auto ok = insert->Run(); !ok) return ok;
  }
  return {};
}

Result<std::vector<Observable>> LoadObservables(SqliteDb& db, int64_t report_id) {
  auto select = db.Prepare(
      "SELECT kind, value, original, flags, port, registrable_domain FROM observables "
      "WHERE report_id = ?1 ORDER BY kind, value");
  if (!select) return std::unexpected(select.error());
  select->Bind(1, report_id);
  std::vector<Observable> observables;
  while (true) {
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto kind = ParseObservableKind(select->Text(0));
    if (!kind) {
      return Fail(ErrorCode::kCorrupt, fmt::format("report {} has an observable of unknown kind "
                                                   "\"{}\"",
                                                   report_id, select->Text(0)));
    }
    std::optional<int64_t> port = select->OptionalInt(4);
    observables.push_back({.kind = *kind,
                           .value = select->Text(1),
                           .original = select->Text(2),
                           .flags = static_cast<uint32_t>(select->Int(3)),
                           .port = port ? std::optional<uint16_t>(*port) : std::nullopt,
                           .registrable_domain = select->Text(5)});
  }
  return observables;
}

Status CheckLimits(const Report& report) {
  if (report.raw.size() > kMaxReportBytes) {
    return Fail(ErrorCode::kTooLarge, fmt::format("a report may hold at most {} bytes, not {}",
                                                  kMaxReportBytes, report.raw.size()));
  }
  if (report.observables.size() > kMaxObservablesPerReport) {
    return Fail(ErrorCode::kTooLarge,
                fmt::format("a report may hold at most {} observables", kMaxObservablesPerReport));
  }
  return {};
}

}  // namespace

Result<std::vector<Report>> SqliteStore::AddReports(std::vector<Report> reports) {
  for (const Report& report : reports) {
    if (auto ok = CheckLimits(report); !ok) return std::unexpected(ok.error());
  }
  auto committed = commit_queue_.Submit([&](SqliteDb& db) -> Status {
    static const std::string sql = fmt::format(
        "INSERT INTO reports ({}, raw) VALUES ({}?{})", ReportColumns().substr(4),
        [] {
          std::string marks;
          for (int i = 1; i <= sqlite::ReportFieldCount(); ++i) marks += fmt::format("?{}, ", i);
          return marks;
        }(),
        sqlite::ReportFieldCount() + 1);
    for (Report& report : reports) {
      // The id first, so the duplicate rule can exclude the report itself.
      auto insert = db.Prepare(sql);
      if (!insert) return std::unexpected(insert.error());
      sqlite::BindReport(*insert, report);
      insert->BindBlob(sqlite::ReportFieldCount() + 1, report.raw);
      if (auto ok = insert->Run(); !ok) return ok;
      report.id = db.LastInsertRowid();
      Report before = report;
      if (auto ok = MarkIfDuplicate(db, report); !ok) return ok;
      if (report.status != before.status) {
        auto mark = db.Prepare("UPDATE reports SET status = ?1, duplicate_of = ?2 WHERE id = ?3");
        if (!mark) return std::unexpected(mark.error());
        mark->Bind(1, ToString(report.status)).Bind(2, report.duplicate_of).Bind(3, report.id);
        if (auto ok = mark->Run(); !ok) return ok;
      }
      if (auto ok = ReplaceObservables(db, report); !ok) return ok;
    }
    return {};
  });
  if (!committed) return std::unexpected(committed.error());
  return reports;
}

Result<Report> SqliteStore::UpdateReport(Report report) {
  if (auto ok = CheckLimits(report); !ok) return std::unexpected(ok.error());
  auto committed = commit_queue_.Submit([&](SqliteDb& db) -> Status {
    static const std::string columns = ReportColumns();
    auto current = db.Prepare(fmt::format("SELECT {} FROM reports WHERE id = ?1", columns));
    if (!current) return std::unexpected(current.error());
    current->Bind(1, report.id);
    auto found = current->Step();
    if (!found) return std::unexpected(found.error());
    if (!*found)
      return Fail(ErrorCode::kNotFound, fmt::format("report {} does not exist", report.id));
    auto stored = sqlite::ReadReport(*current);
    if (!stored) return std::unexpected(stored.error());
    // What arrived is evidence: never rewritten.
    report.channel = stored->channel;
    report.sha256 = stored->sha256;
    report.received_at = stored->received_at;
    report.repeats = stored->repeats;
    if (auto ok = MarkIfDuplicate(db, report); !ok) return ok;
    static const std::string sql = [] {
      std::string sets;
      for (int i = 0; i < sqlite::ReportFieldCount(); ++i) {
        if (i > 0) sets += ", ";
        sets += fmt::format("{} = ?{}", sqlite::ReportField(i), i + 1);
      }
      return fmt::format("UPDATE reports SET {} WHERE id = ?{}", sets,
                         sqlite::ReportFieldCount() + 1);
    }();
    auto update = db.Prepare(sql);
    if (!update) return std::unexpected(update.error());
    sqlite::BindReport(*update, report);
    update->Bind(sqlite::ReportFieldCount() + 1, report.id);
    if (auto ok = update->Run(); !ok) return ok;
    return ReplaceObservables(db, report);
  });
  if (!committed) return std::unexpected(committed.error());
  report.raw.clear();
  return GetReport(report.id);
}

Result<Report> SqliteStore::GetReport(int64_t id) {
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  static const std::string sql =
      fmt::format("SELECT {}, raw FROM reports WHERE id = ?1", ReportColumns());
  auto select = lease->Db().Prepare(sql);
  if (!select) return std::unexpected(select.error());
  select->Bind(1, id);
  auto row = select->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("report {} does not exist", id));
  auto report = sqlite::ReadReport(*select);
  if (!report) return report;
  report->raw = select->Blob(sqlite::ReportFieldCount() + 1);
  auto observables = LoadObservables(lease->Db(), id);
  if (!observables) return std::unexpected(observables.error());
  report->observables = std::move(*observables);
  return report;
}

Result<ReportPage> SqliteStore::ListReports(const ReportQuery& query) {
  int limit = std::clamp(query.limit, 1, kMaxPageSize);
  std::string where = "1";
  if (query.status) {
    where += " AND status = ?1";
  } else {
    where += " AND status <> 'duplicate'";
  }
  if (query.category) where += " AND category = ?2";
  if (query.before_id) where += " AND id < ?3";
  if (query.incident_id) where += " AND incident_id = ?6";
  if (!query.text.empty()) {
    // An exact observable match uses the index; the substring match scans newest first and stops
    // after a page, like the incident listing without search terms.
    where +=
        " AND (id IN (SELECT report_id FROM observables WHERE value = ?4 OR "
        "registrable_domain = ?4) OR instr(subject, ?4) OR instr(reporter, ?4) OR "
        "instr(text, ?4))";
  }
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  auto select = lease->Db().Prepare(fmt::format(
      "SELECT {} FROM reports WHERE {} ORDER BY id DESC LIMIT ?5", ReportColumns(), where));
  if (!select) return std::unexpected(select.error());
  if (query.status) select->Bind(1, ToString(*query.status));
  if (query.category) select->Bind(2, ToString(*query.category));
  if (query.before_id) select->Bind(3, *query.before_id);
  if (!query.text.empty()) select->Bind(4, query.text);
  select->Bind(5, int64_t{limit + 1});
  if (query.incident_id) select->Bind(6, *query.incident_id);
  ReportPage page;
  while (true) {
    auto more = select->Step();
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    if (std::ssize(page.items) == limit) {
      page.next_before_id = page.items.back().id;
      break;
    }
    auto report = sqlite::ReadReport(*select);
    if (!report) return std::unexpected(report.error());
    page.items.push_back(std::move(*report));
  }
  for (Report& report : page.items) {
    auto observables = LoadObservables(lease->Db(), report.id);
    if (!observables) return std::unexpected(observables.error());
    report.observables = std::move(*observables);
  }
  return page;
}

Result<std::vector<Report>> SqliteStore::ListRelatedReports(const RelatedReportQuery& query) {
  if (query.value.empty()) return std::vector<Report>{};
  // A prefix is the index range [prefix, prefix with its last byte raised).
  std::string upper = query.value;
  bool prefix = query.prefix && static_cast<unsigned char>(upper.back()) < 0x7f;
  if (prefix) upper.back() = static_cast<char>(upper.back() + 1);
  std::string matching = prefix
                             ? "SELECT report_id FROM observables WHERE value >= ?1 AND value < ?4"
                             : "SELECT report_id FROM observables WHERE value = ?1 UNION "
                               "SELECT report_id FROM observables WHERE registrable_domain = ?1 "
                               "AND registrable_domain <> ''";
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  auto select = lease->Db().Prepare(
      fmt::format("SELECT {} FROM reports WHERE id IN ({}) AND received_at >= ?2 AND "
                  "status <> 'duplicate' ORDER BY id DESC LIMIT ?3",
                  ReportColumns(), matching));
  if (!select) return std::unexpected(select.error());
  select->Bind(1, query.value)
      .Bind(2, ToMicros(query.since))
      .Bind(3, int64_t{std::clamp(query.limit, 1, kMaxPageSize)});
  if (prefix) select->Bind(4, upper);
  std::vector<Report> reports;
  while (true) {
    auto more = select->Step();
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    auto report = sqlite::ReadReport(*select);
    if (!report) return std::unexpected(report.error());
    reports.push_back(std::move(*report));
  }
  for (Report& report : reports) {
    auto observables = LoadObservables(lease->Db(), report.id);
    if (!observables) return std::unexpected(observables.error());
    report.observables = std::move(*observables);
  }
  return reports;
}

Result<ObservableSightings> SqliteStore::FindObservable(std::string_view value, int limit) {
  limit = std::clamp(limit, 1, kMaxPageSize);
  auto lease = connections_->Reader();
  if (!lease) return std::unexpected(lease.error());
  ObservableSightings sightings;
  auto collect = [&](std::string_view sql, std::vector<int64_t>& into) -> Status {
    auto select = lease->Db().Prepare(sql);
    if (!select) return std::unexpected(select.error());
    select->Bind(1, value).Bind(2, int64_t{limit});
    while (true) {
      auto row = select->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return {};
      into.push_back(select->Int(0));
    }
  };
  if (auto ok = collect("SELECT DISTINCT report_id FROM observables WHERE value = ?1 OR "
                        "registrable_domain = ?1 ORDER BY report_id DESC LIMIT ?2",
                        sightings.report_ids);
      !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = collect("SELECT DISTINCT r.incident_id FROM observables o JOIN reports r ON "
                        "r.id = o.report_id WHERE (o.value = ?1 OR o.registrable_domain = ?1) AND "
                        "r.incident_id IS NOT NULL "
                        "ORDER BY r.incident_id DESC LIMIT ?2",
                        sightings.incident_ids);
      !ok) {
    return std::unexpected(ok.error());
  }
  return sightings;
}

}  // namespace hikeshi
