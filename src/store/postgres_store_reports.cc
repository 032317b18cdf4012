// PostgresStore: reports and the observables found in them (schema version 3, doc/schema.md),
// with the SQLite store's duplicate rule.
#include <fmt/format.h>

#include <algorithm>

#include "store/postgres_params.h"
#include "store/postgres_rows.h"
#include "store/postgres_store.h"
#include "store/sqlite_report_rows.h"

namespace hikeshi {
namespace {

using postgres::Exec;
using postgres::Params;

// The earlier report this one repeats: same Message-ID, or same reporter and reference.
std::optional<int64_t> FindOriginal(pqxx::work& work, const Report& report) {
  if (report.status == ReportStatus::kReceived) return std::nullopt;  // not parsed yet
  if (!report.message_id.empty()) {
    auto rows = Exec(work,
                     "SELECT id FROM reports WHERE message_id = $1 AND message_id <> '' AND "
                     "id <> $2 AND status <> 'duplicate' ORDER BY id LIMIT 1",
                     Params().Add(report.message_id).Add(report.id));
    if (!rows.empty()) return rows[0][0].as<int64_t>();
  }
  if (!report.reference.empty()) {
    auto rows = Exec(work,
                     "SELECT id FROM reports WHERE reporter = $1 AND reference = $2 AND "
                     "reference <> '' AND id <> $3 AND status <> 'duplicate' ORDER BY id LIMIT 1",
                     Params().Add(report.reporter).Add(report.reference).Add(report.id));
    if (!rows.empty()) return rows[0][0].as<int64_t>();
  }
  return std::nullopt;
}

void MarkIfDuplicate(pqxx::work& work, Report& report) {
  if (report.status == ReportStatus::kDuplicate && report.duplicate_of) return;
  auto original = FindOriginal(work, report);
  if (!original) return;
  report.status = ReportStatus::kDuplicate;
  report.duplicate_of = *original;
  Exec(work, "UPDATE reports SET repeats = repeats + 1 WHERE id = $1", Params().Add(*original));
}

void ReplaceObservables(pqxx::work& work, const Report& report) {
  Exec(work, "DELETE FROM observables WHERE report_id = $1", Params().Add(report.id));
  for (const Observable& observable : report.observables) {
    std::optional<int64_t> port;
    if (observable.port) port = *observable.port;
    Exec(work,
         "INSERT INTO observables (value, kind, original, report_id, flags, port, "
         "registrable_domain) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
         Params()
             .Add(observable.value)
             .Add(ToString(observable.kind))
             .Add(observable.original)
             .Add(report.id)
             .Add(int64_t{observable.flags})
             .Add(port)
             .Add(observable.registrable_domain));
  }
}

Result<std::vector<Observable>> LoadObservables(pqxx::work& work, int64_t report_id) {
  std::vector<Observable> observables;
  auto rows = Exec(work,
                   "SELECT kind, value, original, flags, port, registrable_domain FROM "
                   "observables WHERE report_id = $1 ORDER BY kind COLLATE \"C\", value COLLATE "
                   "\"C\"",
                   Params().Add(report_id));
  for (const auto& row : rows) {
    std::string kind_name = row[0].as<std::string>();
    auto kind = ParseObservableKind(kind_name);
    if (!kind) {
      return Fail(ErrorCode::kCorrupt, fmt::format("report {} has an observable of unknown kind "
                                                   "\"{}\"",
                                                   report_id, kind_name));
    }
    std::optional<uint16_t> port;
    if (!row[4].is_null()) port = static_cast<uint16_t>(row[4].as<int64_t>());
    observables.push_back({.kind = *kind,
                           .value = row[1].as<std::string>(),
                           .original = row[2].as<std::string>(),
                           .flags = static_cast<uint32_t>(row[3].as<int64_t>()),
                           .port = port,
                           .registrable_domain = row[5].as<std::string>()});
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

Result<std::vector<Report>> PostgresStore::AddReports(std::vector<Report> reports) {
  for (const Report& report : reports) {
    if (auto ok = CheckLimits(report); !ok) return std::unexpected(ok.error());
  }
  static const std::string sql = [] {
    std::string names, values;
    for (int i = 0; i < sqlite::ReportFieldCount(); ++i) {
      names += fmt::format("{}, ", sqlite::ReportField(i));
      values += fmt::format("${}, ", i + 1);
    }
    return fmt::format("INSERT INTO reports ({}raw) VALUES ({}${}) RETURNING id", names, values,
                       sqlite::ReportFieldCount() + 1);
  }();
  std::vector<Report> stored;
  auto committed = pool_->Run([&](pqxx::work& work) -> Status {
    stored = reports;  // afresh: a retried transaction starts from what the caller gave
    for (Report& report : stored) {
      Params params;
      postgres::AddReportFields(params, report);
      params.Add(postgres::ByteaHex(report.raw));
      report.id = Exec(work, sql, params)[0][0].as<int64_t>();
      Report before = report;
      MarkIfDuplicate(work, report);
      if (report.status != before.status) {
        Exec(work, "UPDATE reports SET status = $1, duplicate_of = $2 WHERE id = $3",
             Params().Add(ToString(report.status)).Add(report.duplicate_of).Add(report.id));
      }
      ReplaceObservables(work, report);
    }
    return {};
  });
  if (!committed) return std::unexpected(committed.error());
  return stored;
}

Result<Report> PostgresStore::UpdateReport(Report report) {
  if (auto ok = CheckLimits(report); !ok) return std::unexpected(ok.error());
  static const std::string sql = [] {
    std::string sets;
    for (int i = 0; i < sqlite::ReportFieldCount(); ++i) {
      if (i > 0) sets += ", ";
      sets += fmt::format("{} = ${}", sqlite::ReportField(i), i + 1);
    }
    return fmt::format("UPDATE reports SET {} WHERE id = ${}", sets,
                       sqlite::ReportFieldCount() + 1);
  }();
  auto committed = pool_->Run([&](pqxx::work& work) -> Status {
    auto current = Exec(
        work,
        fmt::format("SELECT {} FROM reports WHERE id = $1 FOR UPDATE", sqlite::ReportColumns()),
        Params().Add(report.id));
    if (current.empty()) {
      return Fail(ErrorCode::kNotFound, fmt::format("report {} does not exist", report.id));
    }
    auto stored = postgres::ReadReport(current[0]);
    if (!stored) return std::unexpected(stored.error());
    Report updated = report;
    updated.channel = stored->channel;
    updated.sha256 = stored->sha256;
    updated.received_at = stored->received_at;
    updated.repeats = stored->repeats;
    MarkIfDuplicate(work, updated);
    Params params;
    postgres::AddReportFields(params, updated);
    params.Add(updated.id);
    Exec(work, sql, params);
    ReplaceObservables(work, updated);
    return {};
  });
  if (!committed) return std::unexpected(committed.error());
  return GetReport(report.id);
}

Result<Report> PostgresStore::GetReport(int64_t id) {
  std::optional<Report> report;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    auto rows = Exec(
        work, fmt::format("SELECT {}, raw FROM reports WHERE id = $1", sqlite::ReportColumns()),
        Params().Add(id));
    if (rows.empty())
      return Fail(ErrorCode::kNotFound, fmt::format("report {} does not exist", id));
    auto read = postgres::ReadReport(rows[0]);
    if (!read) return std::unexpected(read.error());
    read->raw = postgres::FromByteaHex(rows[0][sqlite::ReportFieldCount() + 1].c_str());
    auto observables = LoadObservables(work, id);
    if (!observables) return std::unexpected(observables.error());
    read->observables = std::move(*observables);
    report = std::move(*read);
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return std::move(*report);
}

Result<ReportPage> PostgresStore::ListReports(const ReportQuery& query) {
  int limit = std::clamp(query.limit, 1, kMaxPageSize);
  Params params;
  std::string where = "TRUE";
  if (query.status) {
    where += " AND status = " + params.Next();
    params.Add(ToString(*query.status));
  } else {
    where += " AND status <> 'duplicate'";
  }
  if (query.category) {
    where += " AND category = " + params.Next();
    params.Add(ToString(*query.category));
  }
  if (query.before_id) {
    where += " AND id < " + params.Next();
    params.Add(*query.before_id);
  }
  if (query.incident_id) {
    where += " AND incident_id = " + params.Next();
    params.Add(*query.incident_id);
  }
  if (!query.text.empty()) {
    std::string text = params.Next();
    params.Add(query.text);
    where += fmt::format(
        " AND (id IN (SELECT report_id FROM observables WHERE value = {0} OR "
        "registrable_domain = {0}) OR strpos(subject, {0}) > 0 OR strpos(reporter, {0}) > 0 OR "
        "strpos(text, {0}) > 0)",
        text);
  }
  std::string sql = fmt::format("SELECT {} FROM reports WHERE {} ORDER BY id DESC LIMIT {}",
                                sqlite::ReportColumns(), where, params.Next());
  params.Add(int64_t{limit + 1});
  ReportPage page;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    page = {};
    for (const auto& row : Exec(work, sql, params)) {
      if (std::ssize(page.items) == limit) {
        page.next_before_id = page.items.back().id;
        break;
      }
      auto report = postgres::ReadReport(row);
      if (!report) return std::unexpected(report.error());
      page.items.push_back(std::move(*report));
    }
    for (Report& report : page.items) {
      auto observables = LoadObservables(work, report.id);
      if (!observables) return std::unexpected(observables.error());
      report.observables = std::move(*observables);
    }
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return page;
}

Result<std::vector<Report>> PostgresStore::ListRelatedReports(const RelatedReportQuery& query) {
  std::vector<Report> reports;
  if (query.value.empty()) return reports;
  Params params;
  std::string value = params.Next();
  std::string matching;
  if (query.prefix) {
    std::string pattern;  // LIKE 'prefix%' with the prefix's own % _ \ taken literally
    for (char c : query.value) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += c;
    }
    params.Add(pattern + "%");
    matching = fmt::format("SELECT report_id FROM observables WHERE value LIKE {}", value);
  } else {
    params.Add(query.value);
    matching = fmt::format(
        "SELECT report_id FROM observables WHERE value = {0} UNION SELECT report_id FROM "
        "observables WHERE registrable_domain = {0} AND registrable_domain <> ''",
        value);
  }
  std::string since = params.Next();
  params.Add(ToMicros(query.since));
  std::string limit = params.Next();
  params.Add(int64_t{std::clamp(query.limit, 1, kMaxPageSize)});
  std::string sql = fmt::format(
      "SELECT {} FROM reports WHERE id IN ({}) AND received_at >= {} AND status <> 'duplicate' "
      "ORDER BY id DESC LIMIT {}",
      sqlite::ReportColumns(), matching, since, limit);
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    reports.clear();
    for (const auto& row : Exec(work, sql, params)) {
      auto report = postgres::ReadReport(row);
      if (!report) return std::unexpected(report.error());
      reports.push_back(std::move(*report));
    }
    for (Report& report : reports) {
      auto observables = LoadObservables(work, report.id);
      if (!observables) return std::unexpected(observables.error());
      report.observables = std::move(*observables);
    }
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return reports;
}

Result<ObservableSightings> PostgresStore::FindObservable(std::string_view value, int limit) {
  limit = std::clamp(limit, 1, kMaxPageSize);
  ObservableSightings sightings;
  auto ok = pool_->Run([&](pqxx::work& work) -> Status {
    sightings = {};
    Params params = Params().Add(value).Add(int64_t{limit});
    for (const auto& row : Exec(work,
                                "SELECT DISTINCT report_id FROM observables WHERE value = $1 OR "
                                "registrable_domain = $1 ORDER BY report_id DESC LIMIT $2",
                                params)) {
      sightings.report_ids.push_back(row[0].as<int64_t>());
    }
    for (const auto& row :
         Exec(work,
              "SELECT DISTINCT r.incident_id FROM observables o JOIN reports r ON r.id = "
              "o.report_id WHERE (o.value = $1 OR o.registrable_domain = $1) AND r.incident_id "
              "IS NOT NULL ORDER BY r.incident_id DESC LIMIT $2",
              params)) {
      sightings.incident_ids.push_back(row[0].as<int64_t>());
    }
    return {};
  });
  if (!ok) return std::unexpected(ok.error());
  return sightings;
}

}  // namespace hikeshi
