// Shared by the coord tests: reading fixtures under tests/data and building an index from text.
#pragma once

#include <string>
#include <string_view>

#include "coord/ownership_data.h"
#include "coord/ownership_index.h"

namespace hikeshi::coord::testing {

std::string ReadTestData(std::string_view relative_path);  // tests/data/<relative_path>
// Reads RPSL text fed in `piece` byte pieces (to exercise the streaming).
OwnershipData DataFromRpsl(std::string_view text, size_t piece = 7);
// One line per query: "<query> -> <netblock> | <owner> | <country> | <mailboxes,> | <source>
// | csirt=<contact> | constituent" or "<query> -> none".
std::string DescribeQueries(const OwnershipIndex& index, std::string_view queries);

}  // namespace hikeshi::coord::testing
