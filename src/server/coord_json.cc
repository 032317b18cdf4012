#include "server/coord_json.h"

#include <fmt/format.h>

#include "coord/contact_directory.h"
#include "server/incident_json.h"

namespace hikeshi::server {
namespace {

constexpr size_t kMaxFieldBytes = 4096;
constexpr size_t kMaxEmails = 20;
constexpr size_t kMaxCoverage = 1000;  // networks, asns or domains of one contact

// A contact's networks, asns or domains: an array of short strings (checked by
// coord::NormaliseCoverage afterwards).
Status StringList(const std::string& name, const nlohmann::json& value,
                  std::vector<std::string>& out) {
  if (!value.is_array() || value.size() > kMaxCoverage) {
    return Fail(
        ErrorCode::kInvalid,
        fmt::format("contact {} must be an array of at most {} strings", name, kMaxCoverage));
  }
  for (const auto& entry : value) {
    if (!entry.is_string() || entry.get<std::string>().size() > 256) {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("contact {} must be strings of at most 256 bytes", name));
    }
    out.push_back(entry.get<std::string>());
  }
  return {};
}

}  // namespace

ResponseJson IncidentLinkToJson(const IncidentLink& link) {
  return {{"id", link.id},   {"incident_id", link.incident_id}, {"rule", link.rule},
          {"key", link.key}, {"report_ids", link.report_ids},   {"at", FormatRfc3339(link.at)}};
}

ResponseJson NotificationToJson(const Notification& n) {
  return {{"id", n.id},
          {"kind", n.kind},
          {"state", n.state},
          {"category", n.category},
          {"recipient", n.recipient},
          {"cc", n.cc},
          {"language", n.language},
          {"subject", n.subject},
          {"body", n.body},
          {"attachment", n.attachment},
          {"incident_ids", n.incident_ids},
          {"period", n.period},
          {"message_id", n.message_id},
          {"approved_by", n.approved_by},
          {"attempts", n.attempts},
          {"next_attempt_at", TimeOrNull(n.next_attempt_at)},
          {"last_error", n.last_error},
          {"created_at", FormatRfc3339(n.created_at)},
          {"updated_at", FormatRfc3339(n.updated_at)},
          {"sent_at", TimeOrNull(n.sent_at)},
          {"version", n.version},
          {"recipient_source", n.recipient_source},
          {"pgp_fingerprint", n.pgp_fingerprint}};
}

ResponseJson ContactToJson(const Contact& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"organisation", c.organisation},
          {"kind", ContactKindName(c.kind)},
          {"emails", c.emails},
          {"language", c.language},
          {"country", c.country},
          {"pgp_fingerprint", c.pgp_fingerprint},
          {"notes", c.notes},
          {"networks", c.networks},
          {"asns", c.asns},
          {"domains", c.domains}};
}

Result<Contact> ContactFromJson(const nlohmann::json& object) {
  if (!object.is_object()) return Fail(ErrorCode::kInvalid, "a contact is a JSON object");
  Contact contact;
  for (const auto& [name, value] : object.items()) {
    auto text = [&](std::string& out) -> Status {
      if (!value.is_string()) {
        return Fail(ErrorCode::kInvalid,
                    fmt::format("contact field {} must be a string", QuoteForMessage(name)));
      }
      out = value.get<std::string>();
      if (out.size() > kMaxFieldBytes) {
        return Fail(ErrorCode::kTooLarge,
                    fmt::format("contact field {} is over {} bytes", name, kMaxFieldBytes));
      }
      return {};
    };
    Status ok;
    if (name == "id") {
      continue;  // export files carry it; the store assigns ids
    } else if (name == "name") {
      ok = text(contact.name);
    } else if (name == "organisation") {
      ok = text(contact.organisation);
    } else if (name == "language") {
      ok = text(contact.language);
      if (ok && contact.language != "ja" && contact.language != "en") {
        ok = Fail(ErrorCode::kInvalid, "contact language must be \"ja\" or \"en\"");
      }
    } else if (name == "country") {
      ok = text(contact.country);
    } else if (name == "pgp_fingerprint") {
      ok = text(contact.pgp_fingerprint);
    } else if (name == "notes") {
      ok = text(contact.notes);
    } else if (name == "kind") {
      std::string kind;
      ok = text(kind);
      if (ok) {
        auto parsed = ParseContactKind(kind);
        if (!parsed) {
          ok = Fail(ErrorCode::kInvalid,
                    fmt::format("unknown contact kind {}", QuoteForMessage(kind)));
        } else {
          contact.kind = *parsed;
        }
      }
    } else if (name == "emails") {
      if (!value.is_array() || value.size() > kMaxEmails) {
        ok = Fail(ErrorCode::kInvalid,
                  fmt::format("contact emails must be an array of at most {}", kMaxEmails));
      } else {
        for (const auto& email : value) {
          if (!email.is_string() || email.get<std::string>().size() > 254 ||
              email.get<std::string>().find_first_of("\r\n") != std::string::npos) {
            ok = Fail(ErrorCode::kInvalid, "contact emails must be mail addresses");
            break;
          }
          contact.emails.push_back(email.get<std::string>());
        }
      }
    } else if (name == "networks" || name == "asns" || name == "domains") {
      ok = StringList(name, value,
                      name == "networks" ? contact.networks
                      : name == "asns"   ? contact.asns
                                         : contact.domains);
    } else {
      ok = Fail(ErrorCode::kInvalid, fmt::format("unknown field {}", QuoteForMessage(name)));
    }
    if (!ok) return std::unexpected(ok.error());
  }
  if (contact.name.empty()) return Fail(ErrorCode::kInvalid, "a contact needs a name");
  if (auto ok = coord::NormaliseCoverage(contact); !ok) return std::unexpected(ok.error());
  return contact;
}

}  // namespace hikeshi::server
