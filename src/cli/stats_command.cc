#include <fmt/format.h>

#include "cli/command.h"
#include "server/stats_json.h"
#include "server/stats_load.h"

namespace hikeshi::cli {

void AddStatsCommand(CLI::App& app, int& exit_code) {
  struct Flags {
    StoreFlags store;
    std::string quarter;
    std::string from;
    std::string to;
    std::string by = "quarter";
    std::string format = "json";
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "stats",
      "Reports and incidents per category, response times and open incidents by age, per quarter "
      "or month in JST: the numbers of GET /api/v1/stats");
  AddStoreFlags(*command, flags->store);
  command->add_option("--quarter", flags->quarter,
                      "one quarter, e.g. 2026Q3 (same as --from/--to)");
  command->add_option("--from", flags->from, "first period: 2026Q1, 2026-01 or 2026-01-15");
  command->add_option("--to", flags->to, "last period (default: the current one)");
  command->add_option("--by", flags->by, "quarter (default) or month")
      ->check(CLI::IsMember({"quarter", "month"}));
  command->add_option("--format", flags->format, "json (default) or csv")
      ->check(CLI::IsMember({"json", "csv"}));
  command->callback([flags, &exit_code] {
    server::StatsRequest request;
    request.by = flags->by == "month" ? server::StatsGranularity::kMonth
                                      : server::StatsGranularity::kQuarter;
    request.from = flags->quarter.empty() ? flags->from : flags->quarter;
    request.to = flags->quarter.empty() ? flags->to : flags->quarter;
    if (!flags->quarter.empty() && (!flags->from.empty() || !flags->to.empty())) {
      fmt::print(stderr, "hikeshi: --quarter and --from/--to exclude each other\n");
      return void(exit_code = kExitUsage);
    }
    auto store = OpenStoreFromFlags(flags->store);
    if (!store) return void(exit_code = ReportError(store.error()));
    auto loaded = server::LoadStats(**store, request, SystemClock().Now());
    if (!loaded) return void(exit_code = ReportError(loaded.error()));
    if (flags->format == "csv") {
      fmt::print("{}", server::StatsToCsv(loaded->stats));
    } else {
      fmt::print("{}\n", server::StatsToJson(loaded->stats, loaded->truncated).dump(2));
    }
  });
}

}  // namespace hikeshi::cli
