#include "intake/feed_tags.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/ascii.h"

namespace hikeshi::intake {
namespace {

struct Entry {
  std::string_view keyword;
  Category category;
  std::string_view rsit;
};

// First match wins, so the more specific keywords come first ("malware-url" before "malware",
// "ddos-amplifier" style exposure before "ddos").
constexpr std::array kTable{
    Entry{"phish", Category::kPhishing, "fraud:phishing"},
    Entry{"deface", Category::kDefacement,
          "information-content-security:unauthorised-information-modification"},
    Entry{"malware-url", Category::kMalwareSite, "malicious-code:malware-distribution"},
    Entry{"malware_url", Category::kMalwareSite, "malicious-code:malware-distribution"},
    Entry{"distribution", Category::kMalwareSite, "malicious-code:malware-distribution"},
    Entry{"c2", Category::kMalwareSite, "malicious-code:c2-server"},
    Entry{"amplifier", Category::kOther, "vulnerable:ddos-amplifier"},
    Entry{"ddos", Category::kDos, "availability:ddos"},
    Entry{"brute", Category::kIntrusion, "intrusion-attempts:brute-force"},
    Entry{"exploit", Category::kIntrusion, "intrusion-attempts:exploit"},
    Entry{"compromise", Category::kIntrusion, "intrusions:system-compromise"},
    Entry{"scan", Category::kScan, "information-gathering:scanner"},
    Entry{"ics", Category::kControlSystem, "vulnerable:vulnerable-system"},
    Entry{"scada", Category::kControlSystem, "vulnerable:vulnerable-system"},
    Entry{"botnet", Category::kOther, "malicious-code:infected-system"},
    Entry{"drone", Category::kOther, "malicious-code:infected-system"},
    Entry{"sinkhole", Category::kOther, "malicious-code:infected-system"},
    Entry{"infect", Category::kOther, "malicious-code:infected-system"},
    Entry{"spam", Category::kOther, "abusive-content:spam"},
    Entry{"vulnerab", Category::kOther, "vulnerable:vulnerable-system"},
    Entry{"open", Category::kOther, "vulnerable:potentially-unwanted-accessible"},
    Entry{"accessible", Category::kOther, "vulnerable:potentially-unwanted-accessible"},
};

}  // namespace

FeedTagClass ClassifyFeedTag(std::string_view tag) {
  std::string lower = AsciiLower(tag);
  // A keyword must start a word ("c2" in "botnet-c2", not in "ec2"; "ics" not in "statistics").
  auto starts_word = [&](size_t at) {
    return at == 0 || !std::isalnum(static_cast<unsigned char>(lower[at - 1]));
  };
  for (const Entry& entry : kTable) {
    for (size_t at = lower.find(entry.keyword); at != std::string::npos;
         at = lower.find(entry.keyword, at + 1)) {
      if (starts_word(at)) return {entry.category, entry.rsit, entry.keyword};
    }
  }
  return {};
}

}  // namespace hikeshi::intake
