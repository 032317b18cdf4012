// libFuzzer target: arbitrary lines as a contact's networks, AS numbers and domains (the API's
// and the CLI's input). Normalising must never crash and must be idempotent; whatever is
// accepted is put in a contact directory and every line is looked up in it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coord/contact_directory.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hikeshi;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  while (!text.empty() && lines.size() < 64) {
    size_t end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  Contact contact{.id = 1, .name = "fuzz", .emails = {"a@x.example"}};
  for (size_t i = 0; i < lines.size(); ++i) {
    (i % 3 == 0   ? contact.networks
     : i % 3 == 1 ? contact.asns
                  : contact.domains)
        .push_back(lines[i]);
  }
  if (!coord::NormaliseCoverage(contact)) return 0;
  Contact again = contact;
  if (!coord::NormaliseCoverage(again) || again.networks != contact.networks ||
      again.asns != contact.asns || again.domains != contact.domains) {
    __builtin_trap();
  }
  coord::ContactDirectory directory({contact});
  for (const std::string& line : lines) (void)directory.Covering(line);
  return 0;
}
