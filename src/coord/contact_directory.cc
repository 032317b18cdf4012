#include "coord/contact_directory.h"

#include <fmt/format.h>

#include <algorithm>

#include "coord/constituency.h"
#include "core/ascii.h"

namespace hikeshi::coord {
namespace {

constexpr size_t kMaxCoverage = 1000;

std::optional<IpPrefix> ParseNetwork(std::string_view text) {
  auto range = ParseIpRange(text);
  if (!range) return std::nullopt;
  std::vector<IpPrefix> pieces = RangeToPrefixes(*range);
  if (pieces.size() != 1) return std::nullopt;  // "a - b" that is not one CIDR block
  return pieces.front();
}

std::optional<std::string> ParseAsn(std::string_view text) {
  if (text.size() > 2 && (text[0] == 'A' || text[0] == 'a') && (text[1] == 'S' || text[1] == 's')) {
    text.remove_prefix(2);
  }
  if (text.empty() || text.size() > 10) return std::nullopt;
  uint64_t number = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + static_cast<uint64_t>(c - '0');
  }
  if (number > 0xffffffffull) return std::nullopt;
  return fmt::format("AS{}", number);
}

// The entry for an error message: at most 100 bytes, control characters and quotes replaced.
std::string Printable(std::string_view text) {
  std::string out(text.substr(0, 100));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '"') c = '?';
  }
  return out;
}

bool Contains(const IpPrefix& network, const IpPrefix& address) {
  if (network.is_v6 != address.is_v6 || network.length > address.length) return false;
  int bits = network.is_v6 ? 128 : 32;
  if (network.length == 0) return true;
  Address128 mask = ~Address128{0} << (bits - network.length);
  if (!network.is_v6) mask &= 0xffffffffu;
  return (address.address & mask) == network.address;
}

bool DomainCovers(std::string_view parent, std::string_view domain) {
  if (domain == parent) return true;
  return domain.size() > parent.size() && domain.ends_with(parent) &&
         domain[domain.size() - parent.size() - 1] == '.';
}

template <typename Normalise>
Status NormaliseList(std::vector<std::string>& list, std::string_view what, Normalise normalise) {
  if (list.size() > kMaxCoverage) {
    return Fail(ErrorCode::kTooLarge,
                fmt::format("a contact covers at most {} {}", kMaxCoverage, what));
  }
  std::vector<std::string> out;
  for (const std::string& entry : list) {
    std::optional<std::string> normal = normalise(entry);
    if (!normal) {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("contact {}: \"{}\" is not valid", what, Printable(entry)));
    }
    if (std::find(out.begin(), out.end(), *normal) == out.end()) out.push_back(std::move(*normal));
  }
  list = std::move(out);
  return {};
}

}  // namespace

Status NormaliseCoverage(Contact& contact) {
  if (auto ok = NormaliseList(contact.networks, "networks",
                              [](std::string_view text) -> std::optional<std::string> {
                                auto prefix = ParseNetwork(text);
                                if (!prefix) return std::nullopt;
                                return FormatPrefix(*prefix);
                              });
      !ok) {
    return ok;
  }
  if (auto ok = NormaliseList(contact.asns, "asns", ParseAsn); !ok) return ok;
  return NormaliseList(contact.domains, "domains",
                       [](std::string_view text) { return NormaliseDomain(text); });
}

ContactDirectory::ContactDirectory(std::vector<Contact> contacts) {
  for (Contact& contact : contacts) {
    std::erase_if(contact.emails, [](const std::string& mail) { return mail.empty(); });
  }
  std::erase_if(contacts, [](const Contact& c) { return c.emails.empty(); });
  std::sort(contacts.begin(), contacts.end(),
            [](const Contact& a, const Contact& b) { return a.id < b.id; });
  contacts_ = std::move(contacts);
  for (size_t i = 0; i < contacts_.size(); ++i) {
    for (const std::string& text : contacts_[i].networks) {
      if (auto prefix = ParseNetwork(text)) networks_.push_back({*prefix, i});
    }
    for (const std::string& text : contacts_[i].domains) {
      if (auto domain = NormaliseDomain(text)) domains_.push_back({std::move(*domain), i});
    }
  }
}

std::optional<DirectoryMatch> ContactDirectory::Covering(std::string_view query) const {
  while (!query.empty() && (query.front() == ' ' || query.front() == '\t')) query.remove_prefix(1);
  while (!query.empty() && (query.back() == ' ' || query.back() == '\t')) query.remove_suffix(1);
  if (auto address = ParseAddress(query)) {
    IpPrefix host = *address;
    if (host.is_v6 && (host.address >> 32) == 0xffff) {  // ::ffff:a.b.c.d is looked up as IPv4
      host = {false, host.address & 0xffffffffu, 32};
    }
    const Network* best = nullptr;
    for (const Network& network : networks_) {  // a directory holds hundreds, not millions
      if (!Contains(network.prefix, host)) continue;
      if (best == nullptr || network.prefix.length > best->prefix.length) best = &network;
    }
    if (best == nullptr) return std::nullopt;
    return DirectoryMatch{&contacts_[best->contact], FormatPrefix(best->prefix)};
  }
  auto domain = NormaliseDomain(query);
  if (!domain) return std::nullopt;
  const Domain* best = nullptr;
  for (const Domain& entry : domains_) {
    if (!DomainCovers(entry.name, *domain)) continue;
    if (best == nullptr || entry.name.size() > best->name.size()) best = &entry;
  }
  if (best == nullptr) return std::nullopt;
  return DirectoryMatch{&contacts_[best->contact], best->name};
}

std::vector<const Contact*> ContactDirectory::ForCountry(std::string_view country) const {
  std::vector<const Contact*> found;
  if (country.empty()) return found;
  for (ContactKind kind : {ContactKind::kCoordinationCentre, ContactKind::kPeerCsirt}) {
    for (const Contact& contact : contacts_) {
      if (contact.kind == kind && EqualsIgnoringAsciiCase(contact.country, country)) {
        found.push_back(&contact);
      }
    }
  }
  return found;
}

}  // namespace hikeshi::coord
