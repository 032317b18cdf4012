#include "triage/event_json.h"

#include <nlohmann/json.hpp>

namespace hikeshi::triage {

std::string RenderEventJson(const Event& event) {
  // ordered_json keeps insertion order, so the golden files read top to bottom like the event.
  nlohmann::ordered_json json;
  json["time"] = nullptr;
  if (event.time) json["time"] = FormatRfc3339(*event.time);
  json["format"] = std::string(event.format);
  json["offset"] = event.offset;
  if (!event.host.empty()) json["host"] = std::string(event.host);
  if (!event.program.empty()) json["program"] = std::string(event.program);
  json["message"] = std::string(event.message);
  nlohmann::ordered_json fields = nlohmann::ordered_json::array();
  for (const EventField& field : event.fields) {
    fields.push_back({std::string(field.name), std::string(field.value)});
  }
  json["fields"] = std::move(fields);
  // Invalid UTF-8 (hostile input) is replaced rather than throwing.
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace hikeshi::triage
