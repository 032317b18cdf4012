#include "intake/domain_name.h"

#include <gtest/gtest.h>

#include "core/observable.h"

namespace hikeshi::intake {
namespace {

const PublicSuffixList& List() { return PublicSuffixList::System(); }

TEST(PublicSuffixList, KnowsExplicitRulesOnly) {
  EXPECT_TRUE(List().IsPublicSuffix("com"));
  EXPECT_TRUE(List().IsPublicSuffix("co.jp"));
  EXPECT_TRUE(List().IsPublicSuffix("zip"));
  EXPECT_FALSE(List().IsPublicSuffix("pdf"));
  EXPECT_FALSE(List().IsPublicSuffix("exe"));
  EXPECT_EQ(List().RegistrableDomain("www.example.co.jp"), "example.co.jp");
  EXPECT_EQ(List().RegistrableDomain("co.jp"), "");
}

TEST(PublicSuffixList, LoadFailsClearly) {
  auto list = PublicSuffixList::Load("/nonexistent/list.dat");
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().code, ErrorCode::kUnavailable);
}

TEST(CheckDomainName, AcceptsNamesUnderARealSuffix) {
  auto name = CheckDomainName("WWW.Example.CO.JP", List());
  ASSERT_TRUE(name);
  EXPECT_EQ(name->ascii, "www.example.co.jp");
  EXPECT_EQ(name->registrable, "example.co.jp");
  EXPECT_EQ(name->flags, 0u);
  EXPECT_TRUE(CheckDomainName("report.zip", List()));
  EXPECT_TRUE(CheckDomainName("_dmarc.example.com", List()));
}

TEST(CheckDomainName, ConvertsInternationalisedNamesToPunycode) {
  auto name = CheckDomainName("\xE4\xBE\x8B\xE3\x81\x88.jp", List());  // 例え.jp
  ASSERT_TRUE(name);
  EXPECT_EQ(name->ascii, "xn--r8jz45g.jp");
  EXPECT_EQ(name->registrable, "xn--r8jz45g.jp");
  auto german = CheckDomainName(
      "B\xC3\xBC"
      "cher.de",
      List());  // Bücher.de
  ASSERT_TRUE(german);
  EXPECT_EQ(german->ascii, "xn--bcher-kva.de");
}

TEST(CheckDomainName, FlagsReservedNames) {
  auto example = CheckDomainName("secure-banking-login.example.com", List());
  ASSERT_TRUE(example);
  EXPECT_EQ(example->flags, static_cast<uint32_t>(ObservableFlag::kDocumentation));
  for (std::string_view name :
       {"brand-protect.example", "host.test", "a.invalid", "x.localhost", "printer.local"}) {
    auto reserved = CheckDomainName(name, List());
    ASSERT_TRUE(reserved) << name;
    EXPECT_TRUE(reserved->flags & static_cast<uint32_t>(ObservableFlag::kReservedTld)) << name;
  }
  EXPECT_EQ(CheckDomainName("notexample.com", List())->flags, 0u);
}

TEST(CheckDomainName, RefusesWhatIsNotAHostName) {
  for (std::string_view name :
       {"report.pdf", "malware.exe", "com", "a..com", "-a.com", "a-.com", "a.c_m", "1.2.3.4",
        "example.123", "", ".com", "\xE8\xA9\xB3\xE7\xB4\xB0\xE3\x80\x8C.jp"}) {
    EXPECT_FALSE(CheckDomainName(name, List())) << name;
  }
  EXPECT_FALSE(CheckDomainName(std::string(64, 'a') + ".com", List()));
  EXPECT_TRUE(CheckDomainName(std::string(63, 'a') + ".com", List()));
  EXPECT_TRUE(CheckDomainName("evil.notatld", List(), false));
  EXPECT_FALSE(CheckDomainName("evil.notatld", List()));
}

}  // namespace
}  // namespace hikeshi::intake
