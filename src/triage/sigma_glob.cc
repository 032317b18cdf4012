#include "triage/sigma_glob.h"

#include <cctype>

namespace hikeshi::triage {
namespace {

using Kind = SigmaGlobPiece::Kind;

void AppendLiteral(std::vector<SigmaGlobPiece>& pieces, char c) {
  if (pieces.empty() || pieces.back().kind != Kind::kLiteral)
    pieces.push_back({Kind::kLiteral, {}});
  pieces.back().bytes.push_back(c);
}

unsigned char Fold(unsigned char c, bool cased) {
  return (!cased && c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}

constexpr std::string_view kDashes[] = {"-", "/", "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\x95"};

// Matches the star-free run pieces[first, last) at `at`; returns its end or npos.
size_t MatchRunAt(const std::vector<SigmaGlobPiece>& pieces, size_t first, size_t last,
                  std::string_view value, size_t at, bool cased) {
  size_t pos = at;
  for (size_t p = first; p < last; ++p) {
    const SigmaGlobPiece& piece = pieces[p];
    switch (piece.kind) {
      case Kind::kLiteral:
        if (value.size() - pos < piece.bytes.size()) return std::string_view::npos;
        for (size_t i = 0; i < piece.bytes.size(); ++i) {
          if (Fold(value[pos + i], cased) != Fold(piece.bytes[i], cased)) {
            return std::string_view::npos;
          }
        }
        pos += piece.bytes.size();
        break;
      case Kind::kAnyChar:
        if (pos >= value.size()) return std::string_view::npos;
        ++pos;
        break;
      case Kind::kDash: {
        bool found = false;
        for (std::string_view dash : kDashes) {  // distinct first bytes: at most one fits
          if (value.substr(pos).starts_with(dash)) {
            pos += dash.size();
            found = true;
            break;
          }
        }
        if (!found) return std::string_view::npos;
        break;
      }
      case Kind::kAnyString:
        return std::string_view::npos;  // never inside a run
    }
  }
  return pos;
}

}  // namespace

std::vector<SigmaGlobPiece> ParseSigmaWildcards(std::string_view text) {
  std::vector<SigmaGlobPiece> pieces;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size() &&
        (text[i + 1] == '*' || text[i + 1] == '?' || text[i + 1] == '\\')) {
      AppendLiteral(pieces, text[++i]);
    } else if (c == '*') {
      if (pieces.empty() || pieces.back().kind != Kind::kAnyString) {
        pieces.push_back({Kind::kAnyString, {}});
      }
    } else if (c == '?') {
      pieces.push_back({Kind::kAnyChar, {}});
    } else {
      AppendLiteral(pieces, c);
    }
  }
  return pieces;
}

SigmaGlob FinishSigmaGlob(std::vector<SigmaGlobPiece> pieces, SigmaAnchor anchor,
                          SigmaValue::Trivial* trivial) {
  SigmaGlob glob;
  glob.anchored_start = anchor == SigmaAnchor::kExact || anchor == SigmaAnchor::kStartsWith;
  glob.anchored_end = anchor == SigmaAnchor::kExact || anchor == SigmaAnchor::kEndsWith;
  bool was_empty = pieces.empty();
  size_t first = 0, last = pieces.size();
  while (first < last && pieces[first].kind == Kind::kAnyString) {
    ++first;
    glob.anchored_start = false;
  }
  while (last > first && pieces[last - 1].kind == Kind::kAnyString) {
    --last;
    glob.anchored_end = false;
  }
  glob.pieces.assign(std::make_move_iterator(pieces.begin() + first),
                     std::make_move_iterator(pieces.begin() + last));
  *trivial = SigmaValue::Trivial::kNone;
  if (glob.pieces.empty()) {
    *trivial = (was_empty && glob.anchored_start && glob.anchored_end)
                   ? SigmaValue::Trivial::kEmptyValue
                   : SigmaValue::Trivial::kAnyValue;
  }
  return glob;
}

bool SigmaGlobMatches(const SigmaGlob& glob, std::string_view value, bool cased) {
  const auto& pieces = glob.pieces;
  size_t pos = 0, run_begin = 0;
  while (run_begin <= pieces.size()) {
    // The run is [run_begin, run_end): pieces up to the next star.
    size_t run_end = run_begin;
    while (run_end < pieces.size() && pieces[run_end].kind != Kind::kAnyString) ++run_end;
    bool first = run_begin == 0, last = run_end == pieces.size();
    bool must_start_here = first && glob.anchored_start;
    bool must_end_at_end = last && glob.anchored_end;
    size_t end = std::string_view::npos;
    size_t from = pos;
    if (must_end_at_end && !must_start_here) {
      // A run without dashes has a fixed width: only one place can end at the end.
      size_t width = 0;
      bool fixed = true;
      for (size_t p = run_begin; p < run_end; ++p) {
        fixed &= pieces[p].kind != Kind::kDash;
        width += pieces[p].kind == Kind::kLiteral ? pieces[p].bytes.size() : 1;
      }
      if (fixed) {
        if (width > value.size() - pos) return false;
        from = value.size() - width;
      }
    }
    for (size_t at = from; at <= value.size(); ++at) {
      end = MatchRunAt(pieces, run_begin, run_end, value, at, cased);
      if (end != std::string_view::npos && (!must_end_at_end || end == value.size())) break;
      end = std::string_view::npos;
      if (must_start_here) break;
    }
    if (end == std::string_view::npos) return false;
    pos = end;
    run_begin = run_end + 1;
  }
  return true;
}

std::string_view SigmaGlobFactor(const SigmaGlob& glob) {
  std::string_view best;
  for (const SigmaGlobPiece& piece : glob.pieces) {
    if (piece.kind == Kind::kLiteral && piece.bytes.size() > best.size()) best = piece.bytes;
  }
  return best;
}

bool SigmaGlobIsLiteral(const SigmaGlob& glob) {
  return glob.pieces.size() == 1 && glob.pieces[0].kind == Kind::kLiteral;
}

}  // namespace hikeshi::triage
