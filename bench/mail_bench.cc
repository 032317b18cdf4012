// Mail intake throughput: ParseMail alone, and the whole structured pass an abuse mail gets
// (ParseMail, ParseArf, FindXarfInMail, the Received chain and the accused source), over a
// generated corpus of realistic 2–20 KB abuse mails: forwarded Japanese spam (ISO-2022-JP,
// base64 UTF-8 HTML, nested message/rfc822), ARF feedback-loop reports and X-ARF v4 mails.
// Figures are in doc/mail_intake.md.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "abuse_mail_corpus.h"
#include "intake/arf.h"
#include "intake/mail.h"
#include "intake/received.h"
#include "intake/xarf.h"

namespace {

const std::vector<std::string>& Corpus() {
  static const std::vector<std::string> corpus = hikeshi::bench::AbuseMailCorpus(300);
  return corpus;
}

void CountBytes(benchmark::State& state, std::size_t messages) {
  std::size_t bytes = 0;
  for (const std::string& mail : Corpus()) bytes += mail.size();
  state.SetItemsProcessed(static_cast<int64_t>(messages));
  state.SetBytesProcessed(static_cast<int64_t>(messages * (bytes / Corpus().size())));
  state.counters["avg_bytes"] = static_cast<double>(bytes / Corpus().size());
}

void BM_ParseMail(benchmark::State& state) {
  const auto& corpus = Corpus();
  std::size_t index = 0;
  for (auto _ : state) {
    auto mail = hikeshi::intake::ParseMail(corpus[index++ % corpus.size()]);
    benchmark::DoNotOptimize(mail);
  }
  CountBytes(state, index);
}
BENCHMARK(BM_ParseMail);

void BM_ParseAbuseMailFully(benchmark::State& state) {
  const auto& corpus = Corpus();
  std::size_t index = 0;
  for (auto _ : state) {
    auto mail = hikeshi::intake::ParseMail(corpus[index++ % corpus.size()]);
    if (!mail) continue;
    hikeshi::intake::ArfReport arf = hikeshi::intake::ParseArf(*mail);
    auto xarf = hikeshi::intake::FindXarfInMail(*mail);
    const hikeshi::intake::ParsedMail& evidence = arf.original ? *arf.original : *mail;
    auto source = hikeshi::intake::PickAccusedSource(hikeshi::intake::ParseReceivedChain(evidence));
    benchmark::DoNotOptimize(xarf);
    benchmark::DoNotOptimize(source);
  }
  CountBytes(state, index);
}
BENCHMARK(BM_ParseAbuseMailFully);

}  // namespace

BENCHMARK_MAIN();
