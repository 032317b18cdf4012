// hikeshi contact add|list|show|import|export: the contact directory from the shell. Import and
// export use the API's JSON (doc/coordination.md): an array of contact objects.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "server/coord_json.h"

namespace hikeshi::cli {
namespace {

constexpr size_t kMaxImportBytes = 64 * 1024 * 1024;
constexpr size_t kMaxImportContacts = 100'000;

}  // namespace

void AddContactCommand(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand("contact", "The contact directory");
  command->require_subcommand(1);

  struct AddFlags {
    StoreFlags store;
    nlohmann::json fields = nlohmann::json::object();
    std::string name, organisation, kind = "network-owner", language = "en", country, pgp, notes;
    std::vector<std::string> emails, networks, asns, domains;
  };
  auto add = std::make_shared<AddFlags>();
  CLI::App* add_command = command->add_subcommand("add", "Add a contact");
  AddStoreFlags(*add_command, add->store);
  add_command->add_option("name", add->name, "name")->required();
  add_command->add_option("--email", add->emails, "mail address (repeatable)");
  add_command->add_option("--organisation", add->organisation, "organisation");
  add_command->add_option("--kind", add->kind,
                          "internal, network-owner, vendor, authority, coordination-centre, "
                          "peer-csirt or reporter");
  add_command->add_option("--language", add->language, "ja or en (default en)");
  add_command->add_option("--country", add->country, "ISO 3166-1 alpha-2");
  add_command->add_option("--pgp", add->pgp, "PGP fingerprint (hex)");
  add_command->add_option("--notes", add->notes, "free text");
  add_command->add_option("--network", add->networks,
                          "CIDR the contact covers: notices about it go to this contact "
                          "(repeatable)");
  add_command->add_option("--asn", add->asns, "AS number the contact covers, AS64500 (repeatable)");
  add_command->add_option("--domain", add->domains,
                          "domain the contact covers, subdomains included (repeatable)");
  add_command->callback([add, &exit_code] {
    nlohmann::json object = {{"name", add->name},           {"organisation", add->organisation},
                             {"kind", add->kind},           {"emails", add->emails},
                             {"language", add->language},   {"country", add->country},
                             {"pgp_fingerprint", add->pgp}, {"notes", add->notes},
                             {"networks", add->networks},   {"asns", add->asns},
                             {"domains", add->domains}};
    auto contact = server::ContactFromJson(object);
    if (!contact) return void(exit_code = ReportError(contact.error()));
    auto store = OpenStoreFromFlags(add->store);
    if (!store) return void(exit_code = ReportError(store.error()));
    auto saved = (*store)->SaveContact(*contact);
    if (!saved) return void(exit_code = ReportError(saved.error()));
    fmt::print("added contact {} ({})\n", saved->id, saved->name);
  });

  auto list_flags = std::make_shared<StoreFlags>();
  CLI::App* list_command = command->add_subcommand("list", "List contacts, one per line");
  AddStoreFlags(*list_command, *list_flags);
  list_command->callback([list_flags, &exit_code] {
    auto store = OpenStoreFromFlags(*list_flags);
    if (!store) return void(exit_code = ReportError(store.error()));
    auto contacts = (*store)->ListContacts(100000);
    if (!contacts) return void(exit_code = ReportError(contacts.error()));
    for (const Contact& c : *contacts) {
      fmt::print("{}\t{}\t{}\t{}\t{}\n", c.id, ContactKindName(c.kind), c.name,
                 c.emails.empty() ? "" : c.emails.front(), c.language);
    }
  });

  struct ShowFlags {
    StoreFlags store;
    int64_t id = 0;
  };
  auto show = std::make_shared<ShowFlags>();
  CLI::App* show_command = command->add_subcommand("show", "One contact as JSON");
  AddStoreFlags(*show_command, show->store);
  show_command->add_option("id", show->id, "contact id")->required();
  show_command->callback([show, &exit_code] {
    auto store = OpenStoreFromFlags(show->store);
    if (!store) return void(exit_code = ReportError(store.error()));
    auto contact = (*store)->GetContact(show->id);
    if (!contact) return void(exit_code = ReportError(contact.error()));
    fmt::print("{}\n", server::ContactToJson(*contact).dump(2));
  });

  struct ImportFlags {
    StoreFlags store;
    std::string file;
  };
  auto import = std::make_shared<ImportFlags>();
  CLI::App* import_command =
      command->add_subcommand("import", "Add the contacts of a JSON file (an array); ids ignored");
  AddStoreFlags(*import_command, import->store);
  import_command->add_option("file", import->file, "JSON file, - for standard input")->required();
  import_command->callback([import, &exit_code] {
    std::string text;
    if (import->file == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
      std::ifstream in(import->file, std::ios::binary);
      if (!in) {
        return void(exit_code = ReportError(
                        {ErrorCode::kInvalid, fmt::format("cannot read {}", import->file)}));
      }
      text.assign(std::istreambuf_iterator<char>(in), {});
    }
    if (text.size() > kMaxImportBytes) {
      return void(exit_code = ReportError({ErrorCode::kTooLarge, "the import file is too large"}));
    }
    nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_array() || parsed.size() > kMaxImportContacts) {
      return void(exit_code = ReportError(
                      {ErrorCode::kInvalid, "the import file must be a JSON array of contacts"}));
    }
    std::vector<Contact> contacts;  // all validated before any is stored
    for (size_t i = 0; i < parsed.size(); ++i) {
      auto contact = server::ContactFromJson(parsed[i]);
      if (!contact) {
        return void(exit_code =
                        ReportError({contact.error().code, fmt::format("contact {}: {}", i + 1,
                                                                       contact.error().message)}));
      }
      contacts.push_back(std::move(*contact));
    }
    auto store = OpenStoreFromFlags(import->store);
    if (!store) return void(exit_code = ReportError(store.error()));
    for (Contact& contact : contacts) {
      auto saved = (*store)->SaveContact(std::move(contact));
      if (!saved) return void(exit_code = ReportError(saved.error()));
    }
    fmt::print("imported {} contact(s)\n", contacts.size());
  });

  auto export_flags = std::make_shared<StoreFlags>();
  CLI::App* export_command =
      command->add_subcommand("export", "Every contact as a JSON array on standard output");
  AddStoreFlags(*export_command, *export_flags);
  export_command->callback([export_flags, &exit_code] {
    auto store = OpenStoreFromFlags(*export_flags);
    if (!store) return void(exit_code = ReportError(store.error()));
    auto contacts = (*store)->ListContacts(100000);
    if (!contacts) return void(exit_code = ReportError(contacts.error()));
    server::ResponseJson out = server::ResponseJson::array();
    for (const Contact& c : *contacts) out.push_back(server::ContactToJson(c));
    fmt::print("{}\n", out.dump(2));
  });
}

}  // namespace hikeshi::cli
