#include "core/user.h"

#include <array>
#include <utility>

#include "core/incident.h"

namespace hikeshi {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 3> kNames{{
    {Role::kViewer, "viewer"},
    {Role::kResponder, "responder"},
    {Role::kAdmin, "admin"},
}};

}  // namespace

std::string_view ToString(Role role) { return kNames[static_cast<size_t>(role)].second; }

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [role, text] : kNames) {
    if (text == name) return role;
  }
  return std::nullopt;
}

bool Allows(Role role, Permission permission) {
  switch (permission) {
    case Permission::kReadIncidents:
      return true;
    case Permission::kWriteIncidents:
      return role == Role::kResponder || role == Role::kAdmin;
    case Permission::kManageUsers:
      return role == Role::kAdmin;
  }
  return false;
}

Status ValidateUserName(std::string_view name) {
  auto ok_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  };
  bool valid = !name.empty() && name.size() <= kMaxUserNameBytes && ok_char(name[0]) &&
               name[0] != '.' && name[0] != '_' && name[0] != '-';
  for (char c : name) valid = valid && ok_char(c);
  if (!valid) {
    return Fail(ErrorCode::kInvalid,
                "user names are 1-64 characters of a-z, 0-9, '.', '_', '-' and start with a "
                "letter or digit");
  }
  return {};
}

}  // namespace hikeshi
