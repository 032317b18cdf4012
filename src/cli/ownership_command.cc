// `hikeshi db import rpsl|delegated|constituency|csirt FILE...` builds the ownership index file;
// `hikeshi whois IP|DOMAIN` answers from it, offline (doc/ownership.md).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "coord/as_number.h"
#include "coord/index_file.h"
#include "coord/ownership_import.h"
#include "coord/ownership_index.h"
#include "intake/report_parser.h"

namespace hikeshi::cli {
namespace {

std::string HumanBytes(double bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int unit = 0;
  while (bytes >= 1000 && unit < 4) bytes /= 1000, ++unit;
  return fmt::format("{:.1f} {}", bytes, units[unit]);
}

// Redraws one stderr line at most ten times a second: bytes, percent, bar, rate.
class ProgressBar {
 public:
  void Update(uint64_t done, uint64_t total) {
    auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double fraction = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
    if (fraction > 1) fraction = 1;
    int filled = static_cast<int>(fraction * 30);
    fmt::print(stderr, "\r{:>9} / {:<9} {:3.0f}% [{}{}] {}/s   ", HumanBytes(done),
               HumanBytes(total), fraction * 100, std::string(filled, '#'),
               std::string(30 - filled, '.'),
               HumanBytes(seconds > 0 ? static_cast<double>(done) / seconds : 0));
    drawn_ = true;
  }
  void End() {
    if (drawn_) fmt::print(stderr, "\n");
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace

std::string OwnershipIndexPath(const Config& config, const std::string& flag) {
  if (!flag.empty()) return flag;
  if (!config.lookup_index.empty()) return config.lookup_index;
  std::string db = config.db;
  if (db.starts_with("sqlite:")) db = db.substr(7);
  if (db.find("://") != std::string::npos) return "hikeshi.ownership";  // PostgreSQL: no file
  return db + ".ownership";
}

void AddDbImportCommand(CLI::App& db, int& exit_code) {
  struct Flags {
    StoreFlags store;
    std::string kind;
    std::vector<std::string> files;
    std::string index;
    std::string source;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = db.add_subcommand(
      "import", "Import ownership sources into the lookup index (replaces that source's entries)");
  AddStoreFlags(*command, flags->store);
  command->add_option("kind", flags->kind, "rpsl, delegated, constituency or csirt")
      ->required()
      ->check(CLI::IsMember({"rpsl", "delegated", "constituency", "csirt"}));
  command->add_option("files", flags->files, "source files, plain or gzip")->required();
  command->add_option("--index", flags->index,
                      "index file (default: [lookup] index, else <db>.ownership)");
  command->add_option("--source", flags->source,
                      "rpsl: the name the entries get and replace (default: the objects' source:)");
  command->callback([flags, &exit_code] {
    auto config = ResolveConfig(flags->store);
    if (!config) return void(exit_code = ReportError(config.error()));
    std::string path = OwnershipIndexPath(*config, flags->index);
    coord::ImportOptions options{.source = flags->source};
    ProgressBar bar;
    if (::isatty(STDERR_FILENO)) {
      options.progress = [&bar](uint64_t done, uint64_t total) { bar.Update(done, total); };
    }
    auto kind = coord::ParseImportKind(flags->kind);
    auto summary = coord::ImportIntoIndex(*kind, flags->files, path, options);
    bar.End();
    if (!summary) return void(exit_code = ReportError(summary.error()));
    fmt::print("imported {} ({}): {} prefixes from {}\n", flags->kind, summary->counts,
               summary->prefixes, HumanBytes(static_cast<double>(summary->bytes)));
    fmt::print("replaced sources: {}\n", fmt::join(summary->sources, ", "));
    if (summary->problems.count > 0) {
      fmt::print(stderr, "{} problems (entries skipped, the rest imported):\n",
                 summary->problems.count);
      for (const std::string& problem : summary->problems.first) {
        fmt::print(stderr, "  {}\n", problem);
      }
    }
    fmt::print("{}: {} prefixes\n", path, summary->index_prefixes);
  });
}

void AddWhoisCommand(CLI::App& app, int& exit_code) {
  struct Flags {
    StoreFlags store;
    std::string query;
    std::string index;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "whois",
      "Owner, abuse contacts and national CSIRT of an IP address, domain or AS number (offline)");
  AddStoreFlags(*command, flags->store);
  command->add_option("query", flags->query, "IPv4/IPv6 address, domain name or AS64500")
      ->required();
  command->add_option("--index", flags->index,
                      "index file (default: [lookup] index, else <db>.ownership)");
  command->add_flag("--json", flags->json, "print JSON (the API's answer)");
  command->callback([flags, &exit_code] {
    auto config = ResolveConfig(flags->store);
    if (!config) return void(exit_code = ReportError(config.error()));
    auto data = coord::ReadIndexFile(OwnershipIndexPath(*config, flags->index));
    if (!data) {
      Error error = data.error();
      if (error.code == ErrorCode::kNotFound) error.message += "; run `hikeshi db import` first";
      return void(exit_code = ReportError(error));
    }
    coord::OwnershipIndex index(std::move(*data));
    std::string query = intake::NormalizeLookup(flags->query);
    if (auto number = coord::ParseAsNumber(query)) query = coord::FormatAsNumber(*number);
    auto found = index.Lookup(query);
    if (!found) {
      fmt::print(stderr, "{}: no owner known\n", query);
      if (coord::ParseAsNumber(query) && index.data().autonomous_systems.empty()) {
        fmt::print(stderr,
                   "the index holds no AS numbers (written before index version 2, or no "
                   "aut-num imported): re-run `hikeshi db import rpsl`\n");
      }
      return void(exit_code = kExitProblem);
    }
    if (flags->json) {
      nlohmann::ordered_json body{{"query", query},
                                  {"netblock", found->netblock},
                                  {"as_name", found->as_name},
                                  {"owner", found->owner},
                                  {"country", found->country},
                                  {"abuse_mailboxes", found->abuse_mailboxes},
                                  {"national_csirt", found->national_csirt},
                                  {"language", found->language},
                                  {"source", found->source},
                                  {"constituent", found->constituent}};
      fmt::print("{}\n", body.dump(2));
      return;
    }
    auto line = [](std::string_view label, std::string_view value) {
      if (!value.empty()) fmt::print("{:<15} {}\n", label, value);
    };
    line("query:", query);
    line(found->netblock.starts_with("AS") ? "aut-num:" : "netblock:", found->netblock);
    line("as-name:", found->as_name);
    line("owner:", found->owner);
    line("country:", found->country);
    for (const std::string& mailbox : found->abuse_mailboxes) line("abuse-mailbox:", mailbox);
    line("national-csirt:", found->national_csirt);
    line("language:", found->language);
    line("source:", found->source);
    if (found->constituent) line("constituent:", "yes (our constituency)");
  });
}

}  // namespace hikeshi::cli
