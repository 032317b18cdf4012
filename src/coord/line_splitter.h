// Splits a byte stream fed in arbitrary pieces into lines, for the streaming ownership readers.
// A line longer than the limit is cut at the limit and flagged; the rest of it is skipped, so
// memory stays bounded whatever the input. "\r\n" and "\n" both end a line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hikeshi::coord {

struct Line {
  std::string_view text;  // without the line end; valid only during the sink call
  uint64_t number = 0;    // 1-based
  bool overlong = false;  // cut at the limit
};

class LineSplitter {
 public:
  explicit LineSplitter(size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

  // `sink(const Line&)` is called for every complete line in `bytes`.
  template <typename Sink>
  void Feed(std::string_view bytes, Sink&& sink) {
    while (!bytes.empty()) {
      size_t newline = bytes.find('\n');
      std::string_view piece = bytes.substr(0, newline);
      Append(piece);
      if (newline == std::string_view::npos) return;
      bytes.remove_prefix(newline + 1);
      Emit(sink);
    }
  }
  // The last line when the input does not end with a newline.
  template <typename Sink>
  void Finish(Sink&& sink) {
    if (!pending_.empty() || overlong_) Emit(sink);
  }

 private:
  void Append(std::string_view piece) {
    size_t room = max_line_bytes_ - pending_.size();
    if (piece.size() > room) {
      overlong_ = true;
      piece = piece.substr(0, room);
    }
    pending_.append(piece);
  }
  template <typename Sink>
  void Emit(Sink& sink) {
    std::string_view text = pending_;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    sink(Line{text, ++line_number_, overlong_});
    pending_.clear();
    overlong_ = false;
  }

  size_t max_line_bytes_;
  std::string pending_;
  bool overlong_ = false;
  uint64_t line_number_ = 0;
};

}  // namespace hikeshi::coord
