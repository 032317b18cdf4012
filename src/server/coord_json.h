// JSON for the coordination records: incident links, notifications, contacts (doc/api.md).
#pragma once

#include <nlohmann/json.hpp>

#include "core/contact.h"
#include "core/error.h"
#include "server/json_body.h"
#include "store/coord_records.h"

namespace hikeshi::server {

ResponseJson IncidentLinkToJson(const IncidentLink& link);
ResponseJson NotificationToJson(const Notification& notification);
ResponseJson ContactToJson(const Contact& contact);

// A contact from a request body or an import file: name (required), organisation, kind,
// emails (array of strings), language ("ja"/"en"), country, pgp_fingerprint, notes. Unknown
// fields and wrong types are kInvalid; each text field at most 4 KiB, at most 20 emails.
Result<Contact> ContactFromJson(const nlohmann::json& object);

}  // namespace hikeshi::server
