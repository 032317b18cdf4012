// Differential test of the MIME fast path: wherever it accepts a mail, ParseMail must give
// exactly what the GMime walk gives, over every shared sample report, every mail fixture and
// the generated bench corpus; and it must accept the common shapes (else it is no fast path).
#include "intake/mail_fastpath.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <random>

#include "abuse_mail_corpus.h"
#include "intake/intake_test_support.h"
#include "intake/mail_difference.h"

namespace hikeshi::intake {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;

struct Tally {
  std::size_t mails = 0;
  std::size_t accepted = 0;
};

// Both paths over `raw`; a failure names `what` and the first difference.
void ExpectSame(const std::string& raw, const std::string& what, Tally& tally) {
  ++tally.mails;
  Result<ParsedMail> gmime = ParseMailWithGmime(raw);
  Result<ParsedMail> mail = ParseMail(raw);
  ASSERT_EQ(gmime.has_value(), mail.has_value()) << what;
  if (!gmime) return;
  EXPECT_EQ(MailDifference(*mail, *gmime), "") << what;
  std::optional<ParsedMail> fast = TryParseMailFast(raw, {});
  if (fast) {
    ++tally.accepted;
    EXPECT_EQ(MailDifference(*fast, *gmime), "") << what;
  }
}

// Every file under `dir`, or only mail-like ones (the fixtures hold golden JSON too).
void ExpectSameUnder(const fs::path& dir, bool every_file, Tally& tally) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    if (!every_file && ext != ".eml" && ext != ".txt" && ext != ".msg" && ext != "") continue;
    ExpectSame(ReadFile(entry.path()), entry.path().string(), tally);
  }
}

TEST(MailFastPath, SameAsGmimeOnSharedReports) {
  Tally tally;
  ExpectSameUnder(testing::SharedDir() / "data" / "reports", true, tally);
  EXPECT_GE(tally.mails, 50u);
  EXPECT_GE(tally.accepted, 10u) << "the fast path should take the plain sample mails";
  std::cout << "shared reports: " << tally.accepted << " of " << tally.mails
            << " taken by the fast path\n";
}

TEST(MailFastPath, SameAsGmimeOnFixtures) {
  Tally tally;
  ExpectSameUnder(testing::SourceDir() / "tests" / "data", false, tally);
  EXPECT_GE(tally.mails, 5u);
  std::cout << "fixtures: " << tally.accepted << " of " << tally.mails << " taken\n";
}

TEST(MailFastPath, TakesEveryBenchCorpusMail) {
  Tally tally;
  for (const std::string& mail : bench::AbuseMailCorpus(300)) {
    ExpectSame(mail, mail.substr(0, 200), tally);
  }
  EXPECT_EQ(tally.accepted, tally.mails);
}

TEST(MailFastPath, DeclinesWhatItDoesNotHandle) {
  const char* kDeclined[] = {
      "Subject: a\r\n\r\nbody\r\n",                                            // CRLF
      "Subject: a\nSubject: b\n\nbody\n",                                      // repeated singleton
      "Subject: a\nContent-Type: multipart/mixed; boundary=x\n\n--x\n\nhi\n",  // no close
      "Subject: a\nContent-Type: text/plain; name*=utf-8''a\n\nhi\n",          // RFC 2231
      "Subject: a\nContent-Type: text/plain; charset=\"a\\\"b\"\n\nhi\n",      // escape
      "Subject: caf\xc3\xa9\n\nbody\n",                                        // 8-bit header
      "Subject: a\nContent-Transfer-Encoding: x-uuencode\n\nbody\n",           // encoding
      "Subject: a\n",                                                          // no body
      " folded: a\n\nbody\n",                                                  // leading fold
      "Subject: a\nContent-Type: multipart/digest; boundary=x\n\n--x\n\nhi\n--x--\n",
      // Found by mail_fastpath_fuzz: GMime warns on any field repeated in a body part's block.
      "Subject: a\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n"
      "Received: a\nReceived: b\n\nhi\n--x--\n",
      // Found by mail_fastpath_fuzz: GMime reads the disposition of a message/rfc822 (or
      // multipart) entity too and warns on a parameter it cannot read.
      "Subject: a\nContent-Type: message/rfc822\nContent-Disposition: attachment;a b=\"c\"\n\n"
      "Subject: inner\n\nhi\n",
  };
  for (const char* raw : kDeclined) {
    EXPECT_FALSE(TryParseMailFast(raw, {}).has_value()) << raw;
    Tally tally;
    ExpectSame(raw, raw, tally);
  }
}

TEST(MailFastPath, DeclinesOverLimits) {
  MailLimits limits;
  limits.max_headers = 1;
  EXPECT_FALSE(TryParseMailFast("Subject: a\nFrom: b@c\n\nbody\n", limits).has_value());
  limits = {};
  limits.max_depth = 1;
  std::string nested =
      "Subject: a\nContent-Type: message/rfc822\n\nSubject: b\nContent-Type: message/rfc822\n\n"
      "Subject: c\n\nbody\n";
  EXPECT_FALSE(TryParseMailFast(nested, limits).has_value());
  EXPECT_TRUE(TryParseMailFast(nested, {}).has_value());
}

TEST(MailFastPath, AcceptsTheCommonShapes) {
  const char* kAccepted[] = {
      "Subject: plain\nFrom: a@example.com\n\nbody line\n",
      "Subject: =?UTF-8?B?5b2T?= x\nDate: Sun, 22 Nov 2026 10:00:00 +0900\n\nbody\n",
      "Subject: a\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b\"\n\n"
      "--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
      "5b2T6YG4\n--b\nContent-Type: text/html; charset=iso-8859-1\n"
      "Content-Transfer-Encoding: quoted-printable\n\n<p>caf=E9</p>\n--b--\n",
      "Subject: a\nContent-Type: multipart/report; report-type=feedback-report;\n"
      "\tboundary=r\n\n--r\nContent-Type: text/plain\n\nreport\n--r\n"
      "Content-Type: message/feedback-report\n\nFeedback-Type: abuse\n\n--r\n"
      "Content-Type: text/rfc822-headers\n\nSubject: x\nFrom: y@z\n\n--r--\n",
  };
  for (const char* raw : kAccepted) {
    EXPECT_TRUE(TryParseMailFast(raw, {}).has_value()) << raw;
    Tally tally;
    ExpectSame(raw, raw, tally);
  }
}

TEST(MailFastPath, StrictDatesSameAsGmime) {
  std::vector<std::string> dates = {"Sun, 22 Nov 2026 10:10:00 +0900",
                                    "22 Nov 2026 10:10:00 +0900",
                                    "Sun, 22 Nov 2026 10:10:00 +0900 (JST)",
                                    "Mon, 1 Jan 2024 00:00:00 -0000",
                                    "Tue, 29 Feb 2028 23:59:59 -1200",
                                    "Wed, 31 Dec 1969 23:59:59 +0000",
                                    "Sun, 22 Nov 2026 10:10:00 JST",
                                    "Sun, 22 Nov 2026 10:10 +0900",
                                    "Sun, 31 Nov 2026 10:10:00 +0900",
                                    "Sun, 22 Nov 2026 24:00:00 +0900",
                                    "Sun, 22 Nov 2026 10:10:60 +0900",
                                    "Sun, 22 Nov 26 10:10:00 +0900",
                                    "Sun, 22 nov 2026 10:10:00 +0900",
                                    "Sun, 22 Nov 2026 10:10:00 +1400",
                                    "Sun, 22 Nov 2026 10:10:00 +0960",
                                    "Xyz, 22 Nov 2026 10:10:00 +0900",
                                    "Sun, 22 Nov 2026 10:10:00 +0900 (a (b))",
                                    "",
                                    "junk"};
  std::mt19937 random(7);
  const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto below = [&random](unsigned bound) { return static_cast<unsigned>(random() % bound); };
  for (int i = 0; i < 2000; ++i) {
    char text[64];
    std::snprintf(text, sizeof text, "Sat, %u %s %u %02u:%02u:%02u %c%02u%02u", 1 + below(31),
                  kMonths[below(12)], 1970 + below(100), below(24), below(60), below(60),
                  below(2) ? '+' : '-', below(13), below(60));
    dates.emplace_back(text);
  }
  for (const std::string& date : dates) {
    EXPECT_EQ(ParseMailDate(date), ParseMailDateWithGmime(date)) << date;
  }
}

}  // namespace
}  // namespace hikeshi::intake
