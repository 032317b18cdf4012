// Whether a notice is about spam, and then its ARF report (coord/arf_notice.h) built from the
// stored raw bytes of the first spam report it lists. There is no spam category (spam is "not an
// incident" by default, core/category.h); a team that triages spam as an incident gets category
// `other` with the RSIT class abusive-content:spam on the report, and that is what is looked for.
// doc/coordination.md, "ARF for spam".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "coord/arf_notice.h"
#include "coord/notice.h"
#include "core/category.h"
#include "store/store.h"

namespace hikeshi::server {

// Evidence reports read at most when looking for a spam report; a notice is re-rendered at each
// extension, and a non-spam `other` notice must not read hundreds of raw reports each time.
inline constexpr size_t kMaxSpamReportsChecked = 50;

// A report that is spam: RSIT abusive-content:spam, or set not-an-incident for spam.
bool IsSpamReport(const Report& report);

// Whether the report's raw bytes are a mail (format "mail" or "arf"): a form, feed or API report
// holds no spam message to attach.
bool CarriesMail(const Report& report);

// The ARF report for an abuse notice of category `other` whose items list a spam report that
// carries a mail (items in order, each item's evidence oldest first); nullopt otherwise (a warning,
// another category, no spam report among the first kMaxSpamReportsChecked). A report that is gone
// is skipped; other store errors are returned.
Result<std::optional<coord::ArfAttachment>> SpamArfFor(Store& store, const std::string& kind,
                                                       Category category,
                                                       const std::vector<coord::NoticeItem>& items);

// The ARF report for one spam report listed under `item` (pure; exposed for tests).
coord::ArfAttachment BuildSpamArf(const Report& report, const coord::NoticeItem& item);

}  // namespace hikeshi::server
