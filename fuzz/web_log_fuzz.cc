// Each input line goes through the access-log, Apache error-log and W3C readers (the W3C one
// keeps its "#Fields:" state across lines, as in a file). See README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "reader_fuzz_support.h"
#include "triage/line_parser.h"

using namespace hikeshi::triage;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ParseOptions kOptions{std::chrono::minutes{-300}, hikeshi::FromMicros(0)};
  LineParser access(LogFormat::kAccess, kOptions);
  LineParser error(LogFormat::kApacheError, kOptions);
  LineParser w3c(LogFormat::kW3c, kOptions);
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Event event;
  while (!input.empty()) {
    size_t newline = input.find('\n');
    std::string_view line = input.substr(0, newline);
    input.remove_prefix(newline == std::string_view::npos ? input.size() : newline + 1);
    for (LineParser* parser : {&access, &error, &w3c}) {
      if (parser->Parse(line, event)) CheckEvent(event);
    }
  }
  return 0;
}
