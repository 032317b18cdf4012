#include "abuse_mail_corpus.h"

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace hikeshi::bench {
namespace {

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t line = 0;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned int chunk = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(chunk >> 18) & 63];
    out += kAlphabet[(chunk >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[chunk & 63] : '=';
    if (++line == 19) {
      out += '\n';
      line = 0;
    }
  }
  return out + "\n";
}

std::string ReceivedChain(std::mt19937& random, int hops) {
  std::string chain;
  for (int i = 0; i < hops; ++i) {
    chain += "Received: from relay" + std::to_string(random() % 100) + ".example.net (relay" +
             std::to_string(i) + ".example.net [198.51.100." + std::to_string(random() % 250) +
             "])\n\tby mx" + std::to_string(i) + ".example.jp (Postfix) with ESMTPS id 4Xy" +
             std::to_string(random()) + "\n\tfor <abuse@example.jp>; Sun, 22 Nov 2026 10:0" +
             std::to_string(i % 10) + ":00 +0900 (JST)\n";
  }
  return chain;
}

std::string SpamBody(std::size_t bytes) {
  static const std::string kLine =
      "当選おめでとうございます！今すぐ http://prize.example.com/claim?id=12345 にアクセスして"
      "賞品を受け取ってください。期限は本日中です。\n";
  std::string body;
  while (body.size() < bytes) body += kLine;
  return body;
}

std::string ForwardedSpam(std::mt19937& random, std::size_t body_bytes) {
  std::string text = SpamBody(body_bytes);
  std::string html = "<html><body><p>" + SpamBody(body_bytes / 2) + "</p></body></html>";
  return ReceivedChain(random, 3) +
         "From: victim@example.jp\nTo: abuse@example.net\nSubject: Fwd: "
         "=?ISO-2022-JP?B?GyRCRXZBKiROJCpDTiRpJDsbKEI=?=\n"
         "Date: Sun, 22 Nov 2026 10:10:00 +0900\nMessage-ID: <fwd-" +
         std::to_string(random()) +
         "@example.jp>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"outer\"\n\n"
         "--outer\nContent-Type: text/plain; charset=ISO-2022-JP\n\n"
         "\x1b$B0BMm%a!<%k$rE>Aw$7$^$9!#\x1b(B\n"
         "--outer\nContent-Type: message/rfc822\n\n" +
         ReceivedChain(random, 4) +
         "From: \"Prize\" <winner@spam.example.com>\nTo: victim@example.jp\n"
         "Subject: =?UTF-8?B?5b2T6YG444Gu44GK55+l44KJ44Gb?=\nDate: Sun, 22 Nov 2026 01:00:00 "
         "+0000\nMessage-ID: <spam@spam.example.com>\nMIME-Version: 1.0\n"
         "Content-Type: multipart/alternative; boundary=\"alt\"\n\n"
         "--alt\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" +
         Base64(text) +
         "--alt\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" +
         Base64(html) + "--alt--\n\n--outer--\n";
}

std::string ArfReportMail(std::mt19937& random, std::size_t body_bytes) {
  return ReceivedChain(random, 2) +
         "From: fbl@feedback.example.org\nTo: abuse@example.net\nSubject: Abuse Report\n"
         "Date: Sun, 22 Nov 2026 01:00:00 +0000\nMIME-Version: 1.0\n"
         "Content-Type: multipart/report; report-type=feedback-report; boundary=\"arf\"\n\n"
         "--arf\nContent-Type: text/plain\n\nThis is an email abuse report.\n"
         "--arf\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\n"
         "User-Agent: FBL/1.0\nVersion: 1\nOriginal-Mail-From: <bounce@spam.example.com>\n"
         "Arrival-Date: Sun, 22 Nov 2026 00:59:00 +0000\nSource-IP: 203.0.113." +
         std::to_string(random() % 250) +
         "\nReported-Domain: spam.example.com\n\n"
         "--arf\nContent-Type: message/rfc822\n\n" +
         ReceivedChain(random, 3) +
         "From: winner@spam.example.com\nTo: user@example.org\nSubject: Prize\n"
         "Date: Sun, 22 Nov 2026 00:58:00 +0000\nContent-Type: text/html; charset=utf-8\n\n"
         "<html>" +
         SpamBody(body_bytes) + "</html>\n--arf--\n";
}

std::string XarfMail(std::mt19937& random, std::size_t log_bytes) {
  std::string log;
  while (log.size() < log_bytes) {
    log += "Nov 22 01:00:00 host sshd[1]: Failed password for root from 192.0.2." +
           std::to_string(random() % 250) + " port 40000 ssh2\n";
  }
  // Each report has its own id, as real ones do (the same id twice is a duplicate report).
  std::string json =
      R"({"xarf_version":"4.2.0","report_id":"r-)" + std::to_string(random()) +
      R"(","timestamp":"2026-11-22T01:00:00Z",)"
      R"("reporter":{"org":"Scan Watch","contact":"r@scan.example","domain":"scan.example"},)"
      R"("category":"connection","type":"login_attack","source_identifier":"192.0.2.7",)"
      R"("source_port":40000,"evidence":[{"content_type":"text/plain","payload":")" +
      Base64(log).substr(0, Base64(log).size() - 1) + R"("}],"tags":["ssh"]})";
  std::erase(json, '\n');
  return "From: r@scan.example\nTo: abuse@example.net\nSubject: X-ARF report\n"
         "Date: Sun, 22 Nov 2026 01:05:00 +0000\nMIME-Version: 1.0\n"
         "Content-Type: multipart/mixed; boundary=\"x\"\n\n--x\nContent-Type: text/plain\n\n"
         "Login attack from 192.0.2.7.\n--x\nContent-Type: application/json\n"
         "Content-Disposition: attachment; filename=\"xarf.json\"\n\n" +
         json + "\n--x--\n";
}

}  // namespace

std::vector<std::string> AbuseMailCorpus(int count, uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<std::string> mails;
  for (int i = 0; i < count; ++i) {
    std::size_t bytes = 600 + random() % 7000;  // whole mails land between ~2 and ~20 KB
    switch (i % 3) {
      case 0:
        mails.push_back(ForwardedSpam(random, bytes));
        break;
      case 1:
        mails.push_back(ArfReportMail(random, bytes * 2));
        break;
      default:
        mails.push_back(XarfMail(random, bytes));
        break;
    }
  }
  return mails;
}

}  // namespace hikeshi::bench
