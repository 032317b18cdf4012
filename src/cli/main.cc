// hikeshi: one binary for the whole system. The table of subcommands is below.
#include <CLI/CLI.hpp>

#include "cli/command.h"

int main(int argc, char** argv) {
  using namespace hikeshi::cli;
  CLI::App app{
      "Hikeshi (火消し): incident response and abuse handling for CSIRTs.\n"
      "Every command that touches the record takes --db FILE (default ./hikeshi.db)."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "hikeshi 0.1.0");
  int exit_code = kExitOk;

  AddServeCommand(app, exit_code);     // HTTP API (and web UI)
  AddUserCommand(app, exit_code);      // accounts and roles
  AddTokenCommand(app, exit_code);     // API tokens for automation
  AddIncidentCommand(app, exit_code);  // the incident record from the shell
  AddIngestCommand(app, exit_code);    // reports from feeds and mail
  AddReportCommand(app, exit_code);    // the report inbox; observable look-ups
  AddTriageCommand(app, exit_code);    // Sigma rules over log files, a timeline out
  AddStatsCommand(app, exit_code);     // quarterly numbers, as GET /api/v1/stats
  AddContactCommand(app, exit_code);   // the contact directory
  AddNotifyCommand(app, exit_code);    // notices drafted by hand
  AddVerifyCommand(app, exit_code);    // check every work-log hash chain
  AddDbCommand(app, exit_code);        // schema migrations
  AddWhoisCommand(app, exit_code);     // owner and abuse contact of an address, offline

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return exit_code;
}
