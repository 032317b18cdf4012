// Indicator extraction throughput on generated abuse-mail bodies (English, Japanese and mixed,
// 2-20 KB, with log excerpts, URLs, defanged and full-width indicators). See doc/indicators.md.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "intake/indicator_extractor.h"
#include "intake/normalize.h"

namespace hikeshi::intake {
namespace {

// Paragraphs that abuse mail is made of; {n} is replaced by a small number, {ip} by an address.
const char* const kEnglish[] = {
    "Dear abuse team,\n\nWe have detected malicious activity originating from your network. "
    "The host {ip} has been attempting SSH brute-force logins against our servers for several "
    "hours. Please investigate and take appropriate action, and let us know the outcome.\n\n",
    "Log excerpt (times in UTC):\n"
    "Nov 22 10:15:{n} mx1 sshd[2{n}1]: Failed password for invalid user admin from {ip} port "
    "5{n}22 ssh2\n"
    "Nov 22 10:15:{n} mx1 sshd[2{n}1]: Failed password for root from {ip} port 5{n}23 ssh2\n"
    "Nov 22 10:16:{n} mx1 sshd[2{n}2]: Disconnected from authenticating user root {ip} port "
    "5{n}24 [preauth]\n",
    "{ip} - - [22/Nov/2026:10:15:{n} +0900] \"GET /wp-login.php HTTP/1.1\" 200 4{n}3 \"-\" "
    "\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/119.0 Safari/537.36\"\n"
    "{ip} - - [22/Nov/2026:10:15:{n} +0900] \"POST /xmlrpc.php HTTP/1.1\" 403 1{n}9 \"-\" "
    "\"python-requests/2.31.0\"\n",
    "The phishing page is hosted at hxxp://secure-login[.]example-bank[.]com/verify?id={n}&s=1 "
    "and imitates our customer login. The kit posts credentials to h**ps://collector(.)example"
    "[.]net/gate.php. Please take the content down as soon as possible.\n\n",
    "Attachment invoice_{n}.zip (SHA256: "
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, MD5: "
    "d41d8cd98f00b204e9800998ecf8427e) was delivered from {ip} on Thu, 22 Nov 2026 10:15:01 "
    "+0000 to several of our users.\n\n",
    "This report was generated automatically. The information in this report is provided in "
    "good faith; version 2.4.1 of the reporting tool was used. If you believe this report is in "
    "error, reply to this message and keep the ticket number in the subject so that we can "
    "follow up. Reports about your network are also available through our portal.\n\n",
    "Regards,\nSecurity Operations\nExample Hosting Ltd.\nabuse@hosting.example.com | "
    "https://www.example.com/abuse | +1 555 0100\n\n",
    "Further observed sources: {ip}, [2001:db8::{n}]:443, 198.51.100.0/24 and "
    "evil-{n}.example.org; contact abuse [at] example dot net for the upstream.\n\n",
};

const char* const kJapanese[] = {
    "ご担当者様\n\nお世話になっております。JPCERT/CCです。貴組織のネットワークから"
    "不正なアクセスが観測されましたので、ご連絡いたします。\n\n",
    "送信元IPアドレス：２０３．０．１１３．{n}\n発生日時：２０２６年１１月２２日 10時15分\n"
    "宛先ポート：22/tcp\n概要：SSHに対するブルートフォース攻撃\n\n",
    "フィッシングサイトのURL：hxxps://login-example[.]jp/account/verify?id={n}\n"
    "上記サイトは実在の金融機関を装い、認証情報を窃取するものです。"
    "速やかなコンテンツの停止をお願いいたします。\n\n",
    "調査の結果、該当サーバ（{ip}）は侵害されている可能性があります。"
    "ログの抜粋を以下に示します。ご確認のほどよろしくお願いいたします。\n"
    "2026-11-22T10:15:{n}+09:00 web01 nginx: {ip} \"GET /admin/ HTTP/1.1\" 404\n\n",
    "本件に関するお問い合わせは ｉｎｆｏ＠ｅｘａｍｐｌｅ．ｊｐ までご連絡ください。"
    "なお、本メールは送信専用アドレスから送信しています。\n\n",
    "今後とも、情報セキュリティの向上にご協力をお願いいたします。"
    "ご不明な点がございましたら、お気軽にお問い合わせください。\n\n",
};

std::string Fill(std::string paragraph, std::mt19937& random) {
  std::uniform_int_distribution<int> small(10, 59);
  std::uniform_int_distribution<int> octet(1, 254);
  for (size_t at; (at = paragraph.find("{n}")) != std::string::npos;) {
    paragraph.replace(at, 3, std::to_string(small(random)));
  }
  for (size_t at; (at = paragraph.find("{ip}")) != std::string::npos;) {
    std::string ip = "203.0.113." + std::to_string(octet(random));
    paragraph.replace(at, 4, ip);
  }
  return paragraph;
}

// `japanese_share` of the mails are Japanese, the rest English; sizes uniform in 2-20 KB.
std::vector<std::string> MakeCorpus(size_t count, double japanese_share) {
  std::mt19937 random(42);
  std::uniform_int_distribution<size_t> size(2048, 20480);
  std::bernoulli_distribution japanese(japanese_share);
  std::vector<std::string> corpus;
  for (size_t i = 0; i < count; ++i) {
    bool ja = japanese(random);
    size_t target = size(random);
    std::string mail;
    while (mail.size() < target) {
      if (ja) {
        std::uniform_int_distribution<size_t> pick(0, std::size(kJapanese) - 1);
        mail += Fill(kJapanese[pick(random)], random);
        // Japanese reports quote English logs and forwarded mail too.
        if (pick(random) == 0) mail += Fill(kEnglish[1], random);
      } else {
        std::uniform_int_distribution<size_t> pick(0, std::size(kEnglish) - 1);
        mail += Fill(kEnglish[pick(random)], random);
      }
    }
    corpus.push_back(std::move(mail));
  }
  return corpus;
}

void RunExtraction(benchmark::State& state, const std::vector<std::string>& corpus) {
  ExtractionOptions options;
  options.syslog_year = 2026;
  size_t bytes = 0;
  size_t texts = 0;
  size_t found = 0;
  size_t next = 0;
  for (auto _ : state) {
    const std::string& text = corpus[next];
    next = (next + 1) % corpus.size();
    auto result = ExtractIndicators(text, options);
    found += result.indicators.size() + result.timestamps.size();
    benchmark::DoNotOptimize(result);
    bytes += text.size();
    ++texts;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(texts));
  state.counters["indicators_per_text"] =
      benchmark::Counter(static_cast<double>(found) / static_cast<double>(texts ? texts : 1));
}

void BM_ExtractEnglish(benchmark::State& state) {
  static const auto corpus = MakeCorpus(500, 0.0);
  RunExtraction(state, corpus);
}
BENCHMARK(BM_ExtractEnglish);

void BM_ExtractJapanese(benchmark::State& state) {
  static const auto corpus = MakeCorpus(500, 1.0);
  RunExtraction(state, corpus);
}
BENCHMARK(BM_ExtractJapanese);

// The intake mix: mostly English with a third Japanese.
void BM_ExtractMixed(benchmark::State& state) {
  static const auto corpus = MakeCorpus(1000, 0.33);
  RunExtraction(state, corpus);
}
BENCHMARK(BM_ExtractMixed);

// Normalisation alone on the same mix: the share of refanging and NFKC in the total.
void BM_NormalizeMixed(benchmark::State& state) {
  static const auto corpus = MakeCorpus(1000, 0.33);
  size_t bytes = 0;
  size_t next = 0;
  for (auto _ : state) {
    const std::string& text = corpus[next];
    next = (next + 1) % corpus.size();
    auto normalized = NormalizedText::Normalize(text);
    benchmark::DoNotOptimize(normalized);
    bytes += text.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_NormalizeMixed);

// Plain English prose with no indicators: the scanner's floor cost per byte.
void BM_ExtractProse(benchmark::State& state) {
  static const std::string text = [] {
    std::string prose;
    while (prose.size() < 16384) prose += kEnglish[5];
    return prose;
  }();
  for (auto _ : state) benchmark::DoNotOptimize(ExtractIndicators(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ExtractProse);

}  // namespace
}  // namespace hikeshi::intake

BENCHMARK_MAIN();
