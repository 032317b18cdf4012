// The ownership index file: what `hikeshi db import` writes and `serve`/`whois` load. Versioned
// and checksummed (doc/ownership.md#index-file):
//   "HKOWNIDX" | u32 version (2) | u32 0 | u64 payload bytes | 64 hex chars SHA-256(payload)
//   | payload
// The payload holds the OwnershipData sections in order (strings, mailbox lists, records,
// prefixes, domains, national CSIRTs, and from version 2 autonomous systems), each a u64 count
// then its items, integers little-endian. Version 1 files (no AS numbers) are still read.
#pragma once

#include <string>
#include <string_view>

#include "coord/ownership_data.h"
#include "core/error.h"

namespace hikeshi::coord {

inline constexpr uint32_t kIndexFileVersion = 2;
inline constexpr uint32_t kOldestReadableIndexVersion = 1;  // no autonomous-systems section

// `version` below kIndexFileVersion leaves out what that version lacks (tests of old files).
std::string EncodeIndex(const OwnershipData& data, uint32_t version = kIndexFileVersion);
// kCorrupt naming what is wrong: bad magic, unknown version, truncation, checksum mismatch, an
// id out of range, a prefix with host bits set.
Result<OwnershipData> DecodeIndex(std::string_view bytes);

// Writes `path` atomically: a temporary file beside it, fsync, rename. kUnavailable on I/O errors.
Status WriteIndexFile(const std::string& path, const OwnershipData& data);
// kNotFound when the file does not exist; kCorrupt as DecodeIndex (message names the path).
Result<OwnershipData> ReadIndexFile(const std::string& path);

}  // namespace hikeshi::coord
