// Users and what their role lets them do.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/time.h"

namespace hikeshi {

enum class Role { kViewer, kResponder, kAdmin };

// Each API or CLI action needs exactly one permission.
enum class Permission {
  kReadIncidents,   // viewer and up
  kWriteIncidents,  // responder and up: create, edit, transition, log
  kManageUsers,     // admin: users, tokens of others, configuration
};

struct User {
  int64_t id = 0;
  std::string name;
  Role role = Role::kViewer;
  std::string password_hash;  // libsodium argon2id string; empty = cannot log in with a password
  bool disabled = false;
  Timestamp created_at;
};

std::string_view ToString(Role role);  // "viewer", "responder", "admin"
std::optional<Role> ParseRole(std::string_view name);
bool Allows(Role role, Permission permission);

// User names: 1–64 of [a-z0-9._-], starting with a letter or digit.
Status ValidateUserName(std::string_view name);

}  // namespace hikeshi
