// Each input line goes through the JSON-lines reader (simdjson On-Demand, flattening, time
// keys, the sshd/netfilter extractors for journald exports). See README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "reader_fuzz_support.h"
#include "triage/event_json.h"
#include "triage/line_parser.h"

using namespace hikeshi::triage;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static LineParser parser(LogFormat::kJsonLines, ParseOptions{});
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Event event;
  while (!input.empty()) {
    size_t newline = input.find('\n');
    std::string_view line = input.substr(0, newline);
    input.remove_prefix(newline == std::string_view::npos ? input.size() : newline + 1);
    if (parser.Parse(line, event)) {
      CheckEvent(event);
      (void)RenderEventJson(event);
    }
  }
  return 0;
}
