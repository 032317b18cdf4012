#include "server/static_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "server/query_string.h"

namespace hikeshi::server {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxFileBytes = 64 << 20;

ApiResponse HtmlResponse(int status, std::string body) {
  ApiResponse response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(body);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

ApiResponse UiNotBuilt() {
  return HtmlResponse(503, R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hikeshi: web UI not built</title></head>
<body>
<h1>The Hikeshi web UI is not built</h1>
<p>The API is running under <code>/api/v1/</code> (see <code>doc/api.md</code>).
To get the browser UI, build it and point the server at it:</p>
<pre>cd web &amp;&amp; npm ci &amp;&amp; npm run build
hikeshi serve --web-root web/dist</pre>
</body></html>
)");
}

ApiResponse NotFoundPage() {
  return HtmlResponse(404, "<!doctype html><title>Not found</title><h1>Not found</h1>\n");
}

// The decoded relative path, or nullopt if any segment could escape or confuse the lookup.
std::optional<fs::path> SafeRelativePath(std::string_view url_path) {
  auto decoded = PercentDecode(url_path, /*plus_is_space=*/false);
  if (!decoded) return std::nullopt;
  fs::path relative;
  std::string_view rest = *decoded;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (segment.empty()) continue;
    if (segment == "." || segment == ".." || segment.find('\\') != std::string_view::npos ||
        segment.front() == '.') {  // no dot-files either (.git, .env)
      return std::nullopt;
    }
    relative /= fs::path(std::string(segment));
  }
  return relative;
}

std::optional<std::string> ReadFile(const fs::path& file) {
  std::error_code error;
  if (!fs::is_regular_file(file, error)) return std::nullopt;
  auto size = fs::file_size(file, error);
  if (error || size > kMaxFileBytes) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string content(static_cast<size_t>(size), '\0');
  in.read(content.data(), static_cast<std::streamsize>(size));
  content.resize(static_cast<size_t>(in.gcount()));
  return content;
}

ApiResponse FileResponse(std::string content, std::string_view name, bool immutable) {
  ApiResponse response;
  response.content_type = std::string(ContentTypeFor(name));
  response.body = std::move(content);
  // Vite puts content-hashed bundles under assets/; everything else must be revalidated.
  response.headers.emplace_back("Cache-Control",
                                immutable ? "public, max-age=31536000, immutable" : "no-cache");
  return response;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view file_name) {
  struct Type {
    std::string_view extension;
    std::string_view content_type;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".wasm", "application/wasm"},
  };
  for (const Type& type : kTypes) {
    if (file_name.ends_with(type.extension)) return type.content_type;
  }
  return "application/octet-stream";
}

ApiResponse ServeStaticFile(std::string_view web_root, std::string_view method,
                            std::string_view path) {
  std::error_code error;
  fs::path root(web_root);
  if (web_root.empty() || !fs::is_regular_file(root / "index.html", error)) return UiNotBuilt();
  if (method != "GET") {
    ApiResponse response = HtmlResponse(405, "<!doctype html><title>Method not allowed</title>\n");
    response.headers.emplace_back("Allow", "GET");
    return response;
  }
  std::optional<fs::path> relative = SafeRelativePath(path);
  if (!relative) return NotFoundPage();
  if (relative->empty()) *relative = "index.html";

  // Resolve symlinks too: a link inside the root must not lead out of it.
  fs::path canonical_root = fs::weakly_canonical(root, error);
  if (error) return UiNotBuilt();
  fs::path file = fs::weakly_canonical(canonical_root / *relative, error);
  auto [root_end, file_it] =
      std::mismatch(canonical_root.begin(), canonical_root.end(), file.begin(), file.end());
  if (error || root_end != canonical_root.end()) return NotFoundPage();

  if (auto content = ReadFile(file)) {
    bool immutable = relative->begin() != relative->end() && *relative->begin() == "assets";
    return FileResponse(std::move(*content), file.filename().string(), immutable);
  }
  // Client-side routes such as /incidents/42 have no extension: let the UI route them.
  if (!relative->has_extension()) {
    if (auto index = ReadFile(canonical_root / "index.html")) {
      return FileResponse(std::move(*index), "index.html", false);
    }
  }
  return NotFoundPage();
}

}  // namespace hikeshi::server
