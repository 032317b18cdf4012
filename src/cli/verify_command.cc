#include <fmt/format.h>

#include "cli/command.h"

namespace hikeshi::cli {

void AddVerifyCommand(CLI::App& app, int& exit_code) {
  struct Flags {
    StoreFlags store;
    bool heads = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "verify",
      "Check every incident's work-log hash chain; exits 1 naming the first broken entry");
  AddStoreFlags(*command, flags->store);
  command->add_flag("--heads", flags->heads,
                    "also print each chain's length and head hash, to keep somewhere safe and "
                    "compare later (catches a consistent rewrite of a whole chain)");
  command->callback([flags, &exit_code] {
    auto store = OpenStoreFromFlags(flags->store);
    if (!store) return void(exit_code = ReportError(store.error()));
    auto result = (*store)->VerifyWorkLogs();
    if (!result) return void(exit_code = ReportError(result.error()));
    if (flags->heads) {
      for (const ChainHead& head : result->heads) {
        fmt::print("head incident #{} entries {} {}\n", head.incident_id, head.entries, head.hash);
      }
    }
    if (result->problems.empty()) {
      fmt::print("OK: {} incidents, {} work-log entries, every chain verifies\n", result->incidents,
                 result->entries);
      return;
    }
    for (const ChainProblem& problem : result->problems) {
      fmt::print("BROKEN: incident #{} entry {}: {}\n", problem.incident_id, problem.seq,
                 problem.what);
    }
    fmt::print(stderr,
               "hikeshi: {} of {} incidents have a broken work-log chain; first: incident "
               "#{} entry {}\n",
               result->problems.size(), result->incidents, result->problems.front().incident_id,
               result->problems.front().seq);
    exit_code = kExitProblem;
  });
}

}  // namespace hikeshi::cli
