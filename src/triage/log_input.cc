#include "triage/log_input.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace hikeshi::triage {
namespace {

class DescriptorInput final : public LogInput {
 public:
  DescriptorInput(int fd, bool owned, bool positional, uint64_t begin, uint64_t end,
                  std::string prefix)
      : fd_(fd),
        owned_(owned),
        positional_(positional),
        position_(begin),
        end_(end),
        prefix_(std::move(prefix)) {}
  ~DescriptorInput() override {
    if (owned_) ::close(fd_);
  }
  DescriptorInput(const DescriptorInput&) = delete;
  DescriptorInput& operator=(const DescriptorInput&) = delete;

  Result<size_t> Read(char* out, size_t size) override {
    if (prefix_used_ < prefix_.size()) {
      size_t n = std::min(size, prefix_.size() - prefix_used_);
      std::memcpy(out, prefix_.data() + prefix_used_, n);
      prefix_used_ += n;
      return n;
    }
    if (position_ >= end_) return 0;
    size = static_cast<size_t>(std::min<uint64_t>(size, end_ - position_));
    while (true) {
      ssize_t n = positional_ ? ::pread(fd_, out, size, static_cast<off_t>(position_))
                              : ::read(fd_, out, size);
      if (n >= 0) {
        position_ += static_cast<uint64_t>(n);
        return static_cast<size_t>(n);
      }
      if (errno != EINTR) return Fail(ErrorCode::kUnavailable, std::strerror(errno));
    }
  }

 private:
  int fd_;
  bool owned_;
  bool positional_;
  uint64_t position_;
  uint64_t end_;
  std::string prefix_;
  size_t prefix_used_ = 0;
};

class GzipInput final : public LogInput {
 public:
  explicit GzipInput(std::unique_ptr<LogInput> compressed)
      : compressed_(std::move(compressed)), in_(kInputSize) {
    stream_ = {};
    ok_ = inflateInit2(&stream_, 16 + MAX_WBITS) == Z_OK;
  }
  ~GzipInput() override {
    if (ok_) inflateEnd(&stream_);
  }
  GzipInput(const GzipInput&) = delete;
  GzipInput& operator=(const GzipInput&) = delete;

  bool corrupt() const override { return corrupt_; }

  Result<size_t> Read(char* out, size_t size) override {
    if (!ok_) return Fail(ErrorCode::kInternal, "zlib inflateInit2 failed");
    if (done_ || size == 0) return 0;
    stream_.next_out = reinterpret_cast<Bytef*>(out);
    stream_.avail_out = static_cast<uInt>(std::min<size_t>(size, 1u << 30));
    while (stream_.avail_out > 0) {
      if (stream_.avail_in == 0 && !input_ended_) {
        auto n = compressed_->Read(in_.data(), in_.size());
        if (!n) return std::unexpected(n.error());
        if (*n == 0) {
          input_ended_ = true;
        } else {
          stream_.next_in = reinterpret_cast<Bytef*>(in_.data());
          stream_.avail_in = static_cast<uInt>(*n);
        }
      }
      if (stream_.avail_in == 0 && input_ended_) {
        // Clean end only between members; inside one, the stream was cut short.
        if (in_member_) corrupt_ = true;
        done_ = true;
        break;
      }
      int status = inflate(&stream_, Z_NO_FLUSH);
      in_member_ = true;
      if (status == Z_STREAM_END) {
        in_member_ = false;
        inflateReset(&stream_);  // another member may follow (cat a.gz b.gz)
      } else if (status != Z_OK && !(status == Z_BUF_ERROR && stream_.avail_in == 0)) {
        corrupt_ = true;
        done_ = true;
        break;
      }
    }
    return size - stream_.avail_out;
  }

 private:
  static constexpr size_t kInputSize = 256 << 10;
  std::unique_ptr<LogInput> compressed_;
  std::vector<char> in_;
  z_stream stream_;
  bool ok_ = false;
  bool input_ended_ = false;
  bool in_member_ = false;
  bool done_ = false;
  bool corrupt_ = false;
};

}  // namespace

std::unique_ptr<LogInput> MakeDescriptorInput(int fd, bool owned, bool positional, uint64_t begin,
                                              uint64_t end, std::string prefix) {
  return std::make_unique<DescriptorInput>(fd, owned, positional, begin, end, std::move(prefix));
}

std::unique_ptr<LogInput> MakeGzipInput(std::unique_ptr<LogInput> compressed) {
  return std::make_unique<GzipInput>(std::move(compressed));
}

}  // namespace hikeshi::triage
