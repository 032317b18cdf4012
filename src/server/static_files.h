// The web UI's static files (web/dist): safe path resolution under the root, content types, the
// index.html fallback for client-side routes, and a 503 page while the UI is not built.
#pragma once

#include <string_view>

#include "server/api_message.h"

namespace hikeshi::server {

// Serves GET `path` (undecoded URL path) from `web_root`. Paths that would leave the root
// ("..", encoded slashes, NUL) get 404; other methods 405. A path without a file extension that
// names no file gets index.html, so the UI's own routes survive a reload.
ApiResponse ServeStaticFile(std::string_view web_root, std::string_view method,
                            std::string_view path);

// "text/html; charset=utf-8" for "index.html", … "application/octet-stream" when unknown.
std::string_view ContentTypeFor(std::string_view file_name);

}  // namespace hikeshi::server
