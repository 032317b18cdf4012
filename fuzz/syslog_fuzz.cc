// Each input line goes through the three syslog readers (RFC 3164, RFC 5424, ISO) and, as a
// bare message, through the sshd/PAM and netfilter extractors. See README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "reader_fuzz_support.h"
#include "triage/auth_fields.h"
#include "triage/line_parser.h"
#include "triage/netfilter_fields.h"

using namespace hikeshi::triage;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ParseOptions kOptions{std::chrono::minutes{540}, hikeshi::FromMicros(0)};
  static LineParser bsd(LogFormat::kSyslog3164, kOptions);
  static LineParser iso(LogFormat::kSyslogIso, kOptions);
  static LineParser ietf(LogFormat::kSyslog5424, kOptions);
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Event event;
  while (!input.empty()) {
    size_t newline = input.find('\n');
    std::string_view line = input.substr(0, newline);
    input.remove_prefix(newline == std::string_view::npos ? input.size() : newline + 1);
    for (LineParser* parser : {&bsd, &iso, &ietf}) {
      if (parser->Parse(line, event)) CheckEvent(event);
    }
    event.Clear();
    event.format = "sshd";
    ExtractSshdFields(line, event);
    ExtractPamFailureFields(line, event);
    ExtractNetfilterFields(line, event);
    CheckEvent(event);
  }
  return 0;
}
