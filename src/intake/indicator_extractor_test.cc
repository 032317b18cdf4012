#include "intake/indicator_extractor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "core/utf8.h"

namespace hikeshi::intake {
namespace {

using Kind = ObservableKind;
constexpr uint32_t F(ObservableFlag flag) { return static_cast<uint32_t>(flag); }

const ExtractedIndicator* Find(const ExtractionResult& result, Kind kind, std::string_view value) {
  for (const auto& indicator : result.indicators) {
    if (indicator.observable.kind == kind && indicator.observable.value == value) return &indicator;
  }
  return nullptr;
}

std::string Dump(const ExtractionResult& result) {
  std::string out;
  for (const auto& indicator : result.indicators) {
    out += std::string(ToString(indicator.observable.kind)) + " " + indicator.observable.value +
           " <" + indicator.observable.original + ">\n";
  }
  return out;
}

struct Case {
  std::string text;
  Kind kind;
  std::string value;
  std::string original;  // empty: same as value
};

TEST(ExtractIndicators, FindsEveryFormInContext) {
  const Case cases[] = {
      {"from 203.0.113.5 port 22", Kind::kIpv4, "203.0.113.5", ""},
      {"connect to 203.0.113.5:8080.", Kind::kIpv4, "203.0.113.5", "203.0.113.5:8080"},
      {"blocks 198.51.100.0/24, too", Kind::kCidr, "198.51.100.0/24", ""},
      {"v6 2001:db8::1 seen", Kind::kIpv6, "2001:db8::1", ""},
      {"v6 [2001:db8::1]:443 seen", Kind::kIpv6, "2001:db8::1", "[2001:db8::1]:443"},
      {"range 2001:DB8::/32.", Kind::kCidr, "2001:db8::/32", "2001:DB8::/32"},
      {"loopback ::1 only", Kind::kIpv6, "::1", ""},
      {"mapped ::ffff:192.0.2.1 here", Kind::kIpv6, "::ffff:192.0.2.1", ""},
      {"visit www.Example.co.jp.", Kind::kDomain, "www.example.co.jp", "www.Example.co.jp"},
      {"host evil.example.com:8443 now", Kind::kDomain, "evil.example.com",
       "evil.example.com:8443"},
      {"(https://example.com/a?b=c#d).", Kind::kUrl, "https://example.com/a?b=c#d", ""},
      {"<http://user@203.0.113.5:8080/x>", Kind::kUrl, "http://user@203.0.113.5:8080/x", ""},
      {"url: http://[2001:db8::1]:443/p", Kind::kUrl, "http://[2001:db8::1]:443/p", ""},
      {"wiki http://en.wikipedia.org/wiki/Foo_(bar) ok", Kind::kUrl,
       "http://en.wikipedia.org/wiki/Foo_(bar)", ""},
      {"ftp://files.example.net/x.zip", Kind::kUrl, "ftp://files.example.net/x.zip", ""},
      {"HTTP://EXAMPLE.COM/Path", Kind::kUrl, "http://example.com/Path", "HTTP://EXAMPLE.COM/Path"},
      {"mail Abuse@Example.COM now", Kind::kEmail, "Abuse@example.com", "Abuse@Example.COM"},
      {"<first.last+tag@mail.example.org>", Kind::kEmail, "first.last+tag@mail.example.org", ""},
      {"md5 D41D8CD98F00B204E9800998ECF8427E", Kind::kMd5, "d41d8cd98f00b204e9800998ecf8427e",
       "D41D8CD98F00B204E9800998ECF8427E"},
      {"sha1=da39a3ee5e6b4b0d3255bfef95601890afd80709;", Kind::kSha1,
       "da39a3ee5e6b4b0d3255bfef95601890afd80709", ""},
      {"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Kind::kSha256,
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ""},
      // Defanged.
      {"hxxp://203.0.113[.]5/login", Kind::kUrl, "http://203.0.113.5/login",
       "hxxp://203.0.113[.]5/login"},
      {"hxxp://203.0.113[.]5/login", Kind::kIpv4, "203.0.113.5", "203.0.113[.]5"},
      {"see example[.]com", Kind::kDomain, "example.com", "example[.]com"},
      {"hxxps[://]evil(.)example{.}net/x", Kind::kUrl, "https://evil.example.net/x",
       "hxxps[://]evil(.)example{.}net/x"},
      {"h**p[:]//bad[dot]example(dot)org", Kind::kUrl, "http://bad.example.org",
       "h**p[:]//bad[dot]example(dot)org"},
      {"abuse[at]example.net", Kind::kEmail, "abuse@example.net", "abuse[at]example.net"},
      {"abuse [at] example.net", Kind::kEmail, "abuse@example.net", "abuse [at] example.net"},
      {"abuse[@]example.net", Kind::kEmail, "abuse@example.net", "abuse[@]example.net"},
      {"host evil dot example dot com today", Kind::kDomain, "evil.example.com",
       "evil dot example dot com"},
      {"203[.]0[.]113[.]7", Kind::kIpv4, "203.0.113.7", "203[.]0[.]113[.]7"},
      {"src 203.0.113.5[:]8080 x", Kind::kIpv4, "203.0.113.5", "203.0.113.5[:]8080"},
      {"hxxp://evil[.]example[.]com:8080/p", Kind::kUrl, "http://evil.example.com:8080/p",
       "hxxp://evil[.]example[.]com:8080/p"},
      {"host 203.0.113 [.] 8 seen", Kind::kIpv4, "203.0.113.8", "203.0.113 [.] 8"},
      {"Apache [Sun Dec 04 04:47:44 2005] from 2001:db8:0:0:0:0:0:7", Kind::kIpv6, "2001:db8::7",
       "2001:db8:0:0:0:0:0:7"},
      // Full-width (Japanese mail).
      {"送信元は２０３．０．１１３．５です", Kind::kIpv4, "203.0.113.5", "２０３．０．１１３．５"},
      {"ＩＰ：１９８．５１．１００．２２", Kind::kIpv4, "198.51.100.22",
       "１９８．５１．１００．２２"},
      {"連絡先：ａｂｕｓｅ＠ｅｘａｍｐｌｅ．ｊｐ", Kind::kEmail, "abuse@example.jp",
       "ａｂｕｓｅ＠ｅｘａｍｐｌｅ．ｊｐ"},
      {"「http://example.com/login」を確認", Kind::kUrl, "http://example.com/login", ""},
      {"サイトexample.comを確認。", Kind::kDomain, "example.com", ""},
      {"ｈｔｔｐ：／／ｅｘａｍｐｌｅ．ｃｏｍ／ａ", Kind::kUrl, "http://example.com/a",
       "ｈｔｔｐ：／／ｅｘａｍｐｌｅ．ｃｏｍ／ａ"},
      {"URL（http://example.com/path）参照", Kind::kUrl, "http://example.com/path", ""},
      {"example。com", Kind::kDomain, "example.com", "example。com"},
      {"ドメイン: 例え.jp です", Kind::kDomain, "xn--r8jz45g.jp", "例え.jp"},
      {"連絡先 info@例え.jpまで", Kind::kEmail, "info@xn--r8jz45g.jp", "info@例え.jp"},
      {"連絡先abuse@example.comまで", Kind::kEmail, "abuse@example.com", ""},
      {"http://例え.jp/パス", Kind::kUrl, "http://xn--r8jz45g.jp/", "http://例え.jp/"},
  };
  for (const Case& c : cases) {
    auto result = ExtractIndicators(c.text);
    const auto* found = Find(result, c.kind, c.value);
    ASSERT_NE(found, nullptr) << c.text << "\n" << Dump(result);
    EXPECT_EQ(found->observable.original, c.original.empty() ? c.value : c.original) << c.text;
    ASSERT_FALSE(found->offsets.empty());
    EXPECT_EQ(c.text.substr(found->offsets[0], found->observable.original.size()),
              found->observable.original)
        << c.text;
  }
}

TEST(ExtractIndicators, IgnoresLookAlikes) {
  const char* texts[] = {
      "version 1.2.3 and 1.2.3.4.5 and v1.2.3.4 and ver.1.2.3.4",
      "open report.pdf and malware.exe and index.html",
      "e.g. this i.e. that etc. 3.14",
      "times 10:15:01 and 00:11:22:33:44:55 and std::vector and ::",
      "hash-like d41d8cd98f00b204e9800998ecf8427e0 and 0d41d8cd98f00b204e9800998ecf8427e",
      "octal 010.1.1.1 and 256.1.1.1",
      "redacted@ and user@localhost and user@host",
      "the dot com bubble and polka dot com",
      "hxxp is a word; http:// alone; https://-/",
  };
  for (const char* text : texts) {
    auto result = ExtractIndicators(text);
    EXPECT_TRUE(result.indicators.empty()) << text << "\n" << Dump(result);
  }
}

TEST(ExtractIndicators, FlagsAreKeptNotDropped) {
  auto result = ExtractIndicators(
      "src 10.0.0.1 127.0.0.1 169.254.0.9 100.64.1.1 224.0.0.5 8.8.8.8 fe80::1 2001:db8::5 "
      "x.example y.test z.invalid localhost.localhost printer.local example.org hxxp://a[.]test/");
  EXPECT_EQ(Find(result, Kind::kIpv4, "10.0.0.1")->observable.flags, F(ObservableFlag::kPrivate));
  EXPECT_EQ(Find(result, Kind::kIpv4, "127.0.0.1")->observable.flags, F(ObservableFlag::kLoopback));
  EXPECT_EQ(Find(result, Kind::kIpv4, "169.254.0.9")->observable.flags,
            F(ObservableFlag::kLinkLocal));
  EXPECT_EQ(Find(result, Kind::kIpv4, "100.64.1.1")->observable.flags, F(ObservableFlag::kCgnat));
  EXPECT_EQ(Find(result, Kind::kIpv4, "224.0.0.5")->observable.flags,
            F(ObservableFlag::kMulticast));
  EXPECT_EQ(Find(result, Kind::kIpv4, "8.8.8.8")->observable.flags, 0u);
  EXPECT_EQ(Find(result, Kind::kIpv6, "fe80::1")->observable.flags, F(ObservableFlag::kLinkLocal));
  EXPECT_EQ(Find(result, Kind::kIpv6, "2001:db8::5")->observable.flags,
            F(ObservableFlag::kDocumentation));
  for (const char* name :
       {"x.example", "y.test", "z.invalid", "localhost.localhost", "printer.local"}) {
    const auto* found = Find(result, Kind::kDomain, name);
    ASSERT_NE(found, nullptr) << name;
    EXPECT_TRUE(found->observable.Has(ObservableFlag::kReservedTld)) << name;
  }
  EXPECT_TRUE(
      Find(result, Kind::kDomain, "example.org")->observable.Has(ObservableFlag::kDocumentation));
  const auto* url = Find(result, Kind::kUrl, "http://a.test/");
  ASSERT_NE(url, nullptr);
  EXPECT_TRUE(url->observable.Has(ObservableFlag::kDefanged));
  EXPECT_TRUE(url->observable.Has(ObservableFlag::kReservedTld));
}

TEST(ObservableFlag, NamesAreStable) {
  EXPECT_EQ(FlagNames(F(ObservableFlag::kPrivate) | F(ObservableFlag::kDefanged)),
            (std::vector<std::string_view>{"private", "defanged"}));
  EXPECT_EQ(ToString(ObservableFlag::kReservedTld), "reserved-tld");
  EXPECT_EQ(ToString(ObservableFlag::kFullWidth), "full-width");
  EXPECT_TRUE(FlagNames(0).empty());
}

TEST(ExtractIndicators, KeepsPortsRegistrableDomainsAndFullWidthFlag) {
  auto result = ExtractIndicators("https://www.example.co.jp:8443/x and ２０３．０．１１３．５");
  const auto* url = Find(result, Kind::kUrl, "https://www.example.co.jp:8443/x");
  ASSERT_NE(url, nullptr);
  EXPECT_EQ(url->observable.port, 8443);
  EXPECT_EQ(url->observable.registrable_domain, "example.co.jp");
  EXPECT_EQ(Find(result, Kind::kDomain, "www.example.co.jp")->observable.registrable_domain,
            "example.co.jp");
  EXPECT_TRUE(Find(result, Kind::kIpv4, "203.0.113.5")->observable.Has(ObservableFlag::kFullWidth));
}

TEST(ExtractIndicators, DeduplicatesKeepingFirstOriginalAndOffsets) {
  std::string text = "203.0.113[.]5 then 203.0.113.5 then ２０３．０．１１３．５";
  auto result = ExtractIndicators(text);
  ASSERT_EQ(result.indicators.size(), 1u) << Dump(result);
  const auto& indicator = result.indicators[0];
  EXPECT_EQ(indicator.observable.original, "203.0.113[.]5");
  EXPECT_EQ(indicator.count, 3u);
  ASSERT_EQ(indicator.offsets.size(), 3u);
  EXPECT_EQ(indicator.offsets[0], 0u);
  EXPECT_EQ(indicator.offsets[1], text.find("203.0.113.5"));
  EXPECT_EQ(indicator.offsets[2], text.find("２"));
}

TEST(ExtractIndicators, FindsTimestampsWithOriginalAndOffset) {
  std::string text =
      "Date: Thu, 29 Apr 2009 00:00:00 -0000\n"
      "Nov 22 10:15:01 host sshd[1]: Failed password from 203.0.113.5\n"
      "発生日時：２０２６年１１月２２日 10時15分\n";
  ExtractionOptions options;
  options.syslog_year = 2026;
  auto result = ExtractIndicators(text, options);
  ASSERT_EQ(result.timestamps.size(), 3u);
  EXPECT_EQ(result.timestamps[0].original, "Thu, 29 Apr 2009 00:00:00 -0000");
  EXPECT_EQ(result.timestamps[0].offset, 6u);
  EXPECT_EQ(result.timestamps[1].format, TimestampFormat::kSyslog);
  EXPECT_EQ(result.timestamps[2].original, "２０２６年１１月２２日 10時15分");
  EXPECT_EQ(FormatRfc3339(result.timestamps[2].time), "2026-11-22T01:15:00.000000Z");
  EXPECT_EQ(result.timestamps[2].format, TimestampFormat::kJapanese);
  EXPECT_TRUE(Find(result, Kind::kIpv4, "203.0.113.5"));
}

// Apache error logs write ctime stamps; the year in the text wins over the caller's syslog year.
TEST(ExtractIndicators, CtimeStampsKeepTheirDayNameAndYear) {
  ExtractionOptions options;
  options.syslog_year = 2026;
  auto result =
      ExtractIndicators("[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok", options);
  ASSERT_EQ(result.timestamps.size(), 1u);
  EXPECT_EQ(result.timestamps[0].original, "Sun Dec 04 04:47:44 2005");
  EXPECT_EQ(result.timestamps[0].offset, 1u);
  EXPECT_EQ(FormatRfc3339(result.timestamps[0].time), "2005-12-04T04:47:44.000000Z");
}

TEST(ExtractIndicators, SurvivesInvalidUtf8) {
  std::string text = "bad \xFF\xFE bytes 203.0.113.9\xC3 and \xE3\x81 example.com\x80";
  auto result = ExtractIndicators(text);
  EXPECT_TRUE(Find(result, Kind::kIpv4, "203.0.113.9"));
  EXPECT_TRUE(Find(result, Kind::kDomain, "example.com"));
  EXPECT_NE(
      std::find(result.anomalies.begin(), result.anomalies.end(), ExtractionAnomaly::kInvalidUtf8),
      result.anomalies.end());
}

// Found by extract_fuzz: malformed UTF-8 before a '.' in a URL's authority reached the value.
TEST(ExtractIndicators, UrlAuthorityWithInvalidUtf8IsNotAUrl) {
  auto result =
      ExtractIndicators("hxxps[://]\x9B\x89\x96\x8C(.)example{.}nese [at] example dot com");
  for (const auto& indicator : result.indicators) {
    EXPECT_TRUE(IsValidUtf8(indicator.observable.value)) << indicator.observable.value;
  }
  EXPECT_TRUE(Find(result, Kind::kEmail, "example.nese@example.com"));
}

// Every byte is looked at a bounded number of times: adversarial repetitions finish quickly
// (quadratic behaviour would take hours on these 1 MiB inputs, even with sanitizers).
TEST(ExtractIndicators, AdversarialRepetitionsStayLinear) {
  auto repeat = [](std::string_view unit) {
    std::string text;
    while (text.size() < (1u << 20)) text += unit;
    return text;
  };
  auto start = std::chrono::steady_clock::now();
  for (std::string_view unit :
       {"http://", "a.", "1.", "1:", "::", "a@", "[.]", "\xEF\xBC\x8E", "\xEF\xB7\xBA", "http://a",
        "0", "ab", " dot ", "Nov 22 ", "2026-", "\xE4\xBE\x8B.", "http://[", "x\xFF"}) {
    auto result = ExtractIndicators(repeat(unit));
    EXPECT_LE(result.indicators.size(), 10'000u);
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 60.0);
}

TEST(ExtractIndicators, CapsInputSize) {
  std::string text = "203.0.113.1 " + std::string(100, 'x') + " 203.0.113.2";
  ExtractionOptions options;
  options.max_input_bytes = 50;
  auto result = ExtractIndicators(text, options);
  EXPECT_TRUE(Find(result, Kind::kIpv4, "203.0.113.1"));
  EXPECT_FALSE(Find(result, Kind::kIpv4, "203.0.113.2"));
  EXPECT_EQ(result.anomalies, std::vector{ExtractionAnomaly::kInputTruncated});
}

TEST(ExtractIndicators, CapsIndicatorCountWithTruncatedAnomaly) {
  std::string text;
  for (int i = 0; i < 300; ++i)
    text += "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250) + " ";
  ExtractionOptions options;
  options.max_indicators = 100;
  auto result = ExtractIndicators(text, options);
  EXPECT_EQ(result.indicators.size(), 100u);
  EXPECT_EQ(result.anomalies, std::vector{ExtractionAnomaly::kTruncated});
  options.max_indicators = 1000;
  EXPECT_EQ(ExtractIndicators(text, options).indicators.size(), 300u);
}

TEST(ExtractIndicators, ObservablesCopiesTheIndicators) {
  auto result = ExtractIndicators("a 203.0.113.5 b example.com");
  auto observables = result.Observables();
  ASSERT_EQ(observables.size(), 2u);
  EXPECT_EQ(observables[1].value, "example.com");
}

}  // namespace
}  // namespace hikeshi::intake
