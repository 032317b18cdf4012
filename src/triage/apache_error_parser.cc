#include "triage/apache_error_parser.h"

#include "triage/text_scan.h"
#include "triage/timestamp_parse.h"

namespace hikeshi::triage {
namespace {

// "Fri Sep 09 10:42:29.902022 2011" (fraction optional).
std::optional<Timestamp> ParseErrorTime(std::string_view text, std::chrono::minutes offset) {
  if (text.size() < 24 || text[3] != ' ' || text[7] != ' ' || text[10] != ' ' || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  CivilTime civil{0,
                  MonthFromAbbreviation(text.substr(4)),
                  FixedDigits(text, 8, 2),
                  FixedDigits(text, 11, 2),
                  FixedDigits(text, 14, 2),
                  FixedDigits(text, 17, 2)};
  if (text[8] == ' ') civil.day = FixedDigits(text, 9, 1);
  size_t pos = 19;
  if (text[pos] == '.') {
    int scale = 100000;
    for (++pos; pos < text.size() && IsDigit(text[pos]); ++pos) {
      civil.micros += (text[pos] - '0') * scale;
      scale /= 10;
    }
  }
  if (pos + 5 != text.size() || text[pos] != ' ') return std::nullopt;
  civil.year = FixedDigits(text, pos + 1, 4);
  return CivilToTimestamp(civil, offset);
}

// "1.2.3.4:5678", "[2001:db8::1]:5678", "2001:db8::1" or "1.2.3.4".
void AddClient(std::string_view client, Event& event) {
  std::string_view port;
  if (client.starts_with("[")) {
    size_t close = client.find(']');
    if (close != std::string_view::npos) {
      if (client.substr(close + 1).starts_with(":")) port = client.substr(close + 2);
      client = client.substr(1, close - 1);
    }
  } else if (size_t colon = client.rfind(':');
             colon != std::string_view::npos && client.find(':') == colon) {
    port = client.substr(colon + 1);
    client = client.substr(0, colon);
  } else if (colon != std::string_view::npos && !LooksLikeIpAddress(client)) {
    // "2001:db8::1:5678": the last group is the port when the rest is still an address.
    if (LooksLikeIpAddress(client.substr(0, colon))) {
      port = client.substr(colon + 1);
      client = client.substr(0, colon);
    }
  }
  event.fields.push_back({"c-ip", client});
  if (!port.empty()) event.fields.push_back({"c-port", port});
}

}  // namespace

bool ParseApacheError(std::string_view line, std::chrono::minutes utc_offset, Event& event,
                      AnomalyCounts& anomalies) {
  event.message = line;
  size_t close = line.find(']');
  if (!line.starts_with("[") || close == std::string_view::npos) {
    anomalies.Add(Anomaly::kMalformedLine);
    return false;
  }
  event.time = ParseErrorTime(line.substr(1, close - 1), utc_offset);
  if (!event.time) anomalies.Add(Anomaly::kBadTimestamp);
  event.program = "apache";
  std::string_view rest = line.substr(close + 1);
  bool first = true;
  while (ConsumePrefix(rest, " [")) {
    size_t end = rest.find(']');
    // "[client [2001:db8::7]:51234]": the address has brackets of its own.
    if (end != std::string_view::npos &&
        (rest.starts_with("client [") || rest.starts_with("remote ["))) {
      end = rest.find(']', end + 1);
    }
    if (end == std::string_view::npos) break;
    std::string_view item = rest.substr(0, end);
    rest.remove_prefix(end + 1);
    if (first) {
      // "[error]" (2.2) or "[core:error]" (2.4): always the level.
      size_t colon = item.find(':');
      if (colon != std::string_view::npos) {
        event.fields.push_back({"module", item.substr(0, colon)});
        item.remove_prefix(colon + 1);
      }
      event.fields.push_back({"level", item});
      first = false;
    } else if (ConsumePrefix(item, "pid ")) {
      size_t tid = item.find(":tid ");
      event.fields.push_back({"pid", item.substr(0, tid)});
      if (tid != std::string_view::npos) event.fields.push_back({"tid", item.substr(tid + 5)});
    } else if (ConsumePrefix(item, "client ") || ConsumePrefix(item, "remote ")) {
      AddClient(item, event);
    } else {
      // Not one of httpd's own brackets: part of the message ("[notice] [some text] …").
      rest = std::string_view(item.data() - 2, rest.data() + rest.size() - (item.data() - 2));
      break;
    }
  }
  rest = TrimSpaces(rest);
  if (rest.size() > 8 && rest.starts_with("AH") && rest[7] == ':' &&
      ParseUnsigned(rest.substr(2, 5))) {
    event.fields.push_back({"error_code", rest.substr(0, 7)});
  }
  event.message = rest;
  return true;
}

}  // namespace hikeshi::triage
