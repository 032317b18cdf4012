// Prints, one per line, the literal keywords of a Sigma rule set — SigmaHQ rules from the
// directories given plus Hikeshi's built-ins — for bench/triage_bench.sh to hand to ripgrep
// (`rg -F -i -f`): per value of every literal/wildcard item, its longest literal piece, which is
// what Hikeshi's one Vectorscan scan looks for. Deduplicated, sorted; pieces under 3 bytes are
// left out (ripgrep would match nearly every line).
//
//   triage_keywords RULE_DIR...
#include <fmt/format.h>

#include <set>
#include <string>

#include "triage/sigma_builtin.h"
#include "triage/sigma_loader.h"

int main(int argc, char** argv) {
  using namespace hikeshi::triage;
  SigmaRuleSet set;
  for (int i = 1; i < argc; ++i) (void)LoadSigmaRuleFiles(argv[i], set);
  LoadSigmaBuiltinRules(set);
  std::set<std::string> keywords;
  for (const SigmaRule& rule : set.rules) {
    for (const SigmaItem& item : rule.items) {
      if (item.kind != SigmaItemKind::kPattern) continue;
      for (const SigmaValue& value : item.values) {
        for (const SigmaGlob& glob : value.globs) {
          const std::string* longest = nullptr;
          for (const SigmaGlobPiece& piece : glob.pieces) {
            if (piece.kind == SigmaGlobPiece::Kind::kLiteral &&
                (!longest || piece.bytes.size() > longest->size()))
              longest = &piece.bytes;
          }
          if (longest && longest->size() >= 3 && longest->find('\n') == std::string::npos)
            keywords.insert(*longest);
        }
      }
    }
  }
  for (const std::string& keyword : keywords) fmt::print("{}\n", keyword);
  return 0;
}
