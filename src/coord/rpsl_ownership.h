// Turns RPSL objects into ownership records: inetnum/inet6num ranges and aut-num AS numbers with
// their owner, country and abuse mailboxes, resolved through role, irt and organisation objects
// once the whole dump (which may be split over several files, in any order) has been read.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "coord/import_problems.h"
#include "coord/ip_range.h"
#include "coord/ownership_data.h"
#include "coord/rpsl_reader.h"
#include "coord/string_pool.h"

namespace hikeshi::coord {

struct RpslCounts {
  uint64_t inetnums = 0;
  uint64_t inet6nums = 0;
  uint64_t aut_nums = 0;
  uint64_t roles = 0;
  uint64_t irts = 0;
  uint64_t organisations = 0;
  uint64_t other_objects = 0;  // person, mntner, route, domain, ...: not needed, skipped
};

// Memory is proportional to the objects kept (address ranges, roles, irts, organisations), with
// every handle and name interned; other objects cost nothing.
class RpslOwnership {
 public:
  // `source` names the records ("ripe"); empty = the objects' own `source:` in lower case.
  explicit RpslOwnership(std::string source = "");

  void Add(const RpslObject& object);  // problems are named with the object's line
  // Resolves each range's abuse mailboxes: the range's own abuse-c roles, else its
  // organisation's abuse-c roles, else its mnt-irt objects' abuse-mailbox, else those of the
  // closest range containing it. Owner: the org's
  // org-name (else the org handle); without org, the first descr, else netname. Adds one record per
  // range and its CIDR pieces. An aut-num is resolved the same way (without the containing
  // range), its country its own `country:`, else its organisation's; one AS entry each.
  void Finish(OwnershipBuilder& builder);

  const RpslCounts& counts() const { return counts_; }
  ImportProblems& problems() { return problems_; }

 private:
  struct Range {
    IpRange range;
    // The owner when the organisation has no org-name: first descr, else netname. Not kept for
    // a range with an org (most of a dump): unique per range, it would dominate the memory.
    uint32_t fallback_owner = 0;
    uint32_t country = 0, org = 0, source = 0;
    uint32_t abuse_c = 0, irts = 0;  // handle lists
  };
  struct Organisation {
    uint32_t name = 0;
    uint32_t abuse_c = 0;  // handle list
    uint32_t country = 0;
  };
  struct AutNum {
    uint32_t number = 0;
    Range holder;  // owner, country, org, source, abuse-c, irts as for a range (no IpRange)
    uint32_t as_name = 0;
  };
  uint32_t InternList(const std::vector<std::string_view>& values, bool upper);
  void AddRange(const RpslObject& object, bool is_v6);
  void AddAutNum(const RpslObject& object);
  // The holder fields every address or AS object has: country, org, owner fallback, source,
  // abuse-c, mnt-irt.
  Range Holder(const RpslObject& object);
  uint32_t AddRecord(OwnershipBuilder& builder, const Range& holder, uint32_t mailbox_list,
                     uint32_t country);
  uint32_t OwnMailboxes(const Range& range);  // interned list of mailbox ids; 0 = none
  void AppendMailboxes(uint32_t handle_list,
                       const std::unordered_map<uint32_t, uint32_t>& mailboxes_of,
                       std::vector<std::string>& out) const;

  std::string source_override_;
  StringPool pool_;
  std::vector<std::vector<uint32_t>> lists_{{}};  // [0] empty
  std::unordered_map<std::string, uint32_t> list_ids_;
  std::vector<Range> ranges_;
  std::vector<AutNum> aut_nums_;
  std::unordered_map<uint32_t, uint32_t> role_mailboxes_;  // handle → mailbox list
  std::unordered_map<uint32_t, uint32_t> irt_mailboxes_;   // irt name → mailbox list
  std::unordered_map<uint32_t, Organisation> organisations_;
  RpslCounts counts_;
  ImportProblems problems_;
};

}  // namespace hikeshi::coord
