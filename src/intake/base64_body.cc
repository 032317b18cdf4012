#include "intake/base64_body.h"

#include <array>
#include <cstdint>

namespace hikeshi::intake {
namespace {

// 0–63: a symbol's value; the other classes have a bit in 0xC0 set, so four symbols can be
// recognised with one OR.
constexpr std::uint8_t kSpace = 0x40;
constexpr std::uint8_t kPad = 0x41;
constexpr std::uint8_t kJunk = 0x80;

constexpr std::array<std::uint8_t, 256> kValue = [] {
  std::array<std::uint8_t, 256> table{};
  table.fill(kJunk);
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
  }
  for (unsigned char c : {' ', '\t', '\r', '\n'}) table[c] = kSpace;
  table['='] = kPad;
  return table;
}();

}  // namespace

bool DecodeCleanBase64Body(std::string_view body, std::string& out) {
  out.resize(body.size() / 4 * 3 + 3);
  auto* input = reinterpret_cast<const unsigned char*>(body.data());
  const std::size_t size = body.size();
  char* output = out.data();
  std::uint32_t bits = 0;
  int pending = 0;  // symbols in `bits`, 0–3
  std::size_t padding = 0;
  std::size_t at = 0;
  while (at < size) {
    // Whole quads of symbols (the inside of every line) in one step.
    if (pending == 0 && padding == 0 && at + 4 <= size) {
      std::uint8_t a = kValue[input[at]], b = kValue[input[at + 1]];
      std::uint8_t c = kValue[input[at + 2]], d = kValue[input[at + 3]];
      if (((a | b | c | d) & 0xC0) == 0) {
        std::uint32_t quad = (std::uint32_t{a} << 18) | (b << 12) | (c << 6) | d;
        output[0] = static_cast<char>(quad >> 16);
        output[1] = static_cast<char>(quad >> 8);
        output[2] = static_cast<char>(quad);
        output += 3;
        at += 4;
        continue;
      }
    }
    std::uint8_t value = kValue[input[at++]];
    if (value < 64) {
      if (padding > 0) return false;  // data after the padding
      bits = (bits << 6) | value;
      if (++pending == 4) {
        output[0] = static_cast<char>(bits >> 16);
        output[1] = static_cast<char>(bits >> 8);
        output[2] = static_cast<char>(bits);
        output += 3;
        pending = 0;
        bits = 0;
      }
    } else if (value == kPad) {
      ++padding;
    } else if (value != kSpace) {
      return false;
    }
  }
  if (padding > 2 || (pending + padding) % 4 != 0) return false;
  if (pending == 2) {
    *output++ = static_cast<char>(bits >> 4);
  } else if (pending == 3) {
    *output++ = static_cast<char>(bits >> 10);
    *output++ = static_cast<char>(bits >> 2);
  }
  out.resize(static_cast<std::size_t>(output - out.data()));
  return true;
}

}  // namespace hikeshi::intake
