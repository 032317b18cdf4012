// The ownership data every source is turned into and the index file stores: interned strings,
// owner records, CIDR prefixes, constituency domains and the national-CSIRT table. The lookup
// structures (ownership_index.h) are built from it at load time.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "coord/ip_range.h"
#include "coord/string_pool.h"

namespace hikeshi::coord {

// Precedence between sources (doc/ownership.md): any constituency match beats any RPSL match,
// which beats any delegated-statistics match; within one rank the longest prefix wins.
enum class SourceRank : uint8_t { kDelegated = 0, kRpsl = 1, kConstituency = 2 };
inline constexpr uint8_t kMaxSourceRank = 2;

struct OwnerRecord {  // every field is a string id
  uint32_t owner = 0;
  uint32_t country = 0;
  uint32_t language = 0;
  uint32_t source = 0;     // "ripe", "apnic", "delegated", "constituency"
  uint32_t mailboxes = 0;  // index into OwnershipData::mailbox_lists
  SourceRank rank = SourceRank::kDelegated;
  bool operator==(const OwnerRecord&) const = default;
};

struct PrefixEntry {
  Address128 address = 0;
  uint32_t record = 0;
  uint8_t length = 0;
  uint8_t specificity = 0;  // RangeSpecificity of the range this prefix was cut from
  bool is_v6 = false;
  IpPrefix prefix() const { return {is_v6, address, length}; }
};

struct DomainEntry {
  uint32_t name = 0;  // lowercase ASCII, no trailing dot
  uint32_t record = 0;
};

// An aut-num object: the AS number, its as-name and the record with its org, country and abuse
// mailboxes.
struct AsEntry {
  uint32_t number = 0;
  uint32_t name = 0;  // string id of the as-name
  uint32_t record = 0;
};

struct CsirtEntry {
  uint32_t country = 0;  // ISO 3166-1 alpha-2, upper case
  uint32_t contact = 0;
};

struct OwnershipData {
  std::vector<std::string> strings{""};                  // [0] is ""
  std::vector<std::vector<uint32_t>> mailbox_lists{{}};  // [0] is empty
  std::vector<OwnerRecord> records;
  std::vector<PrefixEntry> prefixes;
  std::vector<DomainEntry> domains;
  std::vector<CsirtEntry> national_csirts;
  std::vector<AsEntry> autonomous_systems;  // index file version 2 on
};

// Accumulates one OwnershipData with strings, mailbox lists and records de-duplicated.
class OwnershipBuilder {
 public:
  OwnershipBuilder() = default;

  uint32_t Intern(std::string_view text) { return strings_.Intern(text); }
  uint32_t AddRecord(std::string_view owner, std::string_view country, std::string_view language,
                     std::string_view source, const std::vector<std::string>& mailboxes,
                     SourceRank rank);
  void AddPrefix(const IpPrefix& prefix, uint32_t record, uint8_t specificity);
  // Every CIDR piece of `range` (a non-CIDR range is split exactly).
  void AddRange(const IpRange& range, uint32_t record);
  void AddDomain(std::string_view name, uint32_t record);
  void AddCsirt(std::string_view country, std::string_view contact);
  void AddAutonomousSystem(uint32_t number, std::string_view as_name, uint32_t record);
  // Copies every record (with its prefixes, domains and AS numbers) of `data` whose source is not
  // in `skip_sources`; the CSIRT table too unless "national-csirt" is in `skip_sources`.
  void AddAllExcept(const OwnershipData& data, const std::set<std::string>& skip_sources);

  size_t prefix_count() const { return data_.prefixes.size(); }
  OwnershipData Finish();

 private:
  struct RecordHash {
    size_t operator()(const OwnerRecord& record) const;
  };
  struct ListHash {
    size_t operator()(const std::vector<uint32_t>& list) const;
  };
  StringPool strings_;
  OwnershipData data_;
  std::unordered_map<OwnerRecord, uint32_t, RecordHash> record_ids_;
  std::unordered_map<std::vector<uint32_t>, uint32_t, ListHash> list_ids_;
};

// The source names a data set holds, "national-csirt" included when it has a CSIRT table.
std::set<std::string> SourcesOf(const OwnershipData& data);

}  // namespace hikeshi::coord
