// The driver: gzip by magic bytes, bounded lines, chunked parallel reads equal to sequential
// ones, offsets, streams.
#include "triage/log_reader.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "triage/event_json.h"

namespace hikeshi::triage {
namespace {

namespace fs = std::filesystem;

class LogReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("hikeshi_log_reader_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  fs::path Write(const std::string& name, const std::string& bytes) {
    fs::path path = directory_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  // gzip members, one per element, concatenated (as `cat a.gz b.gz` makes).
  fs::path WriteGzip(const std::string& name, const std::vector<std::string>& members) {
    fs::path path = directory_ / name;
    std::ofstream(path, std::ios::binary).close();
    for (const std::string& member : members) {
      gzFile file = gzopen(path.c_str(), "ab");
      gzwrite(file, member.data(), static_cast<unsigned>(member.size()));
      gzclose(file);
    }
    return path;
  }

  fs::path directory_;
};

ReadOptions Fixed() {
  ReadOptions options;
  options.year_reference = *ParseRfc3339("2026-11-25T00:00:00Z");
  return options;
}

std::string SyslogLines(int count, int first = 0) {
  std::string text;
  for (int i = first; i < first + count; ++i) {
    text += "Nov 22 10:" + std::to_string(10 + i % 50) + ":01 host sshd[" + std::to_string(i) +
            "]: Failed password for root from 203.0.113." + std::to_string(i % 250) + " port " +
            std::to_string(1000 + i) + " ssh2\n";
  }
  return text;
}

std::vector<std::string> RenderAll(const LogFile& file, Chunk chunk = {}) {
  std::vector<std::string> out;
  auto stats = file.Read([&](const Event& event) { out.push_back(RenderEventJson(event)); }, chunk);
  EXPECT_TRUE(stats.has_value());
  return out;
}

TEST_F(LogReaderTest, GzipIsDetectedByMagicAndGivesTheSameEventsAndOffsets) {
  std::string text = SyslogLines(500);
  auto plain = LogFile::Open(Write("auth.log", text), Fixed());
  auto packed = LogFile::Open(WriteGzip("auth.log.1", {text}), Fixed());  // no .gz suffix
  ASSERT_TRUE(plain && packed);
  EXPECT_FALSE(plain->compressed());
  EXPECT_TRUE(packed->compressed());
  EXPECT_EQ(packed->format(), LogFormat::kSyslog3164);
  EXPECT_EQ(RenderAll(*plain), RenderAll(*packed));
}

TEST_F(LogReaderTest, ConcatenatedGzipMembersReadAsOneStream) {
  auto file = LogFile::Open(WriteGzip("two.gz", {SyslogLines(10), SyslogLines(10, 10)}), Fixed());
  ASSERT_TRUE(file);
  std::vector<uint64_t> offsets;
  auto stats = file->Read([&](const Event& event) { offsets.push_back(event.offset); });
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->events, 20u);
  EXPECT_EQ(stats->anomalies.Total(), 0u);
  EXPECT_EQ(stats->bytes, SyslogLines(20).size());
  // Offsets are positions in the decompressed stream: line 10 starts where member 2 starts.
  EXPECT_EQ(offsets[10], SyslogLines(10).size());
}

TEST_F(LogReaderTest, TruncatedGzipKeepsWhatWasReadAndCountsTheDamage) {
  fs::path path = WriteGzip("cut.gz", {SyslogLines(2000)});
  fs::resize_file(path, fs::file_size(path) / 2);
  auto file = LogFile::Open(path, Fixed());
  ASSERT_TRUE(file);
  auto stats = file->Read([](const Event&) {});
  ASSERT_TRUE(stats);
  EXPECT_GT(stats->events, 0u);
  EXPECT_LT(stats->events, 2000u);
  EXPECT_EQ(stats->anomalies.Count(Anomaly::kCorruptGzip), 1u);
}

TEST_F(LogReaderTest, OverlongLinesAreTruncatedOrSkippedAndReadingGoesOn) {
  std::string text = "Nov 22 10:15:01 host a: short\n" + std::string("Nov 22 10:15:02 host a: ") +
                     std::string(5000, 'x') + "\nNov 22 10:15:03 host a: after\n";
  fs::path path = Write("long.log", text);
  for (OverlongLines policy : {OverlongLines::kTruncate, OverlongLines::kSkip}) {
    ReadOptions options = Fixed();
    options.max_line_length = 100;
    options.buffer_size = 256;  // the long line spans many buffer fills
    options.overlong = policy;
    auto file = LogFile::Open(path, options);
    ASSERT_TRUE(file);
    std::vector<std::pair<uint64_t, size_t>> seen;  // offset, line length
    auto stats =
        file->Read([&](const Event& event) { seen.emplace_back(event.offset, event.line.size()); });
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->lines, 3u);
    EXPECT_EQ(stats->anomalies.Count(Anomaly::kOverlongLine), 1u);
    ASSERT_EQ(seen.size(), policy == OverlongLines::kTruncate ? 3u : 2u);
    EXPECT_EQ(seen.front().first, 0u);
    EXPECT_EQ(seen.back().first, text.find("Nov 22 10:15:03"));
    if (policy == OverlongLines::kTruncate) {
      EXPECT_EQ(seen[1].second, 100u);
    }
  }
}

TEST_F(LogReaderTest, ChunkedReadsEqualTheSequentialRead) {
  std::string text = SyslogLines(20000);  // about 1.9 MB
  auto file = LogFile::Open(Write("big.log", text), Fixed());
  ASSERT_TRUE(file);
  auto chunks = file->Split(7, 1);
  ASSERT_TRUE(chunks);
  ASSERT_EQ(chunks->size(), 7u);
  std::vector<std::string> joined;
  for (const Chunk& chunk : *chunks) {
    EXPECT_TRUE(chunk.begin == 0 || text[chunk.begin - 1] == '\n');
    for (std::string& line : RenderAll(*file, chunk)) joined.push_back(std::move(line));
  }
  EXPECT_EQ(joined, RenderAll(*file));
  EXPECT_EQ(joined.size(), 20000u);
}

TEST_F(LogReaderTest, ChunksReadOnParallelThreadsGiveTheSequentialEvents) {
  auto file = LogFile::Open(Write("par.log", SyslogLines(20000)), Fixed());
  ASSERT_TRUE(file);
  auto chunks = file->Split(4, 1);
  ASSERT_TRUE(chunks);
  std::vector<std::vector<std::string>> parts(chunks->size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < chunks->size(); ++i) {
    threads.emplace_back([&, i] { parts[i] = RenderAll(*file, (*chunks)[i]); });
  }
  for (std::thread& thread : threads) thread.join();
  std::vector<std::string> joined;
  for (auto& part : parts) joined.insert(joined.end(), part.begin(), part.end());
  EXPECT_EQ(joined, RenderAll(*file));
}

TEST_F(LogReaderTest, SmallFilesGzipAndW3cAreOneChunk) {
  auto small = LogFile::Open(Write("small.log", SyslogLines(10)), Fixed());
  auto packed = LogFile::Open(WriteGzip("p.gz", {SyslogLines(20000)}), Fixed());
  auto w3c = LogFile::Open(
      Write("u_ex.log", "#Fields: date time c-ip\n" + std::string(100000, '\n')), Fixed());
  ASSERT_TRUE(small && packed && w3c);
  EXPECT_EQ(small->Split(4)->size(), 1u);
  EXPECT_EQ(packed->Split(4, 1)->size(), 1u);
  EXPECT_EQ(w3c->Split(4, 1)->size(), 1u);
}

TEST_F(LogReaderTest, LastLineWithoutNewlineCrLfAndByteOrderMark) {
  auto file = LogFile::Open(
      Write("crlf.log", "\xEF\xBB\xBFNov 22 10:15:01 h a: one\r\nNov 22 10:15:02 h a: two"),
      Fixed());
  ASSERT_TRUE(file);
  EXPECT_EQ(file->format(), LogFormat::kSyslog3164);
  std::vector<std::string> messages;
  std::vector<uint64_t> offsets;
  auto stats = file->Read([&](const Event& event) {
    messages.emplace_back(event.message);
    offsets.push_back(event.offset);
  });
  ASSERT_TRUE(stats);
  EXPECT_EQ(messages, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(offsets, (std::vector<uint64_t>{3, 29}));
  EXPECT_EQ(stats->anomalies.Total(), 0u);
}

TEST_F(LogReaderTest, UndetectableFormatIsAnErrorUnlessNamed) {
  fs::path path = Write("noise.bin", std::string("\x01\x02\x03 random\nnothing here\n"));
  auto detected = LogFile::Open(path);
  ASSERT_FALSE(detected);
  EXPECT_EQ(detected.error().code, ErrorCode::kInvalid);
  ReadOptions options = Fixed();
  options.format = LogFormat::kAccess;
  auto named = LogFile::Open(path, options);
  ASSERT_TRUE(named);
  auto stats = named->Read([](const Event&) {});
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->events, 2u);
  EXPECT_EQ(stats->anomalies.Count(Anomaly::kMalformedLine), 2u);
}

TEST_F(LogReaderTest, MissingFileEmptyFileAndDirectory) {
  auto missing = LogFile::Open(directory_ / "nope.log");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto directory = LogFile::Open(directory_);
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().code, ErrorCode::kInvalid);
  auto empty = LogFile::Open(Write("empty.log", ""));
  ASSERT_TRUE(empty);
  auto stats = empty->Read([](const Event&) { ADD_FAILURE(); });
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->lines, 0u);
}

TEST_F(LogReaderTest, StreamReadsPlainAndGzipFromADescriptor) {
  std::string text = SyslogLines(300);
  for (const fs::path& path : {Write("s.log", text), WriteGzip("s.gz", {text})}) {
    int fd = ::open(path.c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    std::vector<std::string> sources;
    uint64_t last_offset = 0;
    auto stats = ReadLogStream(fd, "-", Fixed(), [&](const Event& event) {
      if (sources.empty()) sources.emplace_back(event.source);
      last_offset = event.offset;
    });
    ::close(fd);
    ASSERT_TRUE(stats) << stats.error().message;
    EXPECT_EQ(stats->format, LogFormat::kSyslog3164);
    EXPECT_EQ(stats->events, 300u);
    EXPECT_EQ(sources, std::vector<std::string>{"-"});
    EXPECT_EQ(last_offset, text.size() - SyslogLines(1, 299).size());
  }
}

TEST_F(LogReaderTest, ModificationTimeIsTheDefaultYearReference) {
  fs::path path = Write("old.log", "Dec 31 23:59:59 h a: x\n");
  // Modified 2 January 2021: the December line is from 2020.
  std::chrono::sys_seconds january{std::chrono::sys_days{std::chrono::year{2021} / 1 / 2}};
  fs::last_write_time(path, std::chrono::file_clock::from_sys(january));
  auto file = LogFile::Open(path);
  ASSERT_TRUE(file);
  std::string time;
  ASSERT_TRUE(file->Read([&](const Event& event) { time = FormatRfc3339(*event.time); }));
  EXPECT_EQ(time, "2020-12-31T23:59:59.000000Z");
}

}  // namespace
}  // namespace hikeshi::triage
