#include "intake/intake_json.h"

#include "core/time.h"

namespace hikeshi::intake {
namespace {

nlohmann::ordered_json TimeOrNull(const std::optional<Timestamp>& time) {
  return time ? nlohmann::ordered_json(FormatRfc3339(*time)) : nlohmann::ordered_json(nullptr);
}

}  // namespace

nlohmann::ordered_json ToJson(const ReceivedHop& hop) {
  nlohmann::ordered_json json;
  json["from_host"] = hop.from_host;
  json["from_rdns"] = hop.from_rdns;
  json["from_ip"] = hop.from_ip;
  json["by_host"] = hop.by_host;
  json["timestamp"] = TimeOrNull(hop.timestamp);
  return json;
}

nlohmann::ordered_json ToJson(const ParsedMail& mail) {
  nlohmann::ordered_json json;
  json["headers_only"] = mail.headers_only;
  auto headers = nlohmann::ordered_json::array();
  for (const MailHeader& header : mail.headers) {
    headers.push_back({{"name", header.name}, {"raw", header.raw_value}, {"value", header.value}});
  }
  json["headers"] = std::move(headers);
  json["subject"] = mail.subject;
  json["from"] = mail.from;
  json["to"] = mail.to;
  json["cc"] = mail.cc;
  json["date"] = TimeOrNull(mail.date);
  json["message_id"] = mail.message_id;
  json["in_reply_to"] = mail.in_reply_to;
  json["references"] = mail.references;
  auto texts = nlohmann::ordered_json::array();
  for (const TextPart& text : mail.texts) {
    texts.push_back({{"content_type", text.content_type},
                     {"filename", text.filename},
                     {"charset", text.charset},
                     {"charset_declared", text.charset_declared},
                     {"text", text.text}});
  }
  json["texts"] = std::move(texts);
  auto attachments = nlohmann::ordered_json::array();
  for (const Attachment& attachment : mail.attachments) {
    attachments.push_back({{"content_type", attachment.content_type},
                           {"filename", attachment.filename},
                           {"size", attachment.data.size()},
                           {"sha256", attachment.sha256}});
  }
  json["attachments"] = std::move(attachments);
  auto messages = nlohmann::ordered_json::array();
  for (const ParsedMail& nested : mail.messages) messages.push_back(ToJson(nested));
  json["messages"] = std::move(messages);
  auto hops = nlohmann::ordered_json::array();
  std::vector<ReceivedHop> chain = ParseReceivedChain(mail);
  for (const ReceivedHop& hop : chain) hops.push_back(ToJson(hop));
  json["received"] = std::move(hops);
  std::optional<AccusedSource> source = PickAccusedSource(chain);
  json["accused_source"] = source ? nlohmann::ordered_json{{"ip", source->ip},
                                                           {"hop", source->hop_index},
                                                           {"reason", source->reason}}
                                  : nlohmann::ordered_json(nullptr);
  json["anomalies"] = mail.anomalies;
  return json;
}

nlohmann::ordered_json ToJson(const Classification& classification) {
  nlohmann::ordered_json json;
  json["category"] = ToString(classification.category);
  json["rsit"] = classification.rsit;
  json["plain_spam"] = classification.plain_spam;
  json["rule"] = classification.rule;
  return json;
}

nlohmann::ordered_json ToJson(const ArfReport& report) {
  nlohmann::ordered_json json;
  json["found"] = report.found;
  json["feedback_type"] = report.feedback_type;
  json["user_agent"] = report.user_agent;
  json["version"] = report.version;
  json["original_envelope_id"] = report.original_envelope_id;
  json["original_mail_from"] = report.original_mail_from;
  json["original_rcpt_to"] = report.original_rcpt_to;
  json["arrival_date_text"] = report.arrival_date_text;
  json["arrival_date"] = TimeOrNull(report.arrival_date);
  json["reporting_mta"] = report.reporting_mta;
  json["source_ip"] = report.source_ip;
  json["incidents"] = report.incidents ? nlohmann::ordered_json(*report.incidents) : nullptr;
  json["authentication_results"] = report.authentication_results;
  json["reported_domain"] = report.reported_domain;
  json["reported_uri"] = report.reported_uri;
  json["removal_recipient"] = report.removal_recipient;
  json["auth_failure"] = report.auth_failure;
  json["delivery_result"] = report.delivery_result;
  auto fields = nlohmann::ordered_json::array();
  for (const auto& [name, value] : report.fields) fields.push_back({name, value});
  json["fields"] = std::move(fields);
  json["human_text"] = report.human_text;
  json["original"] = report.original ? ToJson(*report.original) : nullptr;
  json["anomalies"] = report.anomalies;
  json["classification"] = ToJson(ClassifyArf(report.feedback_type));
  return json;
}

nlohmann::ordered_json ToJson(const XarfReport& report) {
  auto party = [](const XarfParty& p) {
    return nlohmann::ordered_json{{"org", p.org}, {"contact", p.contact}, {"domain", p.domain}};
  };
  nlohmann::ordered_json json;
  json["format"] = report.format;
  json["version"] = report.version;
  json["report_id"] = report.report_id;
  json["timestamp_text"] = report.timestamp_text;
  json["timestamp"] = TimeOrNull(report.timestamp);
  json["reporter"] = party(report.reporter);
  json["sender"] = party(report.sender);
  json["category"] = report.category;
  json["type"] = report.type;
  json["source_identifier"] = report.source_identifier;
  json["source_type"] = report.source_type;
  json["source_port"] = report.source_port ? nlohmann::ordered_json(*report.source_port) : nullptr;
  json["service"] = report.service;
  json["user_agent"] = report.user_agent;
  auto evidence = nlohmann::ordered_json::array();
  for (const XarfEvidence& item : report.evidence) {
    evidence.push_back(
        {{"content_type", item.content_type},
         {"description", item.description},
         {"size", item.data.size()},
         {"sha256", item.sha256},
         {"declared_hash", item.declared_hash},
         {"hash_matches", item.hash_matches ? nlohmann::ordered_json(*item.hash_matches)
                                            : nlohmann::ordered_json(nullptr)}});
  }
  json["evidence"] = std::move(evidence);
  json["tags"] = report.tags;
  json["confidence"] = report.confidence ? nlohmann::ordered_json(*report.confidence) : nullptr;
  auto pairs = [](const std::vector<std::pair<std::string, std::string>>& items) {
    auto array = nlohmann::ordered_json::array();
    for (const auto& [name, value] : items) array.push_back({name, value});
    return array;
  };
  json["consent_fields"] = pairs(report.consent_fields);
  json["extra"] = pairs(report.extra);
  json["anomalies"] = report.anomalies;
  json["classification"] = ToJson(ClassifyXarf(report.category, report.type));
  return json;
}

std::string DumpJson(const nlohmann::ordered_json& json) {
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace hikeshi::intake
