// hikeshi notify draft INCIDENT: drafts notices for one incident by hand, as
// POST /api/v1/incidents/{id}/notifications does (server/incident_notices.h,
// doc/coordination.md). Drafts wait for a responder's approval like every other notice.
#include <fmt/format.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/ownership_table.h"
#include "server/incident_notices.h"

namespace hikeshi::cli {
namespace {

struct DraftFlags {
  StoreFlags store;
  int64_t incident_id = 0;
  std::string to;
  int64_t contact_id = 0;
  std::string language;
  std::string kind = "abuse";
  std::string responder;  // recorded in the work log; default "cli:<login>"
};

int DraftNotices(const DraftFlags& flags) {
  auto config = ResolveConfig(flags.store);
  if (!config) return ReportError(config.error());
  auto store = OpenConfiguredStore(*config);
  if (!store) return ReportError(store.error());
  auto ownership = OwnershipSources::Open(*config);
  if (!ownership) return ReportError(ownership.error());
  server::CoordinationOptions coordination = config->coordination;
  coordination.ownership = &(*ownership)->lookup();
  server::IncidentNoticeRequest request{
      .to = flags.to,
      .contact_id = flags.contact_id > 0 ? std::optional<int64_t>(flags.contact_id) : std::nullopt,
      .language = flags.language,
      .kind = flags.kind};
  auto result = server::DraftIncidentNotices(**store, coordination, flags.incident_id, request,
                                             flags.responder, SystemClock().Now());
  if (!result) return ReportError(result.error());
  for (const Notification& n : result->notifications) {
    fmt::print("notice #{} {} {} {} to {}: {}\n", n.id, n.state, n.kind, n.language, n.recipient,
               n.subject);
  }
  for (const server::SkippedAddress& skipped : result->skipped) {
    fmt::print("skipped {}: {}\n", skipped.address, skipped.reason);
  }
  return result->notifications.empty() ? kExitProblem : kExitOk;
}

}  // namespace

void AddNotifyCommand(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand("notify", "Notices to network owners");
  command->require_subcommand(1);
  auto draft = std::make_shared<DraftFlags>();
  const char* login = std::getenv("USER");
  draft->responder = fmt::format("cli:{}", login && *login ? login : "unknown");
  CLI::App* draft_command = command->add_subcommand(
      "draft",
      "Draft notices for an incident: to the owner of each external address, URL or domain its "
      "reports name, or to one recipient (--to, --contact); exits 1 when nothing was drafted");
  AddStoreFlags(*draft_command, draft->store);
  draft_command->add_option("INCIDENT", draft->incident_id, "incident id")->required();
  draft_command->add_option("--to", draft->to, "one mail address for every item");
  draft_command->add_option("--contact", draft->contact_id, "a directory contact's id")
      ->excludes("--to");
  draft_command->add_option("--lang", draft->language, "ja or en (default: the owner's)")
      ->check(CLI::IsMember({"ja", "en"}));
  draft_command->add_option("--kind", draft->kind, "abuse or warning")
      ->check(CLI::IsMember({"abuse", "warning"}))
      ->capture_default_str();
  draft_command->add_option("--as", draft->responder, "responder recorded in the work log");
  draft_command->callback([draft, &exit_code] { exit_code = DraftNotices(*draft); });
}

}  // namespace hikeshi::cli
