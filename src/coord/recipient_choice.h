// Who is told about an address, and why (doc/coordination.md, "Choosing recipients"). The
// team's own knowledge beats the registries: a contact-directory contact covering the address
// is the recipient; else the owner's abuse mailbox from the ownership index (constituency, RPSL
// or delegated statistics); else the country's coordination centre or peer CSIRT from the
// directory; else the national-CSIRT table. Cc: the configured Cc, then the country's
// coordination centres and peer CSIRTs from the directory, or, when the directory has none for
// that country, the national-CSIRT table's entry. Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coord/contact_directory.h"
#include "core/ownership.h"

namespace hikeshi::coord {

// Stored on the notification (Notification::recipient_source) and shown by the API.
inline constexpr std::string_view kFromContactDirectory = "contact-directory";
inline constexpr std::string_view kFromConstituency = "constituency";
inline constexpr std::string_view kFromRpsl = "rpsl";
inline constexpr std::string_view kFromDelegated = "delegated";
inline constexpr std::string_view kFromNationalCsirt = "national-csirt";

inline constexpr size_t kMaxCc = 5;

struct RecipientChoice {
  std::string recipient;        // one mail address
  std::vector<std::string> cc;  // at most kMaxCc, never the recipient, no duplicates
  std::string language;         // "ja" or "en"
  std::string pgp_fingerprint;  // of the chosen directory contact; "" otherwise
  std::string source;           // one of the kFrom… names above
  std::string reason;           // one line for the work log and the API
};

// `owner` is the ownership index's answer for `address` (nullopt when none or no index).
// nullopt when nobody can be told.
std::optional<RecipientChoice> ChooseRecipient(std::string_view address,
                                               const std::optional<Ownership>& owner,
                                               const ContactDirectory& directory,
                                               std::string_view configured_cc);

// The notification's Cc column: addresses joined by ", " ("" when none); SplitCc reverses it.
std::string JoinCc(const std::vector<std::string>& cc);
std::vector<std::string> SplitCc(std::string_view text);

}  // namespace hikeshi::coord
