// `hikeshi report …` and `hikeshi observable VALUE`: the report inbox and "everything that
// mentions this address / URL / domain" from the shell.
#include <fmt/format.h>

#include "cli/command.h"
#include "intake/report_parser.h"

namespace hikeshi::cli {
namespace {

void PrintReportLine(const Report& report) {
  fmt::print("#{:<6} {:<15} {:<14} {}  {}  {}\n", report.id, ToString(report.status),
             report.category ? ToString(*report.category) : "-",
             FormatRfc3339(report.received_at).substr(0, 19), report.reporter,
             report.subject.substr(0, 60));
}

void PrintReport(const Report& report) {
  fmt::print("report #{} from {}{}\n", report.id, report.reporter,
             report.reporter_name.empty() ? "" : " (" + report.reporter_name + ")");
  fmt::print("  received  {} via {} as {} ({} bytes, SHA-256 {})\n",
             FormatRfc3339(report.received_at), report.channel, report.format, report.raw.size(),
             report.sha256);
  fmt::print("  subject   {}\n", report.subject);
  fmt::print("  status    {}{}\n", ToString(report.status),
             report.not_incident_reason
                 ? fmt::format(" ({})", ToString(*report.not_incident_reason))
                 : "");
  fmt::print("  category  {} (RSIT {}) by {}\n", report.category ? ToString(*report.category) : "-",
             report.rsit, report.triage_rule);
  if (report.event_time) fmt::print("  happened  {}\n", FormatRfc3339(*report.event_time));
  fmt::print("  consent   {}\n", report.consent_to_share ? "may be shared" : "keep to ourselves");
  if (report.incident_id) fmt::print("  incident  #{}\n", *report.incident_id);
  if (report.duplicate_of) fmt::print("  repeats   report #{}\n", *report.duplicate_of);
  for (const Observable& observable : report.observables) {
    std::string flags;
    for (std::string_view flag : FlagNames(observable.flags)) flags += fmt::format(" [{}]", flag);
    fmt::print(
        "  {:<9} {}{}{}\n", ToString(observable.kind), observable.value,
        observable.original != observable.value ? " (written " + observable.original + ")" : "",
        flags);
  }
  for (const std::string& missing : report.missing_evidence) {
    fmt::print("  missing   {}\n", missing);
  }
  for (const std::string& anomaly : report.anomalies) fmt::print("  anomaly   {}\n", anomaly);
  if (!report.draft_reply.empty()) fmt::print("\n{}\n", report.draft_reply);
}

}  // namespace

void AddReportCommand(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand("report", "List and show reports");
  command->require_subcommand(1);

  struct ListFlags {
    StoreFlags store;
    std::string status, category, text;
    int limit = 50;
  };
  auto list = std::make_shared<ListFlags>();
  CLI::App* list_command = command->add_subcommand("list", "Newest first; duplicates hidden");
  AddStoreFlags(*list_command, list->store);
  list_command->add_option("--status", list->status, "received, new, needs-info, …");
  list_command->add_option("--category", list->category, "scan, phishing, …");
  list_command->add_option("-q,--query", list->text,
                           "an observable value (address, URL, domain) or text in subject, "
                           "reporter or body");
  list_command->add_option("--limit", list->limit, "at most this many")->check(CLI::Range(1, 500));
  list_command->callback([list, &exit_code] {
    ReportQuery query{.text = list->text, .limit = list->limit};
    if (!list->status.empty()) {
      query.status = ParseReportStatus(list->status);
      if (!query.status) {
        return void(exit_code = ReportError(
                        {ErrorCode::kInvalid, fmt::format("unknown status '{}'", list->status)}));
      }
    }
    if (!list->category.empty()) {
      query.category = ParseCategory(list->category);
      if (!query.category) {
        return void(exit_code =
                        ReportError({ErrorCode::kInvalid,
                                     fmt::format("unknown category '{}'", list->category)}));
      }
    }
    auto store = OpenStoreFromFlags(list->store);
    if (!store) return void(exit_code = ReportError(store.error()));
    auto page = (*store)->ListReports(query);
    if (!page) return void(exit_code = ReportError(page.error()));
    for (const Report& report : page->items) PrintReportLine(report);
  });

  struct ShowFlags {
    StoreFlags store;
    int64_t id = 0;
  };
  auto show = std::make_shared<ShowFlags>();
  CLI::App* show_command =
      command->add_subcommand("show", "One report, its observables and triage");
  AddStoreFlags(*show_command, show->store);
  show_command->add_option("ID", show->id, "report number")->required();
  show_command->callback([show, &exit_code] {
    auto store = OpenStoreFromFlags(show->store);
    if (!store) return void(exit_code = ReportError(store.error()));
    auto report = (*store)->GetReport(show->id);
    if (!report) return void(exit_code = ReportError(report.error()));
    PrintReport(*report);
  });

  struct FindFlags {
    StoreFlags store;
    std::string value;
  };
  auto find = std::make_shared<FindFlags>();
  CLI::App* find_command = app.add_subcommand(
      "observable", "Every report and incident mentioning an address, URL, domain or hash");
  AddStoreFlags(*find_command, find->store);
  find_command->add_option("VALUE", find->value, "as written; defanged forms are accepted")
      ->required();
  find_command->callback([find, &exit_code] {
    auto store = OpenStoreFromFlags(find->store);
    if (!store) return void(exit_code = ReportError(store.error()));
    std::string value = intake::NormalizeLookup(find->value);
    auto sightings = (*store)->FindObservable(value, kMaxPageSize);
    if (!sightings) return void(exit_code = ReportError(sightings.error()));
    fmt::print("{}: {} reports, {} incidents\n", value, sightings->report_ids.size(),
               sightings->incident_ids.size());
    for (int64_t id : sightings->incident_ids) {
      auto incident = (*store)->GetIncident(id);
      if (incident) {
        fmt::print("  incident #{} [{}] {}\n", id, ToString(incident->state), incident->title);
      }
    }
    for (int64_t id : sightings->report_ids) {
      auto report = (*store)->GetReport(id);
      if (report) PrintReportLine(*report);
    }
    if (sightings->report_ids.empty()) exit_code = kExitProblem;
  });
}

}  // namespace hikeshi::cli
