#include "triage/sigma_logsource.h"

#include <array>
#include <initializer_list>

namespace hikeshi::triage {
namespace {

// Reader names as the readers set Event::format. "syslog*" covers RFC 3164 and RFC 5424.
constexpr std::string_view kSyslog = "syslog*";
constexpr std::string_view kAccess = "access";  // Apache/nginx combined and common logs
constexpr std::string_view kW3c = "w3c";        // W3C extended / IIS
constexpr std::string_view kApacheError = "apache_error";
constexpr std::string_view kNetfilter = "netfilter";
constexpr std::string_view kJsonLines = "jsonl";  // carries its own field names

struct LogsourceRow {
  std::string_view product, service, category;  // "*" matches anything, "" only absence
  std::vector<SigmaReaderSelector> readers;
};

// The one logsource table. Rows are tried in order; the first match wins.
const std::vector<LogsourceRow>& LogsourceTable() {
  static const std::vector<LogsourceRow> kTable = {
      // Web servers and proxies.
      {"*", "", "webserver", {{kAccess, ""}, {kW3c, ""}, {kJsonLines, ""}}},
      {"*", "", "proxy", {{kAccess, ""}, {kW3c, ""}, {kJsonLines, ""}}},
      {"*", "apache", "", {{kAccess, ""}, {kApacheError, ""}}},
      {"*", "nginx", "", {{kAccess, ""}}},
      {"apache", "", "*", {{kAccess, ""}, {kApacheError, ""}}},
      {"nginx", "", "*", {{kAccess, ""}}},
      // Firewalls (netfilter/iptables kernel lines).
      {"*", "*", "firewall", {{kNetfilter, ""}, {kJsonLines, ""}}},
      {"linux", "netfilter", "", {{kNetfilter, ""}}},
      // Linux services logged through syslog.
      // OpenSSH 9.8 logs per-connection work as "sshd-session".
      {"linux", "sshd", "", {{kSyslog, "sshd"}, {kSyslog, "sshd-session"}}},
      {"linux",
       "auth",
       "",
       {{kSyslog, "sshd"},
        {kSyslog, "sshd-session"},
        {kSyslog, "sudo"},
        {kSyslog, "su"},
        {kSyslog, "login"},
        {kSyslog, "passwd"},
        {kSyslog, "systemd-logind"},
        {kSyslog, "polkitd"},
        {kSyslog, "pkexec"},
        {kSyslog, "useradd"},
        {kSyslog, "userdel"},
        {kSyslog, "usermod"},
        {kSyslog, "groupadd"},
        {kSyslog, "chpasswd"},
        {kSyslog, "unix_chkpwd"}}},
      {"linux", "syslog", "", {{kSyslog, ""}}},
      {"linux", "cron", "", {{kSyslog, "cron"}, {kSyslog, "CRON"}, {kSyslog, "crond"}}},
      {"linux", "vsftpd", "", {{kSyslog, "vsftpd"}, {"vsftpd", ""}}},
      {"linux", "clamav", "", {{kSyslog, "clamd"}, {kSyslog, "freshclam"}}},
      {"linux", "guacamole", "", {{kSyslog, "guacd"}, {kSyslog, "guacamole*"}}},
      {"linux", "auditd", "", {{"auditd", ""}, {kJsonLines, ""}}},
      // Hikeshi's own services for the built-in rules (not in the Sigma taxonomy).
      {"linux",
       "ftp",
       "",
       {{kSyslog, "vsftpd"}, {kSyslog, "proftpd"}, {kSyslog, "pure-ftpd"}, {"vsftpd", ""}}},
      {"linux",
       "mail",
       "",
       {{kSyslog, "postfix*"},
        {kSyslog, "dovecot*"},
        {kSyslog, "exim*"},
        {kSyslog, "sendmail"},
        {kSyslog, "courier*"}}},
      // Endpoint telemetry (Sysmon for Linux, auditd, EDR exports) arrives as JSON lines.
      {"linux", "", "process_creation", {{kJsonLines, ""}}},
      {"linux", "", "file_event", {{kJsonLines, ""}}},
      {"linux", "", "network_connection", {{kJsonLines, ""}}},
      {"linux", "", "", {{kSyslog, ""}, {kJsonLines, ""}}},
  };
  return kTable;
}

// The one field table: names used by Sigma rules (proxy/webserver taxonomy, generic network
// names) onto the names the readers use (event.h).
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kFieldTable = {{
    {"c-uri", "cs-uri"},
    {"c-uri-query", "cs-uri-query"},
    {"c-uri-stem", "cs-uri-stem"},
    {"c-uri-extension", "cs-uri-extension"},
    {"c-useragent", "cs-user-agent"},
    {"cs-useragent", "cs-user-agent"},
    {"c-referer", "cs-referer"},
    {"r-dns", "cs-host"},
    {"SourceIp", "src_ip"},
    {"SourcePort", "src_port"},
    {"DestinationIp", "dst_ip"},
    {"DestinationPort", "dst_port"},
    {"src_ip_addr", "src_ip"},
    {"dst_ip_addr", "dst_ip"},
}};

bool PatternMatches(std::string_view pattern, std::string_view value) {
  if (pattern.ends_with('*')) return value.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == value;
}

bool CellMatches(std::string_view cell, std::string_view value) {
  return cell == "*" || cell == value;
}

}  // namespace

std::optional<std::vector<SigmaReaderSelector>> SigmaReadersFor(const SigmaLogsource& logsource) {
  for (const LogsourceRow& row : LogsourceTable()) {
    if (CellMatches(row.product, logsource.product) &&
        CellMatches(row.service, logsource.service) &&
        CellMatches(row.category, logsource.category)) {
      return row.readers;
    }
  }
  return std::nullopt;
}

bool SigmaSelectorMatches(const SigmaReaderSelector& selector, std::string_view format,
                          std::string_view program) {
  if (!PatternMatches(selector.format, format)) return false;
  return selector.program.empty() || PatternMatches(selector.program, program);
}

std::string_view MapSigmaField(std::string_view rule_field) {
  for (const auto& [from, to] : kFieldTable) {
    if (from == rule_field) return to;
  }
  return rule_field;
}

}  // namespace hikeshi::triage
