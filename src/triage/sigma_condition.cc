#include "triage/sigma_condition.h"

#include <fmt/format.h>

#include <cctype>

#include "core/ascii.h"

namespace hikeshi::triage {
namespace {

class Parser {
 public:
  Parser(std::string_view text, const std::vector<std::string>& names)
      : text_(text), names_(names) {}

  Result<std::unique_ptr<SigmaCondition>> Parse() {
    Next();
    auto expr = ParseOr(0);
    if (!expr) return expr;
    if (token_ == "|")
      return Error("aggregation ('| count()', '| near') is not supported; use correlation rules");
    if (!token_.empty()) return Error(fmt::format("unexpected '{}'", token_));
    return expr;
  }

 private:
  using Node = std::unique_ptr<SigmaCondition>;

  std::unexpected<hikeshi::Error> Error(std::string what) const {
    return Fail(ErrorCode::kInvalid, fmt::format("condition: {} (at byte {})", what, position_));
  }

  // Tokens: "(", ")", "|", or a run of other non-space bytes.
  void Next() {
    while (position_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[position_]))) {
      ++position_;
    }
    if (position_ >= text_.size()) {
      token_ = {};
      return;
    }
    size_t start = position_;
    char c = text_[position_];
    if (c == '(' || c == ')' || c == '|') {
      ++position_;
    } else {
      while (position_ < text_.size()) {
        char d = text_[position_];
        if (std::isspace(static_cast<unsigned char>(d)) || d == '(' || d == ')' || d == '|') break;
        ++position_;
      }
    }
    token_ = text_.substr(start, position_ - start);
  }

  Result<Node> ParseOr(int depth) {
    auto left = ParseAnd(depth);
    if (!left) return left;
    if (!EqualsIgnoringAsciiCase(token_, "or")) return left;
    auto node = std::make_unique<SigmaCondition>();
    node->op = SigmaCondition::Op::kOr;
    node->children.push_back(std::move(*left));
    while (EqualsIgnoringAsciiCase(token_, "or")) {
      Next();
      auto right = ParseAnd(depth);
      if (!right) return right;
      node->children.push_back(std::move(*right));
    }
    return node;
  }

  Result<Node> ParseAnd(int depth) {
    auto left = ParseNot(depth);
    if (!left) return left;
    if (!EqualsIgnoringAsciiCase(token_, "and")) return left;
    auto node = std::make_unique<SigmaCondition>();
    node->op = SigmaCondition::Op::kAnd;
    node->children.push_back(std::move(*left));
    while (EqualsIgnoringAsciiCase(token_, "and")) {
      Next();
      auto right = ParseNot(depth);
      if (!right) return right;
      node->children.push_back(std::move(*right));
    }
    return node;
  }

  Result<Node> ParseNot(int depth) {
    if (depth >= kSigmaConditionMaxDepth) return Error("nested too deeply");
    if (EqualsIgnoringAsciiCase(token_, "not")) {
      Next();
      auto inner = ParseNot(depth + 1);
      if (!inner) return inner;
      auto node = std::make_unique<SigmaCondition>();
      node->op = SigmaCondition::Op::kNot;
      node->children.push_back(std::move(*inner));
      return node;
    }
    return ParsePrimary(depth);
  }

  Result<Node> ParsePrimary(int depth) {
    if (token_.empty()) return Error("expression expected, found end of condition");
    if (token_ == "(") {
      Next();
      auto inner = ParseOr(depth + 1);
      if (!inner) return inner;
      if (token_ != ")") return Error("')' expected");
      Next();
      return inner;
    }
    if (token_ == "|")
      return Error("aggregation ('| count()', '| near') is not supported; use correlation rules");
    if (token_ == ")") return Error("unexpected ')'");
    if (EqualsIgnoringAsciiCase(token_, "and") || EqualsIgnoringAsciiCase(token_, "or")) {
      return Error(fmt::format("operand expected before '{}'", token_));
    }
    std::string_view word = token_;
    Next();
    if (EqualsIgnoringAsciiCase(token_, "of")) return ParseQuantifier(word);
    auto node = std::make_unique<SigmaCondition>();
    node->op = SigmaCondition::Op::kSelection;
    for (uint32_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == word) {
        node->selections.push_back(i);
        return node;
      }
    }
    return Error(fmt::format("unknown search identifier '{}'", word));
  }

  Result<Node> ParseQuantifier(std::string_view quantity) {
    auto node = std::make_unique<SigmaCondition>();
    if (quantity == "1" || EqualsIgnoringAsciiCase(quantity, "any")) {
      node->op = SigmaCondition::Op::kOneOf;
    } else if (EqualsIgnoringAsciiCase(quantity, "all")) {
      node->op = SigmaCondition::Op::kAllOf;
    } else {
      return Error(fmt::format("'{} of' is not supported (only '1 of' and 'all of')", quantity));
    }
    Next();  // "of"
    if (token_.empty() || token_ == "(" || token_ == ")" || token_ == "|") {
      return Error("identifier pattern expected after 'of'");
    }
    std::string_view pattern = token_;
    Next();
    bool them = EqualsIgnoringAsciiCase(pattern, "them");
    for (uint32_t i = 0; i < names_.size(); ++i) {
      bool match = them ? !names_[i].starts_with('_') : SigmaIdentifierMatches(pattern, names_[i]);
      if (match) node->selections.push_back(i);
    }
    if (node->selections.empty()) {
      return Error(fmt::format("no search identifier matches '{}'", pattern));
    }
    return node;
  }

  std::string_view text_;
  const std::vector<std::string>& names_;
  size_t position_ = 0;
  std::string_view token_;
};

}  // namespace

bool SigmaIdentifierMatches(std::string_view pattern, std::string_view name) {
  // Iterative glob with single-star backtracking: linear enough for identifier lengths.
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Result<std::unique_ptr<SigmaCondition>> ParseSigmaCondition(std::string_view text,
                                                            const std::vector<std::string>& names) {
  if (text.size() > kSigmaConditionMaxBytes) {
    return Fail(ErrorCode::kTooLarge,
                fmt::format("condition: longer than {} bytes", kSigmaConditionMaxBytes));
  }
  return Parser(text, names).Parse();
}

}  // namespace hikeshi::triage
