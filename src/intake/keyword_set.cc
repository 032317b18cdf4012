#include "intake/keyword_set.h"

#include <fmt/format.h>

namespace hikeshi::intake {
namespace {

struct ScratchDeleter {
  void operator()(hs_scratch_t* scratch) const { hs_free_scratch(scratch); }
};

// One scratch per thread, grown to fit every database the thread has scanned with.
hs_scratch_t* ThreadScratch(const hs_database_t* database) {
  thread_local std::unique_ptr<hs_scratch_t, ScratchDeleter> scratch;
  thread_local const hs_database_t* fitted_to = nullptr;
  if (scratch && fitted_to == database) return scratch.get();
  hs_scratch_t* raw = scratch.release();
  if (hs_alloc_scratch(database, &raw) != HS_SUCCESS) {
    hs_free_scratch(raw);
    fitted_to = nullptr;
    return nullptr;
  }
  scratch.reset(raw);
  fitted_to = database;
  return raw;
}

}  // namespace

Result<KeywordSet> KeywordSet::Compile(const std::vector<std::string>& keywords) {
  if (keywords.empty()) return Fail(ErrorCode::kInvalid, "a keyword set needs keywords");
  std::vector<const char*> expressions;
  std::vector<size_t> lengths;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (size_t i = 0; i < keywords.size(); ++i) {
    if (keywords[i].empty()) return Fail(ErrorCode::kInvalid, "empty keyword");
    expressions.push_back(keywords[i].data());
    lengths.push_back(keywords[i].size());
    flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(keywords.size()), HS_MODE_BLOCK, nullptr,
                           &database, &error) != HS_SUCCESS) {
    std::string message = error ? error->message : "unknown error";
    hs_free_compile_error(error);
    return Fail(ErrorCode::kInternal, fmt::format("compiling keywords: {}", message));
  }
  return KeywordSet(database, keywords.size());
}

std::vector<unsigned> KeywordSet::Find(std::string_view text) const {
  std::vector<bool> hit(count_, false);
  hs_scratch_t* scratch = ThreadScratch(database_.get());
  if (scratch != nullptr) {
    auto on_match = [](unsigned id, unsigned long long, unsigned long long, unsigned,
                       void* context) -> int {
      (*static_cast<std::vector<bool>*>(context))[id] = true;
      return 0;
    };
    // Vectorscan takes lengths as unsigned int: scan a huge text in pieces. A keyword split
    // across a piece boundary is missed, which at 1 GiB pieces only affects absurd inputs.
    constexpr size_t kPiece = size_t{1} << 30;
    for (size_t offset = 0; offset < text.size(); offset += kPiece) {
      std::string_view piece = text.substr(offset, kPiece);
      hs_scan(database_.get(), piece.data(), static_cast<unsigned>(piece.size()), 0, scratch,
              on_match, &hit);
    }
  }
  std::vector<unsigned> ids;
  for (size_t i = 0; i < hit.size(); ++i) {
    if (hit[i]) ids.push_back(static_cast<unsigned>(i));
  }
  return ids;
}

}  // namespace hikeshi::intake
