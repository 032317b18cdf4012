#include "intake/gmime_support.h"

#include <array>
#include <mutex>

#include "intake/base64_body.h"

namespace hikeshi::intake {
namespace {

// Scans an encoded base64 stream: only the alphabet, whitespace and trailing '=' padding are
// allowed, and the significant characters must come in groups of four.
class Base64Checker {
  enum CharClass : unsigned char { kJunk, kSpace, kPad, kSymbol };
  static constexpr std::array<CharClass, 256> kClass = [] {
    std::array<CharClass, 256> table{};
    for (int c = 0; c < 256; ++c) {
      bool symbol = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/';
      table[c] = symbol                                              ? kSymbol
                 : c == '='                                          ? kPad
                 : (c == ' ' || c == '\t' || c == '\r' || c == '\n') ? kSpace
                                                                     : kJunk;
    }
    return table;
  }();

 public:
  void Feed(const char* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
      unsigned char c = static_cast<unsigned char>(data[i]);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
      if (c == '=') {
        ++padding_;
        ++count_;
        continue;
      }
      bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '+' || c == '/';
      if (!alphabet || padding_ > 0) bad_ = true;  // junk, or data after the padding
      ++count_;
    }
  }
  bool Bad() const { return bad_ || count_ % 4 != 0 || padding_ > 2; }

 private:
  std::size_t count_ = 0;
  std::size_t padding_ = 0;
  bool bad_ = false;
};

}  // namespace

void EnsureGmimeInitialised() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

namespace {

// Reads a whole GMime stream into `out` (from its start).
bool ReadAll(GMimeStream* stream, std::string& out) {
  if (g_mime_stream_reset(stream) != 0) return false;
  gint64 length = g_mime_stream_length(stream);
  if (length > 0) out.reserve(static_cast<std::size_t>(length));
  std::array<char, 16384> buffer;
  while (true) {
    ssize_t n = g_mime_stream_read(stream, buffer.data(), buffer.size());
    if (n < 0) return false;
    if (n == 0) break;
    out.append(buffer.data(), static_cast<std::size_t>(n));
  }
  g_mime_stream_reset(stream);
  return true;
}

// The general path through GMime's filter streams (uuencode and anything unusual).
void DecodeThroughWrapper(GMimeDataWrapper* wrapper, LeafContent& content) {
  GObjectPtr<GMimeStream> sink(g_mime_stream_mem_new());
  if (g_mime_data_wrapper_write_to_stream(wrapper, sink.get()) < 0) return;
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(sink.get()));
  if (array != nullptr && array->len > 0) {
    content.bytes.assign(reinterpret_cast<const char*>(array->data), array->len);
  }
}

}  // namespace

LeafContent ReadLeafContent(GMimePart* part) {
  LeafContent content;
  GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
  if (wrapper == nullptr) return content;
  GMimeContentEncoding encoding = g_mime_data_wrapper_get_encoding(wrapper);
  GMimeStream* encoded = g_mime_data_wrapper_get_stream(wrapper);
  // The common encodings are decoded in one buffer with GMime's step decoders: no filter
  // stream objects, one copy fewer (this is the hot path of bulk intake).
  bool direct =
      encoding == GMIME_CONTENT_ENCODING_DEFAULT || encoding == GMIME_CONTENT_ENCODING_7BIT ||
      encoding == GMIME_CONTENT_ENCODING_8BIT || encoding == GMIME_CONTENT_ENCODING_BINARY ||
      encoding == GMIME_CONTENT_ENCODING_BASE64 ||
      encoding == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
  std::string raw;
  if (!direct || encoded == nullptr || !ReadAll(encoded, raw)) {
    DecodeThroughWrapper(wrapper, content);
    return content;
  }
  return DecodeTransfer(raw, encoding);
}

LeafContent DecodeTransfer(std::string_view raw, GMimeContentEncoding encoding) {
  LeafContent content;
  const auto* in = reinterpret_cast<const unsigned char*>(raw.data());
  int state = 0;
  guint32 save = 0;
  if (encoding == GMIME_CONTENT_ENCODING_BASE64) {
    if (DecodeCleanBase64Body(raw, content.bytes)) return content;
    // Damaged: GMime's decoder says what it decodes to (it skips the junk), the checker why.
    Base64Checker checker;
    checker.Feed(raw.data(), raw.size());
    content.bad_base64 = checker.Bad();
    content.bytes.resize(raw.size() / 4 * 3 + 4);
    std::size_t n = g_mime_encoding_base64_decode_step(
        in, raw.size(), reinterpret_cast<unsigned char*>(content.bytes.data()), &state, &save);
    content.bytes.resize(n);
  } else if (encoding == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE) {
    content.bytes.resize(raw.size() + 4);
    std::size_t n = g_mime_encoding_quoted_decode_step(
        in, raw.size(), reinterpret_cast<unsigned char*>(content.bytes.data()), &state, &save);
    content.bytes.resize(n);
  } else {
    content.bytes.assign(raw);
  }
  return content;
}

}  // namespace hikeshi::intake
