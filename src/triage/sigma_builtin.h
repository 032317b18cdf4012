// Hikeshi's built-in Sigma rules (rules/builtin/*.yml), compiled into the binary so that
// `hikeshi triage` needs no rule directory: brute force (SSH, FTP, mail) and success after it,
// password spraying, port scans and host sweeps, web scans, web shells, defacement.
#pragma once

#include <span>
#include <string_view>

#include "triage/sigma_loader.h"

namespace hikeshi::triage {

struct SigmaBuiltinRuleFile {
  std::string_view name;  // "ssh_brute_force.yml"
  std::string_view text;  // the file's YAML, as in rules/builtin/
};

// Every built-in rule file, sorted by name.
std::span<const SigmaBuiltinRuleFile> SigmaBuiltinRuleFiles();

// Parses every built-in file into `out` (file names appear as "builtin:<name>").
void LoadSigmaBuiltinRules(SigmaRuleSet& out, const SigmaLoadLimits& limits = {});

}  // namespace hikeshi::triage
