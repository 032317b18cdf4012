// Feed tags (Shadowserver report types, "classification.type" of IntelMQ-style events, free
// tags) to a JPCERT/CC category and an RSIT class. One table, in feed_tags.cc and doc/feeds.md.
#pragma once

#include <string>
#include <string_view>

#include "core/category.h"

namespace hikeshi::intake {

struct FeedTagClass {
  Category category = Category::kOther;
  std::string_view rsit = "other:undetermined";
  std::string_view keyword;  // the table keyword that matched; empty when none did
};

// The first table entry whose keyword starts a word of the lowercased tag; kOther when none
// does.
FeedTagClass ClassifyFeedTag(std::string_view tag);

}  // namespace hikeshi::intake
