#include "coord/recipient_choice.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/ascii.h"

namespace hikeshi::coord {
namespace {

// The rule of coord::ChooseLanguage (notice.h), which lives in the notice library: the
// preference when it is "ja" or "en", else Japanese for JP, else English.
std::string ChooseLanguage(std::string_view preference, std::string_view country) {
  if (preference == "ja" || preference == "en") return std::string(preference);
  return EqualsIgnoringAsciiCase(country, "JP") ? "ja" : "en";
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return out;
}

std::string_view OwnerSource(const Ownership& owner) {
  if (owner.constituent) return kFromConstituency;
  if (owner.source == "delegated") return kFromDelegated;
  return kFromRpsl;
}

void AddCc(RecipientChoice& choice, std::string_view address) {
  if (address.empty() || choice.cc.size() >= kMaxCc) return;
  if (EqualsIgnoringAsciiCase(address, choice.recipient)) return;
  for (const std::string& already : choice.cc) {
    if (EqualsIgnoringAsciiCase(already, address)) return;
  }
  choice.cc.emplace_back(address);
}

}  // namespace

std::optional<RecipientChoice> ChooseRecipient(std::string_view address,
                                               const std::optional<Ownership>& owner,
                                               const ContactDirectory& directory,
                                               std::string_view configured_cc) {
  std::string country = owner ? owner->country : std::string();
  std::vector<const Contact*> country_contacts;
  RecipientChoice choice;
  if (auto match = directory.Covering(address)) {
    const Contact& contact = *match->contact;
    choice.recipient = contact.emails.front();
    choice.language = ChooseLanguage(contact.language, contact.country);
    choice.pgp_fingerprint = contact.pgp_fingerprint;
    choice.source = kFromContactDirectory;
    choice.reason = fmt::format("contact directory: {} (#{}) covers {}", contact.name, contact.id,
                                match->covered_by);
    if (country.empty()) country = contact.country;
  } else if (owner && !owner->abuse_mailboxes.empty()) {
    choice.recipient = owner->abuse_mailboxes.front();
    choice.language = ChooseLanguage(owner->language, owner->country);
    choice.source = OwnerSource(*owner);
    choice.reason = fmt::format("{}: abuse contact of {} ({}, {})", choice.source,
                                owner->owner.empty() ? "the owner" : owner->owner,
                                owner->netblock.empty() ? address : owner->netblock, owner->source);
  } else if (country_contacts = directory.ForCountry(country); !country_contacts.empty()) {
    const Contact& contact = *country_contacts.front();
    choice.recipient = contact.emails.front();
    choice.language = ChooseLanguage(contact.language, country);
    choice.pgp_fingerprint = contact.pgp_fingerprint;
    choice.source = kFromNationalCsirt;
    choice.reason = fmt::format(
        "national CSIRT: no abuse contact known; {} (#{}) is the contact directory's {} for {}",
        contact.name, contact.id,
        contact.kind == ContactKind::kCoordinationCentre ? "coordination centre" : "peer CSIRT",
        Upper(country));
  } else if (owner && !owner->national_csirt.empty()) {
    choice.recipient = owner->national_csirt;
    choice.language = ChooseLanguage("", country);
    choice.source = kFromNationalCsirt;
    choice.reason = fmt::format(
        "national CSIRT: no abuse contact known; the national-CSIRT table's entry for {}",
        Upper(country));
  } else {
    return std::nullopt;
  }

  AddCc(choice, configured_cc);
  if (country_contacts.empty()) country_contacts = directory.ForCountry(country);
  for (const Contact* contact : country_contacts) AddCc(choice, contact->emails.front());
  if (country_contacts.empty() && owner) AddCc(choice, owner->national_csirt);
  return choice;
}

std::string JoinCc(const std::vector<std::string>& cc) {
  std::string out;
  for (const std::string& address : cc) {
    if (!out.empty()) out += ", ";
    out += address;
  }
  return out;
}

std::vector<std::string> SplitCc(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace hikeshi::coord
