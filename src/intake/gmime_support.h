// Internal to intake: RAII ownership of GMime/GLib objects and one-time GMime initialisation.
#pragma once

#include <gmime/gmime.h>

#include <memory>
#include <string>
#include <string_view>

namespace hikeshi::intake {

struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
// Owns one reference to a GObject (GMimeMessage, GMimeStream, GMimeParser, ...).
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(void* memory) const { g_free(memory); }
};
using GCharPtr = std::unique_ptr<char, GFree>;

struct ParserOptionsFree {
  void operator()(GMimeParserOptions* options) const {
    if (options != nullptr) g_mime_parser_options_free(options);
  }
};
using ParserOptionsPtr = std::unique_ptr<GMimeParserOptions, ParserOptionsFree>;

// Calls g_mime_init() exactly once, whichever thread gets here first.
void EnsureGmimeInitialised();

// Copies a possibly null C string.
inline std::string CopyString(const char* text) { return text ? std::string(text) : std::string(); }

// The decoded content of a leaf part (transfer encoding undone), and whether a base64 body
// held bytes outside the alphabet or a bad length.
struct LeafContent {
  std::string bytes;
  bool bad_base64 = false;
};
LeafContent ReadLeafContent(GMimePart* part);
// Undoes one of the directly decoded encodings (default, 7bit, 8bit, binary, base64,
// quoted-printable) on the encoded bytes of a leaf; the same bytes ReadLeafContent gives.
LeafContent DecodeTransfer(std::string_view raw, GMimeContentEncoding encoding);

}  // namespace hikeshi::intake
