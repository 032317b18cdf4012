#include "triage/html_report.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "core/time.h"
#include "triage/timeline_output.h"

namespace hikeshi::triage {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
          out += "\xef\xbf\xbd";
        } else {
          out += c;
        }
    }
  }
  return out;
}

namespace {

constexpr std::string_view kStyle =
    "body{font-family:sans-serif;margin:1.5em;color:#222}"
    "table{border-collapse:collapse;margin-bottom:1.5em}"
    "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}"
    "th{background:#eee}td.n{text-align:right}"
    ".critical,.high{color:#a00;font-weight:bold}.medium{color:#a60}"
    "code{font-size:90%;word-break:break-all}";

std::string SourceOf(const Finding& finding) {
  if (finding.correlation && !finding.group_key.empty()) return finding.group_key;
  for (const auto& [name, value] : finding.matched_fields) {
    if (name == "src_ip" || name == "c-ip" || name == "src_host") return name + "=" + value;
  }
  return "(none)";
}

std::string Cell(std::string_view text, std::string_view cls = {}) {
  std::string cell = cls.empty() ? "<td>" : "<td class=\"" + std::string(cls) + "\">";
  return cell + HtmlEscape(text) + "</td>";
}

// Rows of (count, key) sorted by count descending, then key.
std::vector<std::pair<uint64_t, std::string>> ByCount(const std::map<std::string, uint64_t>& map) {
  std::vector<std::pair<uint64_t, std::string>> rows;
  for (const auto& [key, n] : map) rows.emplace_back(n, key);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  return rows;
}

}  // namespace

std::string HtmlReport(const TriageResult& result, const HtmlReportOptions& options) {
  std::string html =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\"><title>" +
      HtmlEscape(options.title) + "</title><style>" + std::string(kStyle) +
      "</style></head><body>\n<h1>" + HtmlEscape(options.title) + "</h1>\n";

  html +=
      "<table><tr><th>files</th><th>bytes</th><th>lines</th><th>events</th>"
      "<th>findings</th><th>anomalies</th><th>rules</th></tr><tr>";
  for (uint64_t n : {result.files, result.bytes, result.lines, result.events,
                     static_cast<uint64_t>(result.findings.size()), result.anomalies.Total()}) {
    html += "<td class=\"n\">" + std::to_string(n) + "</td>";
  }
  html += Cell(result.compile_report.Summary()) + "</tr></table>\n";
  for (const SkippedFile& skipped : result.skipped) {
    html += "<p>Skipped " + HtmlEscape(skipped.path) + ": " + HtmlEscape(skipped.reason) + "</p>\n";
  }

  std::map<std::string, uint64_t> by_rule, by_source;
  std::map<std::string, std::string> level_of;
  for (const Finding& finding : result.findings) {
    ++by_rule[finding.rule_title];
    level_of[finding.rule_title] = finding.level;
    ++by_source[SourceOf(finding)];
  }
  html += "<h2>By rule</h2>\n<table><tr><th>count</th><th>level</th><th>rule</th></tr>\n";
  for (const auto& [n, rule] : ByCount(by_rule)) {
    const std::string& level = level_of[rule];
    html += "<tr><td class=\"n\">" + std::to_string(n) + "</td>" + Cell(level, level) + Cell(rule) +
            "</tr>\n";
  }
  html += "</table>\n<h2>By source</h2>\n<table><tr><th>count</th><th>source</th></tr>\n";
  for (const auto& [n, source] : ByCount(by_source)) {
    html += "<tr><td class=\"n\">" + std::to_string(n) + "</td>" + Cell(source) + "</tr>\n";
  }
  html +=
      "</table>\n<h2>Findings</h2>\n<table><tr><th>time (UTC)</th><th>level</th>"
      "<th>finding</th><th>file</th><th>offset</th></tr>\n";
  size_t shown = 0;
  for (const Finding& finding : result.findings) {
    if (shown++ >= options.max_rows) break;
    html += "<tr>" + Cell(finding.time ? FormatRfc3339(*finding.time) : "-") +
            Cell(finding.level, finding.level) + "<td><code>" +
            HtmlEscape(TimelineMessage(finding)) + "</code></td>" + Cell(finding.source) +
            "<td class=\"n\">" + std::to_string(finding.offset) + "</td></tr>\n";
  }
  html += "</table>\n";
  if (result.findings.size() > options.max_rows) {
    html += "<p>" + std::to_string(result.findings.size() - options.max_rows) +
            " more findings are in the JSON lines or CSV timeline.</p>\n";
  }
  html += "</body></html>\n";
  return html;
}

}  // namespace hikeshi::triage
