// Errors as values: every fallible call at a layer boundary returns Result<T>.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace hikeshi {

// A small closed set of codes; each maps to one HTTP status and one CLI exit path.
enum class ErrorCode {
  kInvalid,       // malformed or semantically invalid input (400)
  kUnauthorized,  // no or bad credentials (401)
  kForbidden,     // authenticated but not allowed (403)
  kNotFound,      // no such object (404)
  kConflict,      // state conflict: duplicate name, stale version (409)
  kTooLarge,      // input over a size limit (413)
  kRateLimited,   // too many attempts (429)
  kUnavailable,   // a dependency (database, network) is unreachable (503)
  kCorrupt,       // stored data failed an integrity check
  kInternal,      // a bug or an unexpected library failure (500)
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // for the human: what was wrong and, where useful, what to do
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected(Error{code, std::move(message)});
}

// Stable lowercase name of a code ("invalid", "not_found", ...), used in API error bodies.
std::string_view ErrorCodeName(ErrorCode code);

}  // namespace hikeshi
