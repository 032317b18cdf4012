// /users (admin) and /tokens (anyone, for themselves).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "server/api_token.h"
#include "server/handlers.h"
#include "server/json_body.h"
#include "server/password.h"
#include "server/user_json.h"

namespace hikeshi::server {

using json = ResponseJson;

Result<ApiResponse> ListUsers(HandlerContext& context) {
  auto users = context.store.ListUsers();
  if (!users) return std::unexpected(users.error());
  json items = json::array();
  for (const User& user : *users) items.push_back(UserToJson(user));
  return JsonResponse(200, DumpJson({{"items", std::move(items)}}));
}

Result<ApiResponse> CreateUser(HandlerContext& context) {
  auto object = ParseJsonObject(context.request.body);
  if (!object) return std::unexpected(object.error());
  FieldReader reader(*object, {"name", "role", "password"});
  if (auto ok = reader.CheckUnknown(); !ok) return std::unexpected(ok.error());
  auto name = reader.RequiredString("name");
  if (!name) return std::unexpected(name.error());
  auto role_name = reader.RequiredString("role");
  if (!role_name) return std::unexpected(role_name.error());
  auto password = reader.RequiredString("password");
  if (!password) return std::unexpected(password.error());

  if (auto ok = ValidateUserName(*name); !ok) return std::unexpected(ok.error());
  std::optional<Role> role = ParseRole(*role_name);
  if (!role) {
    return Fail(ErrorCode::kInvalid, "field \"role\" must be admin, responder or viewer");
  }
  // Refuse a taken name before spending argon2id time on the password.
  if (auto existing = context.store.GetUserByName(*name); existing) {
    return Fail(ErrorCode::kConflict, fmt::format("a user named {} already exists", *name));
  }
  auto hash = HashPassword(*password);
  if (!hash) return std::unexpected(hash.error());
  User user{.name = std::move(*name),
            .role = *role,
            .password_hash = std::move(*hash),
            .created_at = context.now};
  auto created = context.store.CreateUser(user);
  if (!created) return std::unexpected(created.error());
  return JsonResponse(201, DumpJson(UserToJson(*created)));
}

Result<ApiResponse> CreateToken(HandlerContext& context) {
  auto object = ParseJsonObject(context.request.body);
  if (!object) return std::unexpected(object.error());
  FieldReader reader(*object, {"label"});
  if (auto ok = reader.CheckUnknown(); !ok) return std::unexpected(ok.error());
  auto label = reader.OptionalString("label");
  if (!label) return std::unexpected(label.error());
  std::string label_text = label->value_or("");
  auto token = IssueApiToken(context.store, context.principal->user, label_text, context.now);
  if (!token) return std::unexpected(token.error());
  return JsonResponse(
      201,
      DumpJson({{"token", *token}, {"user", context.principal->user.name}, {"label", label_text}}));
}

}  // namespace hikeshi::server
