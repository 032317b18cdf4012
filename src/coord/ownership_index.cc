#include "coord/ownership_index.h"

#include <sys/mman.h>

#include <algorithm>
#include <map>
#include <new>
#include <tuple>

#include "coord/as_number.h"
#include "coord/constituency.h"

namespace hikeshi::coord {
namespace {

constexpr size_t kTbl24Bytes = (size_t{1} << 24) * sizeof(uint32_t);

// Disjoint ranges [starts[i], starts[i+1]) each naming the winning entry (+1; 0 = none).
struct FlatRanges {
  std::vector<Address128> starts;
  std::vector<uint32_t> values;

  void Emit(Address128 position, uint32_t value) {
    if (!starts.empty() && starts.back() == position) {
      starts.pop_back();
      values.pop_back();
    }
    uint32_t previous = values.empty() ? 0 : values.back();
    if (previous == value) return;
    starts.push_back(position);
    values.push_back(value);
  }
};

// CIDR prefixes nest or are disjoint, so sorted by (start, length) they form a forest walked
// with a stack of open ancestors. The winner at a point is the covering prefix with the highest
// (rank, length, specificity); on a tie the later entry wins (a re-import overrides).
FlatRanges Flatten(const OwnershipData& data, bool is_v6) {
  const std::vector<PrefixEntry>& prefixes = data.prefixes;
  auto priority = [&](uint32_t i) {
    const PrefixEntry& entry = prefixes[i];
    return std::make_tuple(static_cast<uint8_t>(data.records[entry.record].rank), entry.length,
                           entry.specificity);
  };
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < prefixes.size(); ++i) {
    if (prefixes[i].is_v6 == is_v6) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const PrefixEntry& x = prefixes[a];
    const PrefixEntry& y = prefixes[b];
    if (x.address != y.address) return x.address < y.address;
    if (x.length != y.length) return x.length < y.length;
    auto px = priority(a), py = priority(b);
    if (px != py) return px < py;
    return a < b;
  });
  const Address128 max_address = is_v6 ? ~Address128{0} : Address128{0xffffffffu};
  struct Open {
    Address128 last;
    uint32_t effective;
  };
  std::vector<Open> stack;
  FlatRanges flat;
  auto close_top = [&] {
    Open top = stack.back();
    stack.pop_back();
    if (top.last != max_address) {
      flat.Emit(top.last + 1, stack.empty() ? 0 : stack.back().effective + 1);
    }
  };
  for (uint32_t i : order) {
    IpRange range = PrefixRange(prefixes[i].prefix());
    while (!stack.empty() && stack.back().last < range.first) close_top();
    uint32_t effective = i;
    if (!stack.empty() && priority(i) < priority(stack.back().effective)) {
      effective = stack.back().effective;
    }
    flat.Emit(range.first, effective + 1);
    stack.push_back({range.last, effective});
  }
  while (!stack.empty()) close_top();
  return flat;
}

std::string_view TrimQuery(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// An RPSL or constituency prefix without a country borrows the country of the delegated-
// statistics prefix that contains it (doc/ownership.md, "Precedence"): its record is replaced by
// a copy with that country. Delegated prefixes come from disjoint RIR ranges, so the candidate
// is the last one starting at or before the prefix; nested ones are not searched further.
void BorrowDelegatedCountries(OwnershipData& data) {
  std::vector<uint32_t> delegated;  // indexes into data.prefixes
  for (uint32_t i = 0; i < data.prefixes.size(); ++i) {
    const PrefixEntry& entry = data.prefixes[i];
    const OwnerRecord& record = data.records[entry.record];
    if (record.rank == SourceRank::kDelegated && record.country != 0) delegated.push_back(i);
  }
  if (delegated.empty()) return;
  auto key = [&](uint32_t i) {
    return std::tuple(data.prefixes[i].is_v6, data.prefixes[i].address);
  };
  std::sort(delegated.begin(), delegated.end(),
            [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> borrowed;  // (record, country) → record
  for (PrefixEntry& entry : data.prefixes) {
    const OwnerRecord& record = data.records[entry.record];
    if (record.rank == SourceRank::kDelegated || record.country != 0) continue;
    auto after = std::upper_bound(
        delegated.begin(), delegated.end(), entry,
        [&](const PrefixEntry& e, uint32_t i) { return std::tuple(e.is_v6, e.address) < key(i); });
    if (after == delegated.begin()) continue;
    const PrefixEntry& outer = data.prefixes[*(after - 1)];
    IpRange outer_range = PrefixRange(outer.prefix());
    IpRange inner_range = PrefixRange(entry.prefix());
    if (outer.is_v6 != entry.is_v6 || inner_range.first < outer_range.first ||
        inner_range.last > outer_range.last) {
      continue;
    }
    uint32_t country = data.records[outer.record].country;
    auto [slot, fresh] = borrowed.try_emplace({entry.record, country}, 0);
    if (fresh) {
      OwnerRecord copy = data.records[entry.record];
      copy.country = country;
      slot->second = static_cast<uint32_t>(data.records.size());
      data.records.push_back(copy);
    }
    entry.record = slot->second;
  }
}

}  // namespace

void OwnershipIndex::Unmap::operator()(uint32_t* table) const { ::munmap(table, kTbl24Bytes); }

OwnershipIndex::OwnershipIndex(OwnershipData data) : data_(std::move(data)) {
  BorrowDelegatedCountries(data_);
  FlatRanges v4 = Flatten(data_, false);
  BuildV4(v4.starts, v4.values);
  FlatRanges v6 = Flatten(data_, true);
  v6_starts_ = std::move(v6.starts);
  v6_values_ = std::move(v6.values);
  v6_buckets_.resize(65537);
  size_t cursor = 0;
  for (uint32_t bucket = 0; bucket <= 65536; ++bucket) {
    Address128 bucket_start = Address128{bucket} << 112;
    while (cursor < v6_starts_.size() && (bucket == 65536 || v6_starts_[cursor] < bucket_start)) {
      ++cursor;
    }
    v6_buckets_[bucket] = static_cast<uint32_t>(cursor);
  }
  for (const DomainEntry& entry : data_.domains) domains_[data_.strings[entry.name]] = entry.record;
  for (uint32_t i = 0; i < data_.autonomous_systems.size(); ++i) {
    autonomous_systems_[data_.autonomous_systems[i].number] = i;  // a re-import overrides
  }
  for (const CsirtEntry& entry : data_.national_csirts) {
    csirts_.emplace(data_.strings[entry.country], data_.strings[entry.contact]);
  }
}

void OwnershipIndex::BuildV4(const std::vector<Address128>& starts,
                             const std::vector<uint32_t>& values) {
  void* table =
      ::mmap(nullptr, kTbl24Bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (table == MAP_FAILED) throw std::bad_alloc();
  ::madvise(table, kTbl24Bytes, MADV_HUGEPAGE);  // best effort; zero-filled either way
  tbl24_.reset(static_cast<uint32_t*>(table));
  tbl8_.clear();
  for (size_t k = 0; k < starts.size(); ++k) {
    uint32_t value = values[k];
    if (value == 0) continue;
    uint64_t first = static_cast<uint64_t>(starts[k]);
    uint64_t last = k + 1 < starts.size() ? static_cast<uint64_t>(starts[k + 1]) - 1 : 0xffffffffu;
    for (uint64_t block = first >> 8; block <= last >> 8; ++block) {
      uint64_t block_first = block << 8, block_last = block_first | 0xff;
      if (first <= block_first && block_last <= last) {
        tbl24_[block] = value;
        continue;
      }
      // Partly covered: ranges are disjoint and visited in order, so the cell is 0 or a group.
      if (!(tbl24_[block] & kGroupFlag)) {
        uint32_t group = static_cast<uint32_t>(tbl8_.size() >> 8);
        tbl8_.resize(tbl8_.size() + 256, tbl24_[block]);
        tbl24_[block] = kGroupFlag | group;
      }
      size_t base = size_t{tbl24_[block] & ~kGroupFlag} << 8;
      for (uint64_t address = std::max(first, block_first); address <= std::min(last, block_last);
           ++address) {
        tbl8_[base | (address & 0xff)] = value;
      }
    }
  }
}

const PrefixEntry* OwnershipIndex::FindV6(Address128 address) const {
  uint32_t bucket = static_cast<uint32_t>(address >> 112);
  auto begin = v6_starts_.begin() + v6_buckets_[bucket];
  auto end = v6_starts_.begin() + v6_buckets_[bucket + 1];
  size_t index = std::upper_bound(begin, end, address) - v6_starts_.begin();
  if (index == 0) return nullptr;
  uint32_t value = v6_values_[index - 1];
  return value == 0 ? nullptr : &data_.prefixes[value - 1];
}

std::optional<uint32_t> OwnershipIndex::FindDomain(std::string_view domain) const {
  while (true) {
    if (auto found = domains_.find(domain); found != domains_.end()) return found->second;
    size_t dot = domain.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    domain.remove_prefix(dot + 1);
  }
}

std::string_view OwnershipIndex::NationalCsirt(std::string_view country) const {
  auto found = csirts_.find(country);
  return found == csirts_.end() ? std::string_view() : found->second;
}

Ownership OwnershipIndex::Describe(uint32_t record_id, std::string netblock) const {
  const OwnerRecord& record = data_.records[record_id];
  Ownership ownership;
  ownership.netblock = std::move(netblock);
  ownership.owner = data_.strings[record.owner];
  ownership.country = data_.strings[record.country];
  for (uint32_t mailbox : data_.mailbox_lists[record.mailboxes]) {
    ownership.abuse_mailboxes.push_back(data_.strings[mailbox]);
  }
  ownership.language = data_.strings[record.language];
  ownership.source = data_.strings[record.source];
  ownership.national_csirt = std::string(NationalCsirt(ownership.country));
  ownership.constituent = record.rank == SourceRank::kConstituency;
  return ownership;
}

std::optional<Ownership> OwnershipIndex::Lookup(std::string_view query) const {
  query = TrimQuery(query);
  if (auto address = ParseAddress(query)) {
    const PrefixEntry* entry = nullptr;
    if (!address->is_v6) {
      entry = FindV4(static_cast<uint32_t>(address->address));
    } else if ((address->address >> 32) == 0xffff) {  // ::ffff:a.b.c.d
      entry = FindV4(static_cast<uint32_t>(address->address));
    } else {
      entry = FindV6(address->address);
    }
    if (entry == nullptr) return std::nullopt;
    return Describe(entry->record, FormatPrefix(entry->prefix()));
  }
  if (auto number = ParseAsNumber(query)) {
    auto found = autonomous_systems_.find(*number);
    if (found == autonomous_systems_.end()) return std::nullopt;
    const AsEntry& entry = data_.autonomous_systems[found->second];
    Ownership ownership = Describe(entry.record, FormatAsNumber(entry.number));
    ownership.as_name = data_.strings[entry.name];
    return ownership;
  }
  auto domain = NormaliseDomain(query);
  if (!domain) return std::nullopt;
  auto record = FindDomain(*domain);
  if (!record) return std::nullopt;
  return Describe(*record, "");
}

}  // namespace hikeshi::coord
