#include "coord/rpsl_ownership.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "coord/as_number.h"
#include "core/ascii.h"

namespace hikeshi::coord {
namespace {

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return out;
}

// A country attribute is two letters; anything else (RIPE's "EU # comment" has its comment
// stripped already) is kept out of the index.
std::string Country(std::string_view value) {
  if (value.size() != 2 || !std::isalpha(static_cast<unsigned char>(value[0])) ||
      !std::isalpha(static_cast<unsigned char>(value[1]))) {
    return {};
  }
  return Upper(value);
}

}  // namespace

RpslOwnership::RpslOwnership(std::string source) : source_override_(std::move(source)) {}

uint32_t RpslOwnership::InternList(const std::vector<std::string_view>& values, bool upper) {
  if (values.empty()) return 0;
  std::vector<uint32_t> ids;
  std::string key;
  for (std::string_view value : values) {
    if (value.empty()) continue;
    uint32_t id = upper ? pool_.Intern(Upper(value)) : pool_.Intern(value);
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) continue;
    ids.push_back(id);
    key.append(reinterpret_cast<const char*>(&id), sizeof id);
  }
  if (ids.empty()) return 0;
  auto [found, inserted] = list_ids_.emplace(key, static_cast<uint32_t>(lists_.size()));
  if (inserted) lists_.push_back(std::move(ids));
  return found->second;
}

RpslOwnership::Range RpslOwnership::Holder(const RpslObject& object) {
  Range kept;
  kept.country = pool_.Intern(Country(object.First("country")));
  kept.org = pool_.Intern(Upper(object.First("org")));
  if (kept.org == 0) {
    std::string_view owner = object.First("descr");
    kept.fallback_owner = pool_.Intern(owner.empty() ? object.First("netname") : owner);
  }
  kept.source = pool_.Intern(AsciiLower(object.First("source")));
  kept.abuse_c = InternList(object.All("abuse-c"), true);
  kept.irts = InternList(object.All("mnt-irt"), true);
  return kept;
}

void RpslOwnership::AddRange(const RpslObject& object, bool is_v6) {
  std::string_view text = object.First(object.type());
  auto range = ParseIpRange(text);
  if (!range || range->is_v6 != is_v6) {
    std::string excerpt(text.substr(0, 60));
    problems_.Add(object.line, fmt::format("{}: unparseable range '{}'", object.type(), excerpt));
    return;
  }
  Range kept = Holder(object);
  kept.range = *range;
  ranges_.push_back(kept);
}

void RpslOwnership::AddAutNum(const RpslObject& object) {
  std::string_view text = object.First("aut-num");
  auto number = ParseAsNumber(text);
  if (!number) {
    std::string excerpt(text.substr(0, 60));
    problems_.Add(object.line, fmt::format("aut-num: unparseable AS number '{}'", excerpt));
    return;
  }
  Range holder = Holder(object);
  if (holder.org == 0 && object.First("descr").empty()) {
    holder.fallback_owner = pool_.Intern(object.First("as-name"));  // no netname on an aut-num
  }
  aut_nums_.push_back({*number, holder, pool_.Intern(object.First("as-name"))});
}

void RpslOwnership::Add(const RpslObject& object) {
  std::string_view type = object.type();
  if (type == "inetnum") {
    ++counts_.inetnums;
    AddRange(object, false);
  } else if (type == "inet6num") {
    ++counts_.inet6nums;
    AddRange(object, true);
  } else if (type == "role") {
    ++counts_.roles;
    std::string_view handle = object.First("nic-hdl");
    uint32_t mailboxes = InternList(object.All("abuse-mailbox"), false);
    if (!handle.empty() && mailboxes != 0) role_mailboxes_[pool_.Intern(Upper(handle))] = mailboxes;
  } else if (type == "irt") {
    ++counts_.irts;
    uint32_t mailboxes = InternList(object.All("abuse-mailbox"), false);
    if (mailboxes != 0) irt_mailboxes_[pool_.Intern(Upper(object.First("irt")))] = mailboxes;
  } else if (type == "organisation") {
    ++counts_.organisations;
    organisations_[pool_.Intern(Upper(object.First("organisation")))] = {
        pool_.Intern(object.First("org-name")), InternList(object.All("abuse-c"), true),
        pool_.Intern(Country(object.First("country")))};
  } else if (type == "aut-num") {
    ++counts_.aut_nums;
    AddAutNum(object);
  } else {
    ++counts_.other_objects;
  }
}

void RpslOwnership::AppendMailboxes(uint32_t handle_list,
                                    const std::unordered_map<uint32_t, uint32_t>& mailboxes_of,
                                    std::vector<std::string>& out) const {
  for (uint32_t handle : lists_[handle_list]) {
    auto found = mailboxes_of.find(handle);
    if (found == mailboxes_of.end()) continue;
    for (uint32_t mailbox : lists_[found->second]) {
      const std::string& text = pool_.Get(mailbox);
      if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
    }
  }
}

uint32_t RpslOwnership::OwnMailboxes(const Range& range) {
  std::vector<std::string> mailboxes;
  AppendMailboxes(range.abuse_c, role_mailboxes_, mailboxes);
  auto organisation = organisations_.find(range.org);
  if (mailboxes.empty() && range.org != 0 && organisation != organisations_.end()) {
    AppendMailboxes(organisation->second.abuse_c, role_mailboxes_, mailboxes);
  }
  if (mailboxes.empty()) AppendMailboxes(range.irts, irt_mailboxes_, mailboxes);
  std::vector<uint32_t> ids;
  for (const std::string& mailbox : mailboxes) ids.push_back(pool_.Find(mailbox));
  if (ids.empty()) return 0;
  std::string key(reinterpret_cast<const char*>(ids.data()), ids.size() * sizeof(uint32_t));
  auto [found, inserted] = list_ids_.emplace(key, static_cast<uint32_t>(lists_.size()));
  if (inserted) lists_.push_back(std::move(ids));
  return found->second;
}

void RpslOwnership::Finish(OwnershipBuilder& builder) {
  std::vector<uint32_t> mailbox_list(ranges_.size());
  for (size_t i = 0; i < ranges_.size(); ++i) mailbox_list[i] = OwnMailboxes(ranges_[i]);
  // A range with no abuse contact of its own (an assignment inside an allocation, typically)
  // takes the one of the closest range that contains it, as the RIPE abuse finder does.
  std::vector<uint32_t> order(ranges_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const IpRange& x = ranges_[a].range;
    const IpRange& y = ranges_[b].range;
    if (x.is_v6 != y.is_v6) return y.is_v6;
    if (x.first != y.first) return x.first < y.first;
    if (x.last != y.last) return x.last > y.last;
    return a < b;
  });
  struct Open {
    bool is_v6;
    Address128 last;
    uint32_t mailboxes;
  };
  std::vector<Open> open;
  for (uint32_t i : order) {
    const IpRange& range = ranges_[i].range;
    while (!open.empty() && (open.back().is_v6 != range.is_v6 || open.back().last < range.first)) {
      open.pop_back();
    }
    if (mailbox_list[i] == 0 && !open.empty() && open.back().last >= range.last) {
      mailbox_list[i] = open.back().mailboxes;
    }
    open.push_back({range.is_v6, range.last, mailbox_list[i]});
  }
  for (size_t i = 0; i < ranges_.size(); ++i) {
    uint32_t record = AddRecord(builder, ranges_[i], mailbox_list[i], ranges_[i].country);
    builder.AddRange(ranges_[i].range, record);
  }
  ranges_.clear();
  ranges_.shrink_to_fit();
  for (const AutNum& aut_num : aut_nums_) {
    uint32_t country = aut_num.holder.country;
    auto organisation = organisations_.find(aut_num.holder.org);
    if (country == 0 && aut_num.holder.org != 0 && organisation != organisations_.end()) {
      country = organisation->second.country;  // RIPE aut-nums carry no country; their org does
    }
    uint32_t record = AddRecord(builder, aut_num.holder, OwnMailboxes(aut_num.holder), country);
    builder.AddAutonomousSystem(aut_num.number, pool_.Get(aut_num.as_name), record);
  }
  aut_nums_.clear();
  aut_nums_.shrink_to_fit();
}

uint32_t RpslOwnership::AddRecord(OwnershipBuilder& builder, const Range& holder,
                                  uint32_t mailbox_list, uint32_t country) {
  std::vector<std::string> mailboxes;
  for (uint32_t id : lists_[mailbox_list]) mailboxes.push_back(pool_.Get(id));
  auto organisation = organisations_.find(holder.org);
  // A holder naming an org the dump lacks (or one without org-name) is owned by the handle.
  uint32_t owner = holder.fallback_owner;
  if (holder.org != 0) {
    owner = organisation != organisations_.end() && organisation->second.name != 0
                ? organisation->second.name
                : holder.org;
  }
  std::string_view source = source_override_;
  if (source.empty()) {
    source = holder.source != 0 ? std::string_view(pool_.Get(holder.source)) : "rpsl";
  }
  return builder.AddRecord(pool_.Get(owner), pool_.Get(country), "", source, mailboxes,
                           SourceRank::kRpsl);
}

}  // namespace hikeshi::coord
