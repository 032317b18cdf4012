// Sending mail: the MailTransport seam, SMTP through libcurl (to the configured relay), and a
// capturing fake for tests.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace hikeshi::coord {

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Hands `message` (CRLF lines) to the relay for `recipients`. kUnavailable when the relay
  // cannot be reached or refuses; the caller retries later.
  virtual Status Send(std::string_view from, const std::vector<std::string>& recipients,
                      std::string_view message) = 0;
};

struct SmtpOptions {
  std::string url;       // smtp://host[:25] or smtps://host[:465]; "" = no delivery
  std::string username;  // "" = no AUTH
  std::string password;
  std::string tls = "required";  // "required" (STARTTLS or smtps), or "none" (loopback tests)
  std::string ca_file;           // extra CA certificates (PEM); "" = system
  std::chrono::seconds timeout{60};
};

class SmtpTransport final : public MailTransport {
 public:
  // `cancel` (may be null) aborts a transfer in progress when set; must outlive the transport.
  SmtpTransport(SmtpOptions options, const std::atomic<bool>* cancel = nullptr);
  Status Send(std::string_view from, const std::vector<std::string>& recipients,
              std::string_view message) override;

 private:
  const SmtpOptions options_;
  const std::atomic<bool>* cancel_;
};

// Keeps what it was given; fails the next `fail_next` sends with kUnavailable. Thread-safe.
class CapturingMailTransport final : public MailTransport {
 public:
  struct Sent {
    std::string from;
    std::vector<std::string> recipients;
    std::string message;
  };
  Status Send(std::string_view from, const std::vector<std::string>& recipients,
              std::string_view message) override;
  std::vector<Sent> sent() const;
  void FailNext(int count);

 private:
  mutable std::mutex mutex_;
  std::vector<Sent> sent_;
  int fail_next_ = 0;
};

}  // namespace hikeshi::coord
