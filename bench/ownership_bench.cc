// Ownership index lookups with 1,000,000 generated prefixes (90 % IPv4 of lengths /8-/32,
// mostly /16-/24 as in RIR data, 10 % IPv6 /19-/64; three source ranks, nested and
// overlapping), and the table build. Addresses asked are random, mostly inside allocated space,
// so the IPv4 table is hit at random (cache and TLB misses included).
//
//   build/release/bench/ownership_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "coord/ownership_data.h"
#include "coord/ownership_index.h"

namespace hikeshi::coord {
namespace {

constexpr int kPrefixes = 1'000'000;
constexpr int kQueries = 1 << 20;

OwnershipData Generate(int count) {
  std::mt19937_64 random(7);
  OwnershipBuilder builder;
  std::vector<uint32_t> records;
  for (int i = 0; i < 5000; ++i) {
    records.push_back(builder.AddRecord("owner " + std::to_string(i), i % 2 ? "NL" : "JP", "",
                                        "ripe", {"abuse" + std::to_string(i) + "@example.net"},
                                        static_cast<SourceRank>(i % 3)));
  }
  for (int i = 0; i < count; ++i) {
    uint32_t record = records[random() % records.size()];
    if (i % 10 == 9) {
      int length = 19 + static_cast<int>(random() % 46);
      Address128 address =
          (Address128{0x2000 | (random() & 0x1fff)} << 112) | (Address128{random()} << 48);
      address &= ~((Address128{1} << (128 - length)) - 1);
      builder.AddPrefix({true, address, static_cast<uint8_t>(length)}, record,
                        static_cast<uint8_t>(length));
      continue;
    }
    uint64_t roll = random() % 100;
    int length = roll < 2    ? 8 + static_cast<int>(random() % 8)
                 : roll < 90 ? 16 + static_cast<int>(random() % 9)
                             : 25 + static_cast<int>(random() % 8);
    uint32_t address = static_cast<uint32_t>(random()) & ~((uint64_t{1} << (32 - length)) - 1);
    builder.AddPrefix({false, address, static_cast<uint8_t>(length)}, record,
                      static_cast<uint8_t>(length));
  }
  return builder.Finish();
}

const OwnershipIndex& Index() {
  static const std::unique_ptr<OwnershipIndex> index =
      std::make_unique<OwnershipIndex>(Generate(kPrefixes));
  return *index;
}

void BM_LookupIpv4(benchmark::State& state) {
  const OwnershipIndex& index = Index();
  std::mt19937 random(1);
  std::vector<uint32_t> queries(kQueries);
  for (uint32_t& query : queries) query = static_cast<uint32_t>(random());
  size_t hits = 0, i = 0;
  for (auto _ : state) {
    hits += index.FindV4(queries[i++ & (kQueries - 1)]) != nullptr;
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations());
  state.counters["hit_ratio"] = static_cast<double>(hits) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_LookupIpv4);

void BM_LookupIpv6(benchmark::State& state) {
  const OwnershipIndex& index = Index();
  std::mt19937_64 random(2);
  std::vector<Address128> queries(kQueries);
  for (Address128& query : queries) {
    query =
        (Address128{0x2000 | (random() & 0x1fff)} << 112) | (Address128{random()} << 48) | random();
  }
  size_t hits = 0, i = 0;
  for (auto _ : state) hits += index.FindV6(queries[i++ & (kQueries - 1)]) != nullptr;
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations());
  state.counters["hit_ratio"] = static_cast<double>(hits) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_LookupIpv6);

// The interface coordination code calls: text in, an Ownership with its strings out.
void BM_LookupText(benchmark::State& state) {
  const OwnershipIndex& index = Index();
  std::mt19937 random(3);
  std::vector<std::string> queries(4096);
  for (std::string& query : queries) {
    uint32_t address = static_cast<uint32_t>(random());
    query = std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 255) + "." +
            std::to_string((address >> 8) & 255) + "." + std::to_string(address & 255);
  }
  size_t hits = 0, i = 0;
  for (auto _ : state) hits += index.Lookup(queries[i++ & 4095]).has_value();
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LookupText);

void BM_BuildIndex(benchmark::State& state) {
  OwnershipData data = Generate(kPrefixes);
  for (auto _ : state) {
    OwnershipIndex index{OwnershipData(data)};
    benchmark::DoNotOptimize(index.FindV4(0x0a000001));
  }
  state.SetItemsProcessed(state.iterations() * kPrefixes);
}
BENCHMARK(BM_BuildIndex)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace hikeshi::coord

BENCHMARK_MAIN();
