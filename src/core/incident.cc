#include "core/incident.h"

#include <fmt/format.h>

#include "core/utf8.h"

namespace hikeshi {
namespace {

Status CheckText(std::string_view field, std::string_view text, size_t max_bytes, bool required) {
  if (required && text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Fail(ErrorCode::kInvalid, fmt::format("{} must not be empty", field));
  }
  if (text.size() > max_bytes) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("{} is {} bytes; the limit is {}", field, text.size(), max_bytes));
  }
  if (!IsValidUtf8(text)) {
    return Fail(ErrorCode::kInvalid, fmt::format("{} is not valid UTF-8", field));
  }
  return {};
}

// Appends "field: old → new" to the change list when the values differ.
template <typename T>
void Change(std::string& changes, std::string_view field, T& current, const T& next,
            std::string_view old_text, std::string_view new_text) {
  if (current == next) return;
  if (!changes.empty()) changes += "; ";
  changes += fmt::format("{}: {} → {}", field, old_text, new_text);
  current = next;
}

std::string Quote(std::string_view text) {
  constexpr size_t kShown = 80;
  if (text.size() <= kShown) return fmt::format("\"{}\"", text);
  size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("\"{}…\"", text.substr(0, cut));
}

}  // namespace

Result<std::pair<Incident, WorkLogDraft>> MakeIncident(const NewIncident& input, Timestamp now) {
  if (auto ok = CheckText("title", input.title, kMaxTitleBytes, true); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = CheckText("description", input.description, kMaxTextBytes, false); !ok) {
    return std::unexpected(ok.error());
  }
  if (input.reported_at && *input.reported_at > now) {
    return Fail(ErrorCode::kInvalid, "reported_at lies in the future");
  }
  Incident incident;
  incident.title = input.title;
  incident.description = input.description;
  incident.category = input.category;
  incident.severity = input.severity;
  incident.tlp = input.tlp;
  incident.state = State::kNew;
  incident.created_at = now;
  incident.updated_at = now;
  incident.reported_at = input.reported_at.value_or(now);
  WorkLogDraft draft{"created", fmt::format("opened {}: category {}, severity {}, {}",
                                            Quote(incident.title), ToString(incident.category),
                                            ToString(incident.severity), ToString(incident.tlp))};
  return std::pair{std::move(incident), std::move(draft)};
}

Result<std::optional<WorkLogDraft>> ApplyPatch(Incident& incident, const IncidentPatch& patch,
                                               Timestamp now) {
  if (patch.title) {
    if (auto ok = CheckText("title", *patch.title, kMaxTitleBytes, true); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (patch.description) {
    if (auto ok = CheckText("description", *patch.description, kMaxTextBytes, false); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (patch.lead) {
    if (auto ok = CheckText("lead", *patch.lead, kMaxUserNameBytes, false); !ok) {
      return std::unexpected(ok.error());
    }
  }
  Incident next = incident;
  std::string changes;
  if (patch.title) {
    Change(changes, "title", next.title, *patch.title, Quote(incident.title), Quote(*patch.title));
  }
  if (patch.description && *patch.description != next.description) {
    next.description = *patch.description;
    changes += changes.empty() ? "description changed" : "; description changed";
  }
  if (patch.category) {
    Change(changes, "category", next.category, *patch.category, ToString(incident.category),
           ToString(*patch.category));
  }
  if (patch.severity) {
    Change(changes, "severity", next.severity, *patch.severity, ToString(incident.severity),
           ToString(*patch.severity));
  }
  if (patch.tlp) {
    Change(changes, "tlp", next.tlp, *patch.tlp, ToString(incident.tlp), ToString(*patch.tlp));
  }
  if (patch.lead) {
    Change(changes, "lead", next.lead, *patch.lead,
           incident.lead.empty() ? "(none)" : incident.lead,
           patch.lead->empty() ? "(none)" : *patch.lead);
  }
  if (changes.empty()) return std::optional<WorkLogDraft>{};
  next.updated_at = now;
  incident = std::move(next);
  return std::optional<WorkLogDraft>{WorkLogDraft{"updated", std::move(changes)}};
}

Result<WorkLogDraft> ApplyTransition(Incident& incident, State to, std::string_view note,
                                     std::optional<NotIncidentReason> reason, Timestamp now) {
  if (!IsLegalTransition(incident.state, to)) {
    return Fail(ErrorCode::kInvalid, fmt::format("cannot move an incident from {} to {}",
                                                 ToString(incident.state), ToString(to)));
  }
  if (to == State::kNotAnIncident && !reason) {
    return Fail(ErrorCode::kInvalid,
                "moving to not-an-incident needs a reason (spam, one-click-fraud, "
                "legitimate-access, duplicate, other)");
  }
  if (to != State::kNotAnIncident && reason) {
    return Fail(ErrorCode::kInvalid, "a reason is only given when moving to not-an-incident");
  }
  if (auto ok = CheckText("note", note, kMaxTextBytes, false); !ok) {
    return std::unexpected(ok.error());
  }
  std::string text = fmt::format("{} → {}", ToString(incident.state), ToString(to));
  if (reason) text += fmt::format(" ({})", ToString(*reason));
  if (!note.empty()) text += fmt::format(": {}", note);

  incident.state = to;
  incident.updated_at = now;
  incident.not_incident_reason = reason;
  switch (to) {
    case State::kTriage:
      if (!incident.acknowledged_at) incident.acknowledged_at = now;
      incident.closed_at.reset();  // reopened from not-an-incident
      break;
    case State::kNotAnIncident:
      incident.closed_at = now;
      break;
    case State::kOpen:
      incident.closed_at.reset();
      break;  // first open, or reopen after close
    case State::kContained:
      if (!incident.contained_at) incident.contained_at = now;
      break;
    case State::kRecovered:
      if (!incident.recovered_at) incident.recovered_at = now;
      break;
    case State::kClosed:
      incident.closed_at = now;
      break;
    case State::kNew:
      break;  // unreachable: nothing transitions to new
  }
  return WorkLogDraft{"transition", std::move(text)};
}

Result<WorkLogDraft> MakeNote(std::string_view text) {
  if (auto ok = CheckText("text", text, kMaxTextBytes, true); !ok) {
    return std::unexpected(ok.error());
  }
  return WorkLogDraft{"note", std::string(text)};
}

namespace {
std::optional<std::chrono::microseconds> Since(const Incident& incident,
                                               const std::optional<Timestamp>& at) {
  if (!at) return std::nullopt;
  return *at - incident.reported_at;
}
}  // namespace

std::optional<std::chrono::microseconds> TimeToAcknowledge(const Incident& incident) {
  return Since(incident, incident.acknowledged_at);
}
std::optional<std::chrono::microseconds> TimeToContain(const Incident& incident) {
  return Since(incident, incident.contained_at);
}
std::optional<std::chrono::microseconds> TimeToRecover(const Incident& incident) {
  return Since(incident, incident.recovered_at);
}

}  // namespace hikeshi
