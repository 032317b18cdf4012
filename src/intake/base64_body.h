// Internal to intake: the one-pass decoder for base64 MIME bodies. Bulk intake decodes every
// base64 part; checking the alphabet and decoding in the same pass halves the work of a
// separate validity scan followed by GMime's step decoder.
#pragma once

#include <string>
#include <string_view>

namespace hikeshi::intake {

// Decodes a clean base64 body into `out`: only the alphabet, the whitespace " \t\r\n", and at
// most two trailing '=' with symbols and padding together a multiple of four. Returns false on
// anything else (`out` is then unspecified); the caller decides what a damaged body decodes to.
// For a clean body the bytes are those of g_mime_encoding_base64_decode_step.
bool DecodeCleanBase64Body(std::string_view body, std::string& out);

}  // namespace hikeshi::intake
