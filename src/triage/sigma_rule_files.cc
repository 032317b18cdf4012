// The I/O half of sigma_loader.h: reading rule files from disk.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "triage/sigma_loader.h"

namespace hikeshi::triage {
namespace {

void LoadOne(const std::filesystem::path& path, SigmaRuleSet& out, const SigmaLoadLimits& limits) {
  std::error_code error;
  auto size = std::filesystem::file_size(path, error);
  if (error || size > limits.max_file_bytes) {
    out.unsupported.push_back(
        {path.string(), "", "", error ? "unreadable" : "rule file larger than the limit"});
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    out.unsupported.push_back({path.string(), "", "", "unreadable"});
    return;
  }
  ParseSigmaRules(text.str(), path.string(), out, limits);
}

bool IsRuleFile(const std::filesystem::path& path) {
  return path.extension() == ".yml" || path.extension() == ".yaml";
}

}  // namespace

Status LoadSigmaRuleFiles(const std::filesystem::path& path, SigmaRuleSet& out,
                          const SigmaLoadLimits& limits) {
  std::error_code error;
  if (std::filesystem::is_regular_file(path, error)) {
    LoadOne(path, out, limits);
    return {};
  }
  if (!std::filesystem::is_directory(path, error)) {
    return Fail(ErrorCode::kNotFound, fmt::format("no rule file or directory '{}'", path.string()));
  }
  std::vector<std::filesystem::path> files;
  std::filesystem::recursive_directory_iterator it(
      path, std::filesystem::directory_options::skip_permission_denied, error);
  if (error)
    return Fail(ErrorCode::kUnavailable, fmt::format("{}: {}", path.string(), error.message()));
  for (; it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (error) break;
    if (it->is_regular_file(error) && IsRuleFile(it->path())) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) LoadOne(file, out, limits);
  return {};
}

}  // namespace hikeshi::triage
