#include <fmt/format.h>

#include "cli/command.h"
#include "server/api_token.h"

namespace hikeshi::cli {

void AddTokenCommand(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand("token", "Manage API tokens");
  command->require_subcommand(1);
  struct Flags {
    StoreFlags store;
    std::string name;
    std::string label = "cli";
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* create = command->add_subcommand(
      "create", "Create an API token for a user; prints the token alone on the last line");
  AddStoreFlags(*create, flags->store);
  create->add_option("name", flags->name, "the user the token acts as")->required();
  create->add_option("--label", flags->label, "what the token is for (default \"cli\")");
  create->callback([flags, &exit_code] {
    auto store = OpenStoreFromFlags(flags->store);
    if (!store) return void(exit_code = ReportError(store.error()));
    auto user = (*store)->GetUserByName(flags->name);
    if (!user) return void(exit_code = ReportError(user.error()));
    auto token = server::IssueApiToken(**store, *user, flags->label, SystemClock().Now());
    if (!token) return void(exit_code = ReportError(token.error()));
    fmt::print(stderr, "API token for {} ({}); shown once, use as 'Authorization: Bearer TOKEN':\n",
               user->name, ToString(user->role));
    fmt::print("{}\n", *token);
  });
}

}  // namespace hikeshi::cli
