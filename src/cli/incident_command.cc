// `hikeshi incident …`: the incident record from the shell, for responders without the web UI.
#include <fmt/format.h>

#include <cstdlib>

#include "cli/command.h"

namespace hikeshi::cli {
namespace {

// Local commands act as "cli:<login>" unless --as names a responder.
std::string DefaultResponder() {
  const char* login = std::getenv("USER");
  return fmt::format("cli:{}", login && *login ? login : "unknown");
}

std::string Stamp(const std::optional<Timestamp>& at) { return at ? FormatRfc3339(*at) : "-"; }

void PrintIncident(const Incident& incident) {
  fmt::print("#{} {}\n", incident.id, incident.title);
  fmt::print("  state     {} (NIST: {}; JPCERT/CC: {})\n", ToString(incident.state),
             ToString(Describe(incident.state).nist), ToString(Describe(incident.state).jpcert));
  fmt::print("  category  {} (RSIT {})\n", ToString(incident.category),
             Describe(incident.category).rsit);
  fmt::print("  severity  {}   {}   lead {}\n", ToString(incident.severity), ToString(incident.tlp),
             incident.lead.empty() ? "-" : incident.lead);
  fmt::print("  reported  {}   acknowledged {}\n", FormatRfc3339(incident.reported_at),
             Stamp(incident.acknowledged_at));
  fmt::print("  contained {}   recovered {}   closed {}\n", Stamp(incident.contained_at),
             Stamp(incident.recovered_at), Stamp(incident.closed_at));
  if (!incident.description.empty()) fmt::print("\n{}\n", incident.description);
}

// Runs `body` with the opened store, turning every error into the exit code.
template <typename Body>
void WithStore(const StoreFlags& flags, int& exit_code, Body body) {
  auto store = OpenStoreFromFlags(flags);
  if (!store) return void(exit_code = ReportError(store.error()));
  if (auto ok = body(**store); !ok) exit_code = ReportError(ok.error());
}

template <typename T>
Status ParseInto(const std::string& text, std::optional<T> (*parse)(std::string_view),
                 std::optional<T>& out, std::string_view what) {
  if (text.empty()) return {};
  out = parse(text);
  if (!out) return Fail(ErrorCode::kInvalid, fmt::format("unknown {} '{}'", what, text));
  return {};
}

}  // namespace

void AddIncidentCommand(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand("incident", "Create, list, show and log incidents");
  command->require_subcommand(1);

  struct Flags {
    StoreFlags store;
    std::string responder = DefaultResponder();
    std::string title, description, category = "other", severity = "medium", tlp = "amber";
    std::string state, text, to, note, reason, query;
    int64_t id = 0;
    int limit = 50;
  };
  auto f = std::make_shared<Flags>();

  CLI::App* create = command->add_subcommand("create", "Open a new incident record");
  AddStoreFlags(*create, f->store);
  create->add_option("--title", f->title, "one-line summary")->required();
  create->add_option("--description", f->description, "what is known so far");
  create->add_option("--category", f->category,
                     "scan, intrusion, dos, phishing, defacement, "
                     "malware-site, targeted-attack, control-system, other");
  create->add_option("--severity", f->severity, "low, medium, high, critical");
  create->add_option("--tlp", f->tlp, "clear, green, amber, amber+strict, red");
  create->add_option("--as", f->responder, "responder recorded in the work log");
  create->callback([f, &exit_code] {
    WithStore(f->store, exit_code, [&](Store& store) -> Status {
      NewIncident input{.title = f->title, .description = f->description};
      std::optional<Category> category;
      std::optional<Severity> severity;
      std::optional<Tlp> tlp;
      if (auto ok = ParseInto(f->category, ParseCategory, category, "category"); !ok) return ok;
      if (auto ok = ParseInto(f->severity, ParseSeverity, severity, "severity"); !ok) return ok;
      if (auto ok = ParseInto(f->tlp, ParseTlp, tlp, "TLP label"); !ok) return ok;
      input.category = *category;
      input.severity = *severity;
      input.tlp = *tlp;
      auto made = MakeIncident(input, SystemClock().Now());
      if (!made) return std::unexpected(made.error());
      auto created = store.CreateIncident(made->first, made->second, f->responder);
      if (!created) return std::unexpected(created.error());
      fmt::print("created incident #{}\n", created->first.id);
      return {};
    });
  });

  CLI::App* list = command->add_subcommand("list", "List incidents, newest first");
  AddStoreFlags(*list, f->store);
  list->add_option("--state", f->state, "only this state");
  list->add_option("--category", f->category, "only this category")->default_str("");
  list->add_option("-q,--query", f->query, "full-text search in title and description");
  list->add_option("--limit", f->limit, "at most this many (1-500)")->check(CLI::Range(1, 500));
  list->preparse_callback([f](size_t) { f->category.clear(); });
  list->callback([f, &exit_code] {
    WithStore(f->store, exit_code, [&](Store& store) -> Status {
      IncidentQuery query{.text = f->query, .limit = f->limit};
      if (auto ok = ParseInto(f->state, ParseState, query.state, "state"); !ok) return ok;
      if (auto ok = ParseInto(f->category, ParseCategory, query.category, "category"); !ok) {
        return ok;
      }
      auto page = store.ListIncidents(query);
      if (!page) return std::unexpected(page.error());
      for (const Incident& incident : page->items) {
        fmt::print("#{:<6} {:<16} {:<15} {:<8} {}\n", incident.id, ToString(incident.state),
                   ToString(incident.category), ToString(incident.severity), incident.title);
      }
      return {};
    });
  });

  CLI::App* show = command->add_subcommand("show", "Show an incident and its work log");
  AddStoreFlags(*show, f->store);
  show->add_option("id", f->id, "incident number")->required();
  show->callback([f, &exit_code] {
    WithStore(f->store, exit_code, [&](Store& store) -> Status {
      auto incident = store.GetIncident(f->id);
      if (!incident) return std::unexpected(incident.error());
      PrintIncident(*incident);
      auto log = store.ListWorkLog(f->id);
      if (!log) return std::unexpected(log.error());
      fmt::print("\nWork log:\n");
      for (const WorkLogEntry& entry : *log) {
        fmt::print("  {:>3} {} {:<16} {:<10} {}\n", entry.seq, FormatRfc3339(entry.at),
                   entry.responder, entry.action, entry.text);
      }
      return {};
    });
  });

  CLI::App* log = command->add_subcommand("log", "Append a note to an incident's work log");
  AddStoreFlags(*log, f->store);
  log->add_option("id", f->id, "incident number")->required();
  log->add_option("text", f->text, "what was done")->required();
  log->add_option("--as", f->responder, "responder recorded in the work log");
  log->callback([f, &exit_code] {
    WithStore(f->store, exit_code, [&](Store& store) -> Status {
      auto note = MakeNote(f->text);
      if (!note) return std::unexpected(note.error());
      auto result = store.MutateIncident(
          f->id, [&](Incident&) -> Result<std::optional<WorkLogDraft>> { return *note; },
          f->responder, SystemClock().Now());
      if (!result) return std::unexpected(result.error());
      fmt::print("logged entry {} on incident #{}\n", result->entry->seq, f->id);
      return {};
    });
  });

  CLI::App* move = command->add_subcommand("transition", "Move an incident to another state");
  AddStoreFlags(*move, f->store);
  move->add_option("id", f->id, "incident number")->required();
  move->add_option("to", f->to, "triage, open, not-an-incident, contained, recovered, closed")
      ->required();
  move->add_option("--note", f->note, "why");
  move->add_option("--reason", f->reason,
                   "for not-an-incident: spam, one-click-fraud, legitimate-access, duplicate, "
                   "other");
  move->add_option("--as", f->responder, "responder recorded in the work log");
  move->callback([f, &exit_code] {
    WithStore(f->store, exit_code, [&](Store& store) -> Status {
      std::optional<State> to;
      std::optional<NotIncidentReason> reason;
      if (auto ok = ParseInto(f->to, ParseState, to, "state"); !ok) return ok;
      if (auto ok = ParseInto(f->reason, ParseNotIncidentReason, reason, "reason"); !ok) return ok;
      Timestamp now = SystemClock().Now();
      auto result = store.MutateIncident(
          f->id,
          [&](Incident& incident) -> Result<std::optional<WorkLogDraft>> {
            auto draft = ApplyTransition(incident, *to, f->note, reason, now);
            if (!draft) return std::unexpected(draft.error());
            return std::optional<WorkLogDraft>{std::move(*draft)};
          },
          f->responder, now);
      if (!result) return std::unexpected(result.error());
      fmt::print("incident #{} is now {}\n", f->id, ToString(result->incident.state));
      return {};
    });
  });
}

}  // namespace hikeshi::cli
