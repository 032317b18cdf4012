#include "coord/notice_mime.h"

#include <gtest/gtest.h>

namespace hikeshi::coord {
namespace {

MailMessage Sample() {
  return {.from = "csirt@example.net",
          .to = "abuse@example.org",
          .cc = "cc@coordination.example",
          .subject = "[hikeshi #7] スキャンについて",
          .body = "本文です\nline two\n",
          .message_id = "hikeshi-7@example.net",
          .date = FromMicros(1'700'000'000'000'000),
          .attachments = {{"xarf-1.json", "application/json", "{\"Version\":\"4\"}"}}};
}

TEST(NoticeMimeTest, BuildsAMultipartWithCrlfLines) {
  auto bytes = BuildMime(Sample());
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_NE(bytes->find("To: abuse@example.org\r\n"), std::string::npos) << *bytes;
  EXPECT_NE(bytes->find("Cc: cc@coordination.example\r\n"), std::string::npos);
  EXPECT_NE(bytes->find("Message-Id: <hikeshi-7@example.net>"), std::string::npos);
  EXPECT_NE(bytes->find("Subject: [hikeshi #7] =?"), std::string::npos) << *bytes;  // RFC 2047
  EXPECT_NE(bytes->find("multipart/mixed"), std::string::npos);
  EXPECT_NE(bytes->find("filename=xarf-1.json"), std::string::npos);
  for (size_t i = 0; i < bytes->size(); ++i) {
    if ((*bytes)[i] == '\n') {
      ASSERT_TRUE(i > 0 && (*bytes)[i - 1] == '\r') << "bare LF at " << i;
    }
  }
}

TEST(NoticeMimeTest, RejectsHeaderInjection) {
  MailMessage message = Sample();
  message.to = "abuse@example.org\r\nBcc: x@example.org";
  EXPECT_FALSE(BuildMime(message));
  message = Sample();
  message.cc = "a@example.org;b@example.org";
  EXPECT_FALSE(BuildMime(message));
  message.cc = "a@example.org,\r\nBcc: x@example.org";
  EXPECT_FALSE(BuildMime(message));
  message.cc = "a@example.org,,b@example.org";  // an empty member
  EXPECT_FALSE(BuildMime(message));
}

TEST(NoticeMimeTest, CcListsEveryAddress) {
  MailMessage message = Sample();
  message.cc = "a@example.org, b@example.org";
  auto bytes = BuildMime(message);
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_NE(bytes->find("Cc: a@example.org, b@example.org\r\n"), std::string::npos) << *bytes;
}

}  // namespace
}  // namespace hikeshi::coord
