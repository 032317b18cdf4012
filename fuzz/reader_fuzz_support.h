// Shared by the log reader fuzz targets: touches every byte an event points at, so ASan sees a
// view into freed or foreign memory, and traps when an event breaks the Event contract.
#pragma once

#include <cstdint>
#include <cstdlib>

#include "triage/event.h"

namespace hikeshi::triage {

inline void CheckEvent(const Event& event) {
  volatile uint8_t sink = 0;
  auto touch = [&](std::string_view text) {
    for (char c : text) sink = sink ^ static_cast<uint8_t>(c);
  };
  touch(event.host);
  touch(event.program);
  touch(event.message);
  touch(event.line);
  touch(event.format);
  for (const EventField& field : event.fields) {
    if (field.name.empty()) std::abort();  // every field has a name
    touch(field.name);
    touch(field.value);
  }
  if (event.format.empty()) std::abort();
  (void)sink;
}

}  // namespace hikeshi::triage
