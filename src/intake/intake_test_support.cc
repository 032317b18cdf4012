#include "intake/intake_test_support.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace hikeshi::intake::testing {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream out;
  out << file.rdbuf();
  return out.str();
}

std::filesystem::path SharedDir() {
  const char* shared = std::getenv("HIKESHI_SHARED");
  return shared ? std::filesystem::path(shared)
                : std::filesystem::path(HIKESHI_SOURCE_DIR "/../shared");
}

std::filesystem::path SourceDir() { return HIKESHI_SOURCE_DIR; }

std::string CompareGolden(const std::filesystem::path& golden, const std::string& actual) {
  const char* update = std::getenv("HIKESHI_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    return {};
  }
  if (!std::filesystem::exists(golden)) {
    return "missing golden " + golden.string() + " (run with HIKESHI_UPDATE_GOLDEN=1)";
  }
  std::string expected = ReadFile(golden);
  if (expected == actual) return {};
  return "output differs from " + golden.string() + "\n--- actual ---\n" + actual;
}

}  // namespace hikeshi::intake::testing
