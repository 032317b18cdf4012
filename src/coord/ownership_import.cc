#include "coord/ownership_import.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "coord/constituency.h"
#include "coord/csirt_table.h"
#include "coord/delegated_stats.h"
#include "coord/index_file.h"
#include "coord/rpsl_ownership.h"
#include "coord/rpsl_reader.h"

namespace hikeshi::coord {
namespace {

constexpr size_t kPieceBytes = 1 << 20;
constexpr size_t kMaxWholeFileBytes = 64 << 20;  // constituency and CSIRT files are read whole

struct GzClose {
  void operator()(gzFile_s* file) const { gzclose(file); }
};

// Streams `path` (gzip or plain: zlib passes plain files through) to `sink` piece by piece.
Status StreamFile(const std::string& path, uint64_t& done, uint64_t total,
                  const ImportOptions& options, const std::function<void(std::string_view)>& sink) {
  std::unique_ptr<gzFile_s, GzClose> file(gzopen(path.c_str(), "rb"));
  if (!file) {
    return Fail(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kUnavailable,
                fmt::format("{}: {}", path, std::strerror(errno)));
  }
  gzbuffer(file.get(), 256 * 1024);
  std::string buffer(kPieceBytes, '\0');
  uint64_t start = done;
  while (true) {
    int count = gzread(file.get(), buffer.data(), static_cast<unsigned>(buffer.size()));
    if (count < 0) {
      int code = 0;
      return Fail(ErrorCode::kInvalid, fmt::format("{}: {}", path, gzerror(file.get(), &code)));
    }
    if (count == 0) break;
    sink(std::string_view(buffer.data(), static_cast<size_t>(count)));
    done = start + static_cast<uint64_t>(gzoffset(file.get()));
    if (options.progress) options.progress(done, total);
  }
  return {};
}

Result<std::string> ReadWhole(const std::string& path, uint64_t& done, uint64_t total,
                              const ImportOptions& options) {
  std::string text;
  auto streamed = StreamFile(path, done, total, options, [&](std::string_view piece) {
    if (text.size() <= kMaxWholeFileBytes) text.append(piece);
  });
  if (!streamed) return std::unexpected(streamed.error());
  if (text.size() > kMaxWholeFileBytes) {
    return Fail(ErrorCode::kTooLarge, fmt::format("{}: over {} bytes", path, kMaxWholeFileBytes));
  }
  return text;
}

void MergeProblems(ImportProblems& into, ImportProblems& from, std::string_view path) {
  into.count += from.count;
  for (const std::string& problem : from.first) {
    if (into.first.size() < ImportProblems::kKept) {
      into.first.push_back(fmt::format("{}: {}", path, problem));
    }
  }
  from = ImportProblems{};
}

}  // namespace

std::optional<ImportKind> ParseImportKind(std::string_view name) {
  if (name == "rpsl") return ImportKind::kRpsl;
  if (name == "delegated") return ImportKind::kDelegated;
  if (name == "constituency") return ImportKind::kConstituency;
  if (name == "csirt") return ImportKind::kCsirt;
  return std::nullopt;
}

Result<OwnershipData> ReadSources(ImportKind kind, const std::vector<std::string>& paths,
                                  const ImportOptions& options, ImportSummary& summary) {
  uint64_t total = 0;
  for (const std::string& path : paths) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      return Fail(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kUnavailable,
                  fmt::format("{}: {}", path, std::strerror(errno)));
    }
    total += static_cast<uint64_t>(info.st_size);
  }
  OwnershipBuilder builder;
  uint64_t& done = summary.bytes;
  if (kind == ImportKind::kRpsl) {
    RpslOwnership ownership(options.source);
    for (const std::string& path : paths) {
      RpslReader reader({}, [&](const RpslObject& object) { ownership.Add(object); });
      auto streamed = StreamFile(path, done, total, options,
                                 [&](std::string_view piece) { reader.Feed(piece); });
      if (!streamed) return std::unexpected(streamed.error());
      reader.Finish();
      ImportProblems reader_problems = reader.problems();
      MergeProblems(summary.problems, reader_problems, path);
      MergeProblems(summary.problems, ownership.problems(), path);
    }
    ownership.Finish(builder);
    const RpslCounts& counts = ownership.counts();
    summary.counts = fmt::format(
        "inetnum {}, inet6num {}, aut-num {}, role {}, irt {}, organisation {}, other {}",
        counts.inetnums, counts.inet6nums, counts.aut_nums, counts.roles, counts.irts,
        counts.organisations, counts.other_objects);
  } else if (kind == ImportKind::kDelegated) {
    DelegatedCounts counts;
    for (const std::string& path : paths) {
      DelegatedStatsReader reader(builder);
      auto streamed = StreamFile(path, done, total, options,
                                 [&](std::string_view piece) { reader.Feed(piece); });
      if (!streamed) return std::unexpected(streamed.error());
      reader.Finish();
      counts.ipv4 += reader.counts().ipv4;
      counts.ipv6 += reader.counts().ipv6;
      counts.skipped += reader.counts().skipped;
      MergeProblems(summary.problems, reader.problems(), path);
    }
    summary.counts =
        fmt::format("ipv4 {}, ipv6 {}, skipped {}", counts.ipv4, counts.ipv6, counts.skipped);
  } else {
    uint64_t entries = 0, netblocks = 0, domains = 0;
    for (const std::string& path : paths) {
      auto text = ReadWhole(path, done, total, options);
      if (!text) return std::unexpected(text.error());
      if (kind == ImportKind::kConstituency) {
        auto counts = ReadConstituency(*text, builder);
        if (!counts) return Fail(counts.error().code, path + ": " + counts.error().message);
        entries += counts->constituents;
        netblocks += counts->netblocks;
        domains += counts->domains;
        MergeProblems(summary.problems, counts->problems, path);
      } else {
        auto counts = ReadCsirtTable(*text, builder);
        if (!counts) return Fail(counts.error().code, path + ": " + counts.error().message);
        entries += counts->entries;
        MergeProblems(summary.problems, counts->problems, path);
      }
    }
    summary.counts =
        kind == ImportKind::kConstituency
            ? fmt::format("constituents {}, netblocks {}, domains {}", entries, netblocks, domains)
            : fmt::format("national CSIRTs {}", entries);
  }
  OwnershipData data = builder.Finish();
  summary.prefixes = data.prefixes.size();
  summary.sources = SourcesOf(data);
  switch (kind) {
    case ImportKind::kDelegated:
      summary.sources.insert("delegated");
      break;
    case ImportKind::kConstituency:
      summary.sources.insert("constituency");
      break;
    case ImportKind::kCsirt:
      summary.sources.insert("national-csirt");
      break;
    case ImportKind::kRpsl:
      if (!options.source.empty()) summary.sources.insert(options.source);
      break;
  }
  return data;
}

Result<ImportSummary> ImportIntoIndex(ImportKind kind, const std::vector<std::string>& paths,
                                      const std::string& index_path, const ImportOptions& options) {
  ImportSummary summary;
  auto incoming = ReadSources(kind, paths, options, summary);
  if (!incoming) return std::unexpected(incoming.error());
  auto existing = ReadIndexFile(index_path);
  if (!existing && existing.error().code != ErrorCode::kNotFound) {
    return std::unexpected(existing.error());
  }
  OwnershipBuilder merged;
  if (existing) {
    merged.AddAllExcept(*existing, summary.sources);
    *existing = OwnershipData{};
  }
  merged.AddAllExcept(*incoming, {});
  *incoming = OwnershipData{};
  OwnershipData data = merged.Finish();
  summary.index_prefixes = data.prefixes.size();
  if (auto written = WriteIndexFile(index_path, data); !written) {
    return std::unexpected(written.error());
  }
  return summary;
}

}  // namespace hikeshi::coord
