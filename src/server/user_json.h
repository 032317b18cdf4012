// The JSON shape of a user account in responses. Never includes the password hash.
#pragma once

#include "core/user.h"
#include "server/json_body.h"

namespace hikeshi::server {

// {name, role, disabled, created_at}
ResponseJson UserToJson(const User& user);

}  // namespace hikeshi::server
