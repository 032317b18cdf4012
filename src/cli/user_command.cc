#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <string>

#include "cli/command.h"
#include "server/password.h"

namespace hikeshi::cli {
namespace {

std::string ReadLine(std::istream& in) {
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

std::string PromptHidden(const char* prompt) {
  fmt::print(stderr, "{}", prompt);
  termios saved{};
  tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string line = ReadLine(std::cin);
  tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  fmt::print(stderr, "\n");
  return line;
}

// From a terminal: asked twice without echo. Otherwise: the first line of standard input.
Result<std::string> ReadPassword() {
  if (!isatty(STDIN_FILENO)) return ReadLine(std::cin);
  std::string first = PromptHidden("Password: ");
  if (PromptHidden("Repeat password: ") != first) {
    return Fail(ErrorCode::kInvalid, "the passwords do not match");
  }
  return first;
}

}  // namespace

void AddUserCommand(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand("user", "Manage user accounts");
  command->require_subcommand(1);

  struct AddFlags {
    StoreFlags store;
    std::string name;
    std::string role;
  };
  auto add = std::make_shared<AddFlags>();
  CLI::App* add_command =
      command->add_subcommand("add", "Create a user; the password is read from standard input");
  AddStoreFlags(*add_command, add->store);
  add_command->add_option("name", add->name, "user name (a-z, 0-9, . _ -)")->required();
  add_command->add_option("--role", add->role, "admin, responder or viewer")
      ->required()
      ->check(CLI::IsMember({"admin", "responder", "viewer"}));
  add_command->callback([add, &exit_code] {
    if (auto ok = ValidateUserName(add->name); !ok) {
      return void(exit_code = ReportError(ok.error()));
    }
    auto store = OpenStoreFromFlags(add->store);
    if (!store) return void(exit_code = ReportError(store.error()));
    auto password = ReadPassword();
    if (!password) return void(exit_code = ReportError(password.error()));
    auto hash = server::HashPassword(*password);
    if (!hash) return void(exit_code = ReportError(hash.error()));
    User user{.name = add->name,
              .role = *ParseRole(add->role),
              .password_hash = *hash,
              .created_at = SystemClock().Now()};
    auto created = (*store)->CreateUser(user);
    if (!created) return void(exit_code = ReportError(created.error()));
    fmt::print("created user {} ({})\n", created->name, ToString(created->role));
  });

  auto list = std::make_shared<StoreFlags>();
  CLI::App* list_command = command->add_subcommand("list", "List user accounts");
  AddStoreFlags(*list_command, *list);
  list_command->callback([list, &exit_code] {
    auto store = OpenStoreFromFlags(*list);
    if (!store) return void(exit_code = ReportError(store.error()));
    auto users = (*store)->ListUsers();
    if (!users) return void(exit_code = ReportError(users.error()));
    for (const User& user : *users) {
      fmt::print("{:<24} {:<10} {}\n", user.name, ToString(user.role),
                 user.disabled ? "disabled" : "");
    }
  });
}

}  // namespace hikeshi::cli
