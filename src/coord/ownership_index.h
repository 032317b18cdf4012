// The in-memory ownership index: longest-prefix match with source precedence (constituency >
// RPSL > delegated statistics; longest prefix within a rank) for IPv4 and IPv6, suffix match
// for constituency domains, exact match for AS numbers (aut-num objects), and the national-CSIRT
// table.
//
// Build flattens all prefixes into disjoint ranges, each naming its winning entry. IPv4 lookups
// use a DIR-24-8 table (one 2^24 array indexed by the top 24 bits, 256-entry groups below /24):
// one or two memory reads. IPv6 lookups binary-search the range starts within a bucket chosen
// by the top 16 bits. Immutable after Build, so lookups are safe from any number of threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "coord/ownership_data.h"
#include "core/ownership.h"

namespace hikeshi::coord {

class OwnershipIndex final : public OwnershipLookup {
 public:
  explicit OwnershipIndex(OwnershipData data);  // builds the tables; about 1 s per million
  OwnershipIndex(OwnershipIndex&&) noexcept = default;
  OwnershipIndex& operator=(OwnershipIndex&&) noexcept = default;

  // An IPv4/IPv6 address (IPv4-mapped IPv6 is looked up as IPv4) or a domain name matched
  // against the constituency's domains and their subdomains ("www.example.net" matches
  // "example.net"), or an AS number ("AS64500", "as64500", full-width; coord/as_number.h)
  // answered with its aut-num's as-name, owner, country and abuse mailboxes. std::nullopt when
  // nothing matches or the query is none of these.
  std::optional<Ownership> Lookup(std::string_view query) const override;

  // The hot path: the winning entry for an address, or nullptr.
  const PrefixEntry* FindV4(uint32_t address) const {
    uint32_t value = tbl24_[address >> 8];
    if (value & kGroupFlag) value = tbl8_[((value & ~kGroupFlag) << 8) | (address & 0xff)];
    return value == 0 ? nullptr : &data_.prefixes[value - 1];
  }
  const PrefixEntry* FindV6(Address128 address) const;
  // The constituency record of a domain or of one of its parent domains.
  std::optional<uint32_t> FindDomain(std::string_view domain) const;

  Ownership Describe(uint32_t record, std::string netblock) const;
  const OwnershipData& data() const { return data_; }
  std::string_view NationalCsirt(std::string_view country) const;

 private:
  static constexpr uint32_t kGroupFlag = 0x80000000u;
  void BuildV4(const std::vector<Address128>& starts, const std::vector<uint32_t>& values);

  OwnershipData data_;
  struct Unmap {
    void operator()(uint32_t* table) const;
  };
  // 2^24 cells in an anonymous mapping: pages no range touches stay unallocated (a small index
  // costs little) and the kernel is asked for huge pages (fewer TLB misses on random lookups).
  // Each cell: entry + 1, 0 = none, or kGroupFlag | group.
  std::unique_ptr<uint32_t[], Unmap> tbl24_;
  std::vector<uint32_t> tbl8_;
  std::vector<Address128> v6_starts_;  // disjoint ranges: [start_i, start_i+1)
  std::vector<uint32_t> v6_values_;    // entry + 1, 0 = none
  std::vector<uint32_t> v6_buckets_;   // 65,537 offsets into v6_starts_ by top 16 bits
  std::unordered_map<std::string_view, uint32_t> domains_;  // views into data_.strings
  std::unordered_map<std::string_view, std::string_view> csirts_;
  std::unordered_map<uint32_t, uint32_t> autonomous_systems_;  // number → entry (the last wins)
};

}  // namespace hikeshi::coord
