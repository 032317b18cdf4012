#include "coord/index_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "core/sha256.h"

namespace hikeshi::coord {
namespace {

constexpr std::string_view kMagic = "HKOWNIDX";
constexpr size_t kHeaderBytes = 8 + 4 + 4 + 8 + 64;

void PutInt(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}
  bool ok() const { return ok_; }
  uint64_t Int(int bytes) {
    if (rest_.size() < static_cast<size_t>(bytes)) return Broken();
    uint64_t value = 0;
    for (int i = bytes - 1; i >= 0; --i) value = (value << 8) | static_cast<uint8_t>(rest_[i]);
    rest_.remove_prefix(bytes);
    return value;
  }
  std::string_view Bytes(size_t count) {
    if (rest_.size() < count) return Broken(), std::string_view();
    std::string_view out = rest_.substr(0, count);
    rest_.remove_prefix(count);
    return out;
  }
  // A section's item count, refused when the remaining bytes cannot hold that many items.
  uint64_t Count(size_t min_item_bytes, int count_bytes = 8) {
    uint64_t count = Int(count_bytes);
    if (count > rest_.size() / min_item_bytes) return Broken();
    return count;
  }
  bool empty() const { return rest_.empty(); }

 private:
  uint64_t Broken() {
    ok_ = false;
    rest_ = {};
    return 0;
  }
  std::string_view rest_;
  bool ok_ = true;
};

std::string EncodePayload(const OwnershipData& data, uint32_t version) {
  std::string out;
  out.reserve(data.prefixes.size() * 27 + data.strings.size() * 24);
  PutInt(out, data.strings.size(), 8);
  for (const std::string& text : data.strings) {
    PutInt(out, text.size(), 4);
    out.append(text);
  }
  PutInt(out, data.mailbox_lists.size(), 8);
  for (const auto& list : data.mailbox_lists) {
    PutInt(out, list.size(), 4);
    for (uint32_t id : list) PutInt(out, id, 4);
  }
  PutInt(out, data.records.size(), 8);
  for (const OwnerRecord& record : data.records) {
    for (uint32_t id :
         {record.owner, record.country, record.language, record.source, record.mailboxes}) {
      PutInt(out, id, 4);
    }
    PutInt(out, static_cast<uint8_t>(record.rank), 1);
  }
  PutInt(out, data.prefixes.size(), 8);
  for (const PrefixEntry& entry : data.prefixes) {
    PutInt(out, entry.is_v6 ? 6 : 4, 1);
    PutInt(out, entry.length, 1);
    PutInt(out, entry.specificity, 1);
    PutInt(out, static_cast<uint64_t>(entry.address), 8);
    PutInt(out, static_cast<uint64_t>(entry.address >> 64), 8);
    PutInt(out, entry.record, 4);
  }
  PutInt(out, data.domains.size(), 8);
  for (const DomainEntry& entry : data.domains) {
    PutInt(out, entry.name, 4);
    PutInt(out, entry.record, 4);
  }
  PutInt(out, data.national_csirts.size(), 8);
  for (const CsirtEntry& entry : data.national_csirts) {
    PutInt(out, entry.country, 4);
    PutInt(out, entry.contact, 4);
  }
  if (version < 2) return out;
  PutInt(out, data.autonomous_systems.size(), 8);
  for (const AsEntry& entry : data.autonomous_systems) {
    PutInt(out, entry.number, 4);
    PutInt(out, entry.name, 4);
    PutInt(out, entry.record, 4);
  }
  return out;
}

Result<OwnershipData> DecodePayload(std::string_view payload, uint64_t version) {
  auto corrupt = [](std::string_view what) {
    return Fail(ErrorCode::kCorrupt, fmt::format("ownership index: {}", what));
  };
  Reader in(payload);
  OwnershipData data;
  data.strings.resize(in.Count(4));
  for (std::string& text : data.strings) text = in.Bytes(in.Int(4));
  if (!in.ok() || data.strings.empty() || !data.strings[0].empty()) return corrupt("strings");
  const uint64_t strings = data.strings.size();
  data.mailbox_lists.resize(in.Count(4));
  for (auto& list : data.mailbox_lists) {
    list.resize(in.Count(4, 4));
    for (uint32_t& id : list) {
      id = static_cast<uint32_t>(in.Int(4));
      if (id >= strings) return corrupt("mailbox list names no string");
    }
  }
  if (!in.ok() || data.mailbox_lists.empty()) return corrupt("mailbox lists");
  data.records.resize(in.Count(21));
  for (OwnerRecord& record : data.records) {
    for (uint32_t* id : {&record.owner, &record.country, &record.language, &record.source}) {
      *id = static_cast<uint32_t>(in.Int(4));
      if (*id >= strings) return corrupt("record names no string");
    }
    record.mailboxes = static_cast<uint32_t>(in.Int(4));
    uint64_t rank = in.Int(1);
    if (record.mailboxes >= data.mailbox_lists.size() || rank > kMaxSourceRank) {
      return corrupt("record out of range");
    }
    record.rank = static_cast<SourceRank>(rank);
  }
  if (!in.ok()) return corrupt("records");
  data.prefixes.resize(in.Count(23));
  for (PrefixEntry& entry : data.prefixes) {
    uint64_t family = in.Int(1);
    entry.length = static_cast<uint8_t>(in.Int(1));
    entry.specificity = static_cast<uint8_t>(in.Int(1));
    uint64_t low = in.Int(8), high = in.Int(8);
    entry.address = (Address128{high} << 64) | low;
    entry.record = static_cast<uint32_t>(in.Int(4));
    entry.is_v6 = family == 6;
    int bits = entry.is_v6 ? 128 : 32;
    if ((family != 4 && family != 6) || entry.length > bits || entry.specificity > bits ||
        entry.record >= data.records.size()) {
      return corrupt("prefix out of range");
    }
    if (!entry.is_v6 && entry.address > 0xffffffffu) return corrupt("prefix out of range");
    if (entry.length == 0 ? entry.address != 0
                          : entry.length < bits &&
                                (entry.address & ((Address128{1} << (bits - entry.length)) - 1))) {
      return corrupt("prefix has host bits set");
    }
  }
  if (!in.ok()) return corrupt("prefixes");
  data.domains.resize(in.Count(8));
  for (DomainEntry& entry : data.domains) {
    entry.name = static_cast<uint32_t>(in.Int(4));
    entry.record = static_cast<uint32_t>(in.Int(4));
    if (entry.name >= strings || entry.record >= data.records.size()) {
      return corrupt("domain out of range");
    }
  }
  data.national_csirts.resize(in.Count(8));
  for (CsirtEntry& entry : data.national_csirts) {
    entry.country = static_cast<uint32_t>(in.Int(4));
    entry.contact = static_cast<uint32_t>(in.Int(4));
    if (entry.country >= strings || entry.contact >= strings) return corrupt("CSIRT out of range");
  }
  if (version >= 2) {
    data.autonomous_systems.resize(in.Count(12));
    for (AsEntry& entry : data.autonomous_systems) {
      entry.number = static_cast<uint32_t>(in.Int(4));
      entry.name = static_cast<uint32_t>(in.Int(4));
      entry.record = static_cast<uint32_t>(in.Int(4));
      if (entry.name >= strings || entry.record >= data.records.size()) {
        return corrupt("autonomous system out of range");
      }
    }
  }
  if (!in.ok()) return corrupt("truncated");
  if (!in.empty()) return corrupt("trailing bytes after the last section");
  return data;
}

}  // namespace

std::string EncodeIndex(const OwnershipData& data, uint32_t version) {
  std::string payload = EncodePayload(data, version);
  std::string out(kMagic);
  PutInt(out, version, 4);
  PutInt(out, 0, 4);
  PutInt(out, payload.size(), 8);
  out.append(Sha256Hex(payload));
  out.append(payload);
  return out;
}

Result<OwnershipData> DecodeIndex(std::string_view bytes) {
  if (bytes.size() < kHeaderBytes || bytes.substr(0, 8) != kMagic) {
    return Fail(ErrorCode::kCorrupt, "ownership index: not an index file (bad magic)");
  }
  Reader header(bytes.substr(8, kHeaderBytes - 8));
  uint64_t version = header.Int(4);
  header.Int(4);
  uint64_t length = header.Int(8);
  std::string_view checksum = header.Bytes(64);
  if (version < kOldestReadableIndexVersion || version > kIndexFileVersion) {
    return Fail(ErrorCode::kCorrupt,
                fmt::format("ownership index: version {} (this build reads {} to {}); re-import "
                            "with `hikeshi db import`",
                            version, kOldestReadableIndexVersion, kIndexFileVersion));
  }
  std::string_view payload = bytes.substr(kHeaderBytes);
  if (length != payload.size()) {
    return Fail(ErrorCode::kCorrupt, "ownership index: truncated or padded");
  }
  if (Sha256Hex(payload) != checksum) {
    return Fail(ErrorCode::kCorrupt, "ownership index: checksum mismatch");
  }
  return DecodePayload(payload, version);
}

Status WriteIndexFile(const std::string& path, const OwnershipData& data) {
  std::string bytes = EncodeIndex(data);
  std::string temporary = fmt::format("{}.tmp.{}", path, ::getpid());
  auto failed = [&](std::string_view what) {
    int saved = errno;
    ::unlink(temporary.c_str());
    return Fail(ErrorCode::kUnavailable,
                fmt::format("{} {}: {}", what, temporary, std::strerror(saved)));
  };
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return failed("cannot create");
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t count = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) {
      ::close(fd);
      return failed("cannot write");
    }
    written += static_cast<size_t>(count);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return failed("cannot sync");
  }
  ::close(fd);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) return failed("cannot rename");
  return {};
}

Result<OwnershipData> ReadIndexFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return Fail(ErrorCode::kNotFound, fmt::format("{}: no such file", path));
    return Fail(ErrorCode::kUnavailable, fmt::format("{}: {}", path, std::strerror(errno)));
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto data = DecodeIndex(bytes);
  if (!data) return Fail(data.error().code, fmt::format("{}: {}", path, data.error().message));
  return data;
}

}  // namespace hikeshi::coord
