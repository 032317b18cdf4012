// Writes a large, realistic log corpus for bench/triage_bench.sh: real lines from third-party
// samples (loghub's OpenSSH and Linux syslog, fail2ban's sshd and web test logs, a web-attack
// access log), each re-stamped with an increasing time and with every IPv4 address replaced by
// one drawn from a skewed pool (a few sources send most lines, as in a real attack), so
// correlations fire and sources vary. Deterministic for a given seed.
//
//   triage_corpus DIR BYTES [SEED]     writes DIR/auth.log (60%) and DIR/access.log (40%)
//
// Sources are read from $HIKESHI_SHARED/data (default ../shared/data). Not a parser: the
// inputs are fixed sample files, and lines that do not have the expected shape are skipped.
#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line.front() != '#') lines.push_back(line);
  }
  return lines;
}

// "Mmm dd hh:mm:ss " at the start: returns the rest of the line (host onwards).
bool SyslogRest(std::string_view line, std::string& rest) {
  if (line.size() < 17 || kMonths.find(line.substr(0, 3)) == std::string_view::npos) return false;
  if (line[3] != ' ' || line[6] != ' ' || line[9] != ':' || line[12] != ':' || line[15] != ' ')
    return false;
  rest = line.substr(16);
  return true;
}

// An access line: "[dd/Mon/yyyy:hh:mm:ss +zzzz]" somewhere; split around it.
bool AccessParts(std::string_view line, std::string& before, std::string& after) {
  size_t open = line.find('[');
  if (open == std::string_view::npos || open + 28 > line.size()) return false;
  std::string_view stamp = line.substr(open, 28);
  if (stamp[3] != '/' || stamp[7] != '/' || stamp[12] != ':' || stamp[27] != ']') return false;
  if (line.find("\" ", open) == std::string_view::npos) return false;
  before = line.substr(0, open);
  after = line.substr(open + 28);
  return true;
}

class Writer {
 public:
  explicit Writer(uint64_t seed) : random_(seed) {
    pool_.reserve(65536);
    std::uniform_int_distribution<uint32_t> any(0x01000000, 0xdfffffff);
    for (int i = 0; i < 65536; ++i) pool_.push_back(any(random_));
  }

  // Copies `text` to `out` with every dotted-quad IPv4 address replaced by a pool address.
  void AppendWithAddresses(std::string_view text, std::string& out) {
    size_t i = 0;
    while (i < text.size()) {
      if (IsDigit(text[i]) && (i == 0 || (!IsDigit(text[i - 1]) && text[i - 1] != '.'))) {
        size_t j = i;
        int dots = 0, digits = 0;
        bool ok = true;
        while (j < text.size() && (IsDigit(text[j]) || text[j] == '.')) {
          if (text[j] == '.') {
            if (digits == 0 || digits > 3) ok = false;
            ++dots;
            digits = 0;
          } else {
            ++digits;
          }
          ++j;
        }
        if (ok && dots == 3 && digits > 0 && digits <= 3) {
          uint32_t a = Address();
          fmt::format_to(std::back_inserter(out), "{}.{}.{}.{}", a >> 24, (a >> 16) & 255,
                         (a >> 8) & 255, a & 255);
          i = j;
          continue;
        }
        out.append(text.substr(i, j - i));
        i = j;
        continue;
      }
      out.push_back(text[i++]);
    }
  }

  // Skewed: u^3 puts most draws on the first addresses of the pool.
  uint32_t Address() {
    double u = unit_(random_);
    return pool_[static_cast<size_t>(u * u * u * pool_.size())];
  }

  std::mt19937_64& random() { return random_; }

 private:
  std::mt19937_64 random_;
  std::uniform_real_distribution<double> unit_{0.0, 1.0};
  std::vector<uint32_t> pool_;
};

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int& year, int& month, int& day) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2));
}

bool WriteFile(const std::string& path, uint64_t bytes, const std::vector<std::string>& lines,
               bool access, Writer& writer) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) return false;
  int64_t ms = 1'764'547'200'000;  // 2025-12-01T00:00:00Z
  std::uniform_int_distribution<size_t> pick(0, lines.size() - 1);
  std::uniform_int_distribution<int> step(0, 4);  // ms between lines
  std::string buffer, before, after, rest;
  buffer.reserve(1 << 21);
  uint64_t written = 0;
  while (written < bytes) {
    const std::string& line = lines[pick(writer.random())];
    ms += step(writer.random());
    int64_t seconds = ms / 1000;
    int year, month, day;
    CivilFromDays(seconds / 86400, year, month, day);
    int second_of_day = static_cast<int>(seconds % 86400);
    std::string_view mon = kMonths.substr((month - 1) * 3, 3);
    if (access) {
      AccessParts(line, before, after);
      writer.AppendWithAddresses(before, buffer);
      fmt::format_to(std::back_inserter(buffer), "[{:02}/{}/{}:{:02}:{:02}:{:02} +0000]", day, mon,
                     year, second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
      writer.AppendWithAddresses(after, buffer);
    } else {
      SyslogRest(line, rest);
      fmt::format_to(std::back_inserter(buffer), "{} {:2} {:02}:{:02}:{:02} ", mon, day,
                     second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
      writer.AppendWithAddresses(rest, buffer);
    }
    buffer.push_back('\n');
    if (buffer.size() >= (1 << 20)) {
      if (std::fwrite(buffer.data(), 1, buffer.size(), file) != buffer.size()) break;
      written += buffer.size();
      buffer.clear();
    }
  }
  if (!buffer.empty()) std::fwrite(buffer.data(), 1, buffer.size(), file);
  return std::fclose(file) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: triage_corpus DIR BYTES [SEED]\n");
    return 2;
  }
  std::string dir = argv[1];
  uint64_t bytes = std::strtoull(argv[2], nullptr, 10);
  uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20261125;
  const char* shared = std::getenv("HIKESHI_SHARED");
  std::string data = std::string(shared ? shared : "../shared") + "/data";

  std::vector<std::string> syslog, access;
  std::string rest, before, after;
  for (const char* name :
       {"/logs/loghub/OpenSSH_2k.log", "/logs/loghub/Linux_2k.log", "/logs/fail2ban/sshd",
        "/logs/fail2ban/pam-generic", "/logs/fail2ban/vsftpd", "/logs/fail2ban/postfix",
        "/logs/fail2ban/dovecot"}) {
    for (std::string& line : ReadLines(data + name)) {
      if (SyslogRest(line, rest)) syslog.push_back(std::move(line));
    }
  }
  for (const char* name :
       {"/evtx/attack-samples/Command and "
        "Control/web_attack_and_isp_webshell_localhost_access_log.txt",
        "/logs/fail2ban/apache-badbots", "/logs/fail2ban/nginx-botsearch",
        "/logs/fail2ban/apache-fakegooglebot", "/logs/fail2ban/nginx-bad-request",
        "/logs/fail2ban/apache-shellshock"}) {
    for (std::string& line : ReadLines(data + name)) {
      if (AccessParts(line, before, after)) access.push_back(std::move(line));
    }
  }
  if (syslog.empty() || access.empty()) {
    fmt::print(stderr, "triage_corpus: no sample lines under {}\n", data);
    return 2;
  }
  Writer writer(seed);
  uint64_t auth_bytes = bytes / 10 * 6;
  if (!WriteFile(dir + "/auth.log", auth_bytes, syslog, false, writer) ||
      !WriteFile(dir + "/access.log", bytes - auth_bytes, access, true, writer)) {
    fmt::print(stderr, "triage_corpus: cannot write under {}\n", dir);
    return 2;
  }
  fmt::print(
      "corpus: {} bytes in {}/auth.log and access.log from {} syslog and {} access "
      "sample lines, seed {}\n",
      bytes, dir, syslog.size(), access.size(), seed);
  return 0;
}
