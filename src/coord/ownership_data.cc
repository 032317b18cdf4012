#include "coord/ownership_data.h"

namespace hikeshi::coord {

size_t OwnershipBuilder::RecordHash::operator()(const OwnerRecord& record) const {
  uint64_t hash = record.owner;
  for (uint64_t part :
       {uint64_t{record.country}, uint64_t{record.language}, uint64_t{record.source},
        uint64_t{record.mailboxes}, uint64_t{static_cast<uint8_t>(record.rank)}}) {
    hash = hash * 0x9e3779b97f4a7c15ull + part;
  }
  return hash ^ (hash >> 29);
}

size_t OwnershipBuilder::ListHash::operator()(const std::vector<uint32_t>& list) const {
  uint64_t hash = list.size();
  for (uint32_t id : list) hash = hash * 0x9e3779b97f4a7c15ull + id;
  return hash ^ (hash >> 29);
}

uint32_t OwnershipBuilder::AddRecord(std::string_view owner, std::string_view country,
                                     std::string_view language, std::string_view source,
                                     const std::vector<std::string>& mailboxes, SourceRank rank) {
  std::vector<uint32_t> list;
  list.reserve(mailboxes.size());
  for (const std::string& mailbox : mailboxes) list.push_back(Intern(mailbox));
  uint32_t list_id = 0;
  if (!list.empty()) {
    auto [found, inserted] =
        list_ids_.emplace(list, static_cast<uint32_t>(data_.mailbox_lists.size()));
    if (inserted) data_.mailbox_lists.push_back(std::move(list));
    list_id = found->second;
  }
  OwnerRecord record{Intern(owner),  Intern(country), Intern(language),
                     Intern(source), list_id,         rank};
  auto [found, inserted] = record_ids_.emplace(record, static_cast<uint32_t>(data_.records.size()));
  if (inserted) data_.records.push_back(record);
  return found->second;
}

void OwnershipBuilder::AddPrefix(const IpPrefix& prefix, uint32_t record, uint8_t specificity) {
  data_.prefixes.push_back({prefix.address, record, prefix.length, specificity, prefix.is_v6});
}

void OwnershipBuilder::AddRange(const IpRange& range, uint32_t record) {
  uint8_t specificity = RangeSpecificity(range);
  for (const IpPrefix& prefix : RangeToPrefixes(range)) AddPrefix(prefix, record, specificity);
}

void OwnershipBuilder::AddDomain(std::string_view name, uint32_t record) {
  data_.domains.push_back({Intern(name), record});
}

void OwnershipBuilder::AddCsirt(std::string_view country, std::string_view contact) {
  data_.national_csirts.push_back({Intern(country), Intern(contact)});
}

void OwnershipBuilder::AddAutonomousSystem(uint32_t number, std::string_view as_name,
                                           uint32_t record) {
  data_.autonomous_systems.push_back({number, Intern(as_name), record});
}

void OwnershipBuilder::AddAllExcept(const OwnershipData& data,
                                    const std::set<std::string>& skip_sources) {
  constexpr uint32_t kSkipped = UINT32_MAX;
  std::vector<uint32_t> new_ids(data.records.size(), kSkipped);
  for (size_t i = 0; i < data.records.size(); ++i) {
    const OwnerRecord& record = data.records[i];
    if (skip_sources.contains(data.strings[record.source])) continue;
    std::vector<std::string> mailboxes;
    for (uint32_t id : data.mailbox_lists[record.mailboxes]) mailboxes.push_back(data.strings[id]);
    new_ids[i] = AddRecord(data.strings[record.owner], data.strings[record.country],
                           data.strings[record.language], data.strings[record.source], mailboxes,
                           record.rank);
  }
  for (const PrefixEntry& entry : data.prefixes) {
    if (new_ids[entry.record] == kSkipped) continue;
    PrefixEntry copy = entry;
    copy.record = new_ids[entry.record];
    data_.prefixes.push_back(copy);
  }
  for (const DomainEntry& entry : data.domains) {
    if (new_ids[entry.record] == kSkipped) continue;
    AddDomain(data.strings[entry.name], new_ids[entry.record]);
  }
  for (const AsEntry& entry : data.autonomous_systems) {
    if (new_ids[entry.record] == kSkipped) continue;
    AddAutonomousSystem(entry.number, data.strings[entry.name], new_ids[entry.record]);
  }
  if (!skip_sources.contains("national-csirt")) {
    for (const CsirtEntry& entry : data.national_csirts) {
      AddCsirt(data.strings[entry.country], data.strings[entry.contact]);
    }
  }
}

OwnershipData OwnershipBuilder::Finish() {
  data_.strings = strings_.Release();
  record_ids_.clear();
  list_ids_.clear();
  OwnershipData out = std::move(data_);
  data_ = OwnershipData{};
  strings_.Intern("");
  return out;
}

std::set<std::string> SourcesOf(const OwnershipData& data) {
  std::set<std::string> sources;
  for (const OwnerRecord& record : data.records) sources.insert(data.strings[record.source]);
  if (!data.national_csirts.empty()) sources.insert("national-csirt");
  return sources;
}

}  // namespace hikeshi::coord
