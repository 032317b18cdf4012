// Text normalisation for indicator extraction: refanging and NFKC, with a map back to the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hikeshi::intake {

// Why a piece of the normalised text differs from the input.
enum class Rewrite : uint8_t {
  kRefang = 1,  // "[.]" -> ".", "hxxp" -> "http", " [at] " -> "@", …
  kNfkc = 2,    // "２" -> "2", "＠" -> "@", "．" -> ".", "。" between host labels -> "."
};

// The input with defanged forms undone and non-ASCII code points in NFKC, plus the map that turns
// any span of the normalised text back into the exact bytes of the input.
//
// ASCII bytes that are not part of a defanged form are copied unchanged, so ASCII-only text with
// nothing defanged is not copied at all: text() then borrows the input, which must outlive this
// object. Malformed UTF-8 bytes are copied unchanged (they never match an indicator) and counted.
class NormalizedText {
 public:
  // Normalises `input` (at most 4 GiB - 1 bytes; longer input is normalised up to that point);
  // `input` must outlive the result. The normalised text is at most twice as long as the input.
  static NormalizedText Normalize(std::string_view input);

  std::string_view text() const { return copied_ ? std::string_view(buffer_) : input_; }
  std::string_view input() const { return input_; }
  bool changed() const { return !pieces_.empty(); }
  size_t invalid_utf8_bytes() const { return invalid_utf8_bytes_; }

  struct Span {
    size_t begin = 0;      // byte offsets into the input
    size_t end = 0;        // one past the last byte
    uint8_t rewrites = 0;  // OR of Rewrite bits for the pieces the span touched
  };
  // The input bytes that produced normalised bytes [begin, end). A span boundary inside a
  // rewritten piece is widened to the whole piece.
  Span ToInput(size_t begin, size_t end) const;

 private:
  // One rewritten piece: normalised [normalized_begin, normalized_end()) came from input
  // [input_begin, input_end()). Everything between pieces maps one to one. 12 bytes, since a
  // text of full-width characters has one piece per character (offsets fit 32 bits: callers cap
  // the input below 4 GiB).
  struct Piece {
    uint32_t normalized_begin;
    uint32_t input_begin;
    uint8_t normalized_length;
    uint8_t input_length;
    Rewrite rewrite;
    size_t normalized_end() const { return size_t{normalized_begin} + normalized_length; }
    size_t input_end() const { return size_t{input_begin} + input_length; }
  };
  friend class Normalizer;

  std::string_view input_;
  std::string buffer_;         // the normalised text once something changed
  bool copied_ = false;        // text() is buffer_, not input_
  std::vector<Piece> pieces_;  // sorted by both begins
  size_t invalid_utf8_bytes_ = 0;
};

}  // namespace hikeshi::intake
