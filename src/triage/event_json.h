// A stable JSON rendering of an Event for golden tests and debugging: time (RFC 3339 UTC),
// host, program, message, format, offset and the fields in order (duplicates kept). Not the
// timeline output format (that belongs to the output writers).
#pragma once

#include <string>

#include "triage/event.h"

namespace hikeshi::triage {

std::string RenderEventJson(const Event& event);

}  // namespace hikeshi::triage
