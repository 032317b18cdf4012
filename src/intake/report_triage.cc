#include "intake/report_triage.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "core/ascii.h"
#include "intake/keyword_set.h"

namespace hikeshi::intake {
namespace {

// What a keyword says about a report. Lower rank wins when several classes match: a targeted
// attack mentioning "phishing" is a targeted attack; a phishing mail mentioning "spam" is
// phishing.
struct KeywordClass {
  std::optional<Category> category;               // set for incident categories
  std::optional<NotIncidentReason> not_incident;  // set for spam and one-click fraud
  std::string_view name;
};

constexpr std::array kClasses{
    KeywordClass{Category::kTargetedAttack, {}, "targeted-attack"},
    KeywordClass{Category::kControlSystem, {}, "control-system"},
    KeywordClass{Category::kDefacement, {}, "defacement"},
    KeywordClass{Category::kPhishing, {}, "phishing"},
    KeywordClass{Category::kMalwareSite, {}, "malware-site"},
    KeywordClass{Category::kIntrusion, {}, "intrusion"},
    KeywordClass{Category::kDos, {}, "dos"},
    KeywordClass{Category::kScan, {}, "scan"},
    KeywordClass{{}, NotIncidentReason::kOneClickFraud, "one-click-fraud"},
    KeywordClass{{}, NotIncidentReason::kSpam, "spam"},
};

struct Keyword {
  std::string_view text;
  size_t class_rank;  // index into kClasses
};

// The keyword table (doc/report_triage.md). ASCII matches case-insensitively.
constexpr Keyword kKeywords[] = {
    {"targeted attack", 0},
    {"標的型", 0},
    {"spear phishing", 0},
    {"spear-phishing", 0},
    {"scada", 1},
    {"制御システム", 1},
    {"modbus", 1},
    {"defaced", 2},
    {"defacement", 2},
    {"改ざん", 2},
    {"改竄", 2},
    {"hacked by", 2},
    {"phishing", 3},
    {"フィッシング", 3},
    {"credential harvesting", 3},
    {"偽サイト", 3},
    {"malware", 4},
    {"マルウェア", 4},
    {"マルウエア", 4},
    {"ウイルス", 4},
    {"ransomware", 4},
    {"ランサムウェア", 4},
    {"trojan", 4},
    {"drive-by", 4},
    {"exploit kit", 4},
    {"brute force", 5},
    {"brute-force", 5},
    {"bruteforce", 5},
    {"ブルートフォース", 5},
    {"不正アクセス", 5},
    {"不正侵入", 5},
    {"failed password", 5},
    {"unauthorized access", 5},
    {"unauthorised access", 5},
    {"intrusion", 5},
    {"password spray", 5},
    {"ログイン試行", 5},
    {"ddos", 6},
    {"dos attack", 6},
    {"denial of service", 6},
    {"dos攻撃", 6},
    {"サービス妨害", 6},
    {"port scan", 7},
    {"portscan", 7},
    {"scanning", 7},
    {"スキャン", 7},
    {"nmap", 7},
    {"masscan", 7},
    {"probing", 7},
    {"ワンクリック", 8},
    {"one-click fraud", 8},
    {"one click fraud", 8},
    {"架空請求", 8},
    {"不当請求", 8},
    {"billing fraud", 8},
    {"spam", 9},
    {"迷惑メール", 9},
    {"スパム", 9},
    {"unsolicited", 9},
};

const KeywordSet& Keywords() {
  static const KeywordSet set = [] {
    std::vector<std::string> texts;
    for (const Keyword& keyword : kKeywords) texts.emplace_back(keyword.text);
    auto compiled = KeywordSet::Compile(texts);
    if (!compiled) std::abort();  // a fixed table that does not compile is a build bug
    return std::move(*compiled);
  }();
  return set;
}

// The best keyword match in subject and text: (class rank, keyword), or nullopt.
std::optional<Keyword> GuessFromKeywords(const Report& report) {
  std::optional<Keyword> best;
  for (std::string_view text : {std::string_view(report.subject), std::string_view(report.text)}) {
    for (unsigned id : Keywords().Find(text)) {
      const Keyword& keyword = kKeywords[id];
      if (!best || keyword.class_rank < best->class_rank) best = keyword;
    }
  }
  return best;
}

bool HasObservable(const Report& report, std::initializer_list<ObservableKind> kinds) {
  return std::any_of(report.observables.begin(), report.observables.end(),
                     [&](const Observable& o) {
                       return std::find(kinds.begin(), kinds.end(), o.kind) != kinds.end();
                     });
}

// Structured formats carry their evidence in machine-readable fields, not in log excerpts.
bool IsStructured(const Report& report) {
  return report.format == "csv" || report.format == "jsonl" || report.format == "xarf" ||
         report.format == "arf";
}

std::vector<std::string> MissingEvidence(const Report& report, const EvidenceFacts& facts) {
  std::vector<std::string> missing;
  bool spam = report.rsit == "abusive-content:spam";
  if (spam && !facts.full_headers) missing.push_back("full-headers");
  if (!report.category) return missing;
  switch (*report.category) {
    case Category::kPhishing:
    case Category::kDefacement:
    case Category::kMalwareSite:
      if (!HasObservable(report, {ObservableKind::kUrl})) missing.push_back("url");
      if (!report.event_time) missing.push_back("time");
      break;
    case Category::kIntrusion:
    case Category::kScan:
    case Category::kDos:
      if (!HasObservable(report, {ObservableKind::kIpv4, ObservableKind::kIpv6})) {
        missing.push_back("source-ip");
      }
      if (!report.event_time) missing.push_back("time");
      if (!IsStructured(report) && !HasLogLines(report.text)) missing.push_back("log-lines");
      break;
    default:
      break;
  }
  return missing;
}

std::string_view Ask(std::string_view what, bool japanese) {
  struct Line {
    std::string_view what, en, ja;
  };
  static constexpr Line kLines[] = {
      {"full-headers",
       "the complete headers of the reported message, unmasked, with every Received: line",
       "報告対象メールの完全なヘッダ（Received: 行をすべて含み、伏せ字のないもの）"},
      {"url", "the URL of the reported site", "報告対象サイトの URL"},
      {"time", "the date and time of the activity, with its time zone",
       "事象の発生日時（タイムゾーンを含む）"},
      {"source-ip", "the source IP address of the activity", "攻撃元の IP アドレス"},
      {"log-lines", "log lines showing the activity, with timestamps and time zone",
       "事象を示すログ（日時とタイムゾーンを含む）"},
  };
  for (const Line& line : kLines) {
    if (line.what == what) return japanese ? line.ja : line.en;
  }
  return what;
}

std::string DraftReply(const Report& report, bool ask_consent) {
  bool japanese = report.language == "ja";
  std::string subject =
      report.subject.empty() ? (japanese ? "ご報告" : "your report") : report.subject;
  std::string reply;
  if (japanese) {
    reply = fmt::format(
        "件名: Re: {}\n\nご報告ありがとうございます。\n\n"
        "対応のため、次の情報をこのメールへの返信でお知らせください。\n",
        subject);
  } else {
    reply = fmt::format(
        "Subject: Re: {}\n\nThank you for your report.\n\n"
        "To act on it we need more information. Please reply to this message "
        "with:\n",
        subject);
  }
  for (const std::string& what : report.missing_evidence) {
    reply += fmt::format("{}{}\n", japanese ? " ・" : " - ", Ask(what, japanese));
  }
  if (ask_consent) {
    reply += japanese ? "\nまた、ご報告者様の情報を含めて関係先（ネットワーク管理者など）へ本件を"
                        "連絡してよいか、お知らせください。\n"
                      : "\nPlease also tell us whether we may pass your report, including your "
                        "identity, to the parties concerned (for example the network's "
                        "operator).\n";
  }
  return reply;
}

bool Consents(const Report& report, const TriagePolicy& policy) {
  std::string reporter = AsciiLower(report.reporter);
  for (const std::string& source : policy.consenting_sources) {
    if (source.starts_with('@') ? reporter.ends_with(source) : reporter == source) return true;
  }
  return false;
}

}  // namespace

void TriageReport(Report& report, const EvidenceFacts& facts, const TriagePolicy& policy) {
  if (report.status == ReportStatus::kDuplicate) return;
  if (report.language.empty()) report.language = GuessLanguage(report.subject + report.text);
  if (!facts.consent_stated && Consents(report, policy)) report.consent_to_share = true;

  std::optional<NotIncidentReason> not_incident;
  if (!report.category) {
    if (auto keyword = GuessFromKeywords(report)) {
      const KeywordClass& guessed = kClasses[keyword->class_rank];
      report.triage_rule = fmt::format("keyword \"{}\" → {}", keyword->text, guessed.name);
      if (guessed.category) {
        report.category = guessed.category;
      } else {
        report.category = Category::kOther;
        not_incident = guessed.not_incident;
        if (not_incident == NotIncidentReason::kSpam) report.rsit = "abusive-content:spam";
        if (not_incident == NotIncidentReason::kOneClickFraud) report.rsit = "fraud:masquerade";
      }
    } else {
      report.category = Category::kOther;
      report.triage_rule = "no rule matched";
    }
    if (report.rsit.empty()) report.rsit = std::string(Describe(*report.category).rsit);
  } else if (report.rsit == "abusive-content:spam") {
    not_incident = NotIncidentReason::kSpam;
  }

  if (not_incident == NotIncidentReason::kSpam && policy.spam_is_not_incident) {
    report.status = ReportStatus::kNotIncident;
    report.not_incident_reason = not_incident;
    return;
  }
  if (not_incident == NotIncidentReason::kOneClickFraud && policy.one_click_fraud_is_not_incident) {
    report.status = ReportStatus::kNotIncident;
    report.not_incident_reason = not_incident;
    return;
  }
  report.missing_evidence = MissingEvidence(report, facts);
  if (!report.missing_evidence.empty()) {
    report.status = ReportStatus::kNeedsInfo;
    report.draft_reply = DraftReply(report, !facts.consent_stated);
    return;
  }
  report.status = ReportStatus::kNew;
}

std::string GuessLanguage(std::string_view text) {
  size_t japanese = 0;
  size_t letters = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (std::isalpha(byte)) {
      ++letters;
    } else if (i + 1 < text.size()) {
      auto next = static_cast<unsigned char>(text[i + 1]);
      // Hiragana and katakana (U+3040–30FF: E3 81–83 ..) and CJK ideographs (U+4E00–9FFF:
      // E4–E9 ..); counted once per character by its lead byte.
      if ((byte == 0xE3 && next >= 0x81 && next <= 0x83) || (byte >= 0xE4 && byte <= 0xE9)) {
        ++japanese;
        ++letters;
      }
    }
  }
  // A Japanese character carries about as much as a word's worth of Latin letters.
  return japanese * 4 >= letters - japanese && japanese >= 4 ? "ja" : "en";
}

bool HasLogLines(std::string_view text) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto starts_with_timestamp = [&](std::string_view line) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '>' || line.front() == '\t')) {
      line.remove_prefix(1);
    }
    if (line.size() < 15) return false;
    // ISO 8601: 2026-11-22T10:15 or 2026-11-22 10:15
    if (digit(line[0]) && digit(line[3]) && line[4] == '-' && line[7] == '-' &&
        (line[10] == 'T' || line[10] == ' ') && digit(line[11]) && line[13] == ':') {
      return true;
    }
    // syslog: "Nov 22 10:15:01"
    if (std::isalpha(static_cast<unsigned char>(line[0])) && line[3] == ' ' &&
        (digit(line[5]) || line[4] == ' ') && line[6] == ' ' && line[9] == ':' && line[12] == ':') {
      return true;
    }
    // web access log: "203.0.113.5 - - [22/Nov/2026:10:15:01 +0900] …"
    size_t bracket = line.find(" [");
    return bracket != std::string_view::npos && bracket < 60 && line.size() > bracket + 14 &&
           line[bracket + 4] == '/' && line[bracket + 8] == '/';
  };
  int found = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (starts_with_timestamp(text.substr(start, end - start)) && ++found >= 2) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace hikeshi::intake
