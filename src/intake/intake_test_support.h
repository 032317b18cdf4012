// Test helpers for intake: file access and golden-file comparison.
#pragma once

#include <filesystem>
#include <string>

namespace hikeshi::intake::testing {

std::string ReadFile(const std::filesystem::path& path);
// ../shared (from HIKESHI_SHARED) and the worktree root (compiled in).
std::filesystem::path SharedDir();
std::filesystem::path SourceDir();

// Compares `actual` with the golden file; HIKESHI_UPDATE_GOLDEN=1 rewrites the file instead.
// Returns an empty string on a match, else a message for the failure.
std::string CompareGolden(const std::filesystem::path& golden, const std::string& actual);

}  // namespace hikeshi::intake::testing
