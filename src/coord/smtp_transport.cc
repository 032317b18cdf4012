#include "coord/smtp_transport.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace hikeshi::coord {
namespace {

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Source {
  std::string_view rest;
};

size_t ReadChunk(char* buffer, size_t size, size_t count, void* user) {
  auto* source = static_cast<Source*>(user);
  size_t n = std::min(size * count, source->rest.size());
  std::memcpy(buffer, source->rest.data(), n);
  source->rest.remove_prefix(n);
  return n;
}

bool PlainAddress(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  return std::none_of(address.begin(), address.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == 0x7f;
  });
}

}  // namespace

SmtpTransport::SmtpTransport(SmtpOptions options, const std::atomic<bool>* cancel)
    : options_(std::move(options)), cancel_(cancel) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialised;
}

Status SmtpTransport::Send(std::string_view from, const std::vector<std::string>& recipients,
                           std::string_view message) {
  if (options_.url.empty()) return Fail(ErrorCode::kUnavailable, "no SMTP relay configured");
  if (!PlainAddress(from) || recipients.empty() ||
      !std::all_of(recipients.begin(), recipients.end(),
                   [](const std::string& r) { return PlainAddress(r); })) {
    return Fail(ErrorCode::kInvalid, "SMTP envelope addresses must be plain addresses");
  }
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Fail(ErrorCode::kInternal, "curl_easy_init failed");
  CURL* handle = curl.get();
  std::unique_ptr<curl_slist, SlistDeleter> rcpt;
  for (const std::string& recipient : recipients) {
    std::string value = "<" + recipient + ">";
    curl_slist* grown = curl_slist_append(rcpt.get(), value.c_str());
    if (grown == nullptr) return Fail(ErrorCode::kInternal, "out of memory");
    (void)rcpt.release();
    rcpt.reset(grown);
  }
  std::string mail_from = "<" + std::string(from) + ">";
  Source source{message};
  curl_easy_setopt(handle, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(handle, CURLOPT_READFUNCTION, &ReadChunk);
  curl_easy_setopt(handle, CURLOPT_READDATA, &source);
  curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  if (!options_.username.empty()) {
    curl_easy_setopt(handle, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, options_.password.c_str());
  }
  curl_easy_setopt(handle, CURLOPT_USE_SSL,
                   options_.tls == "none" ? CURLUSESSL_NONE : CURLUSESSL_ALL);
  if (!options_.ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  if (cancel_ != nullptr) {
    curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, cancel_);
    curl_easy_setopt(
        handle, CURLOPT_XFERINFOFUNCTION,
        +[](void* flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> int {
          return static_cast<const std::atomic<bool>*>(flag)->load() ? 1 : 0;
        });
  }
  CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) {
    long response = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response);
    return Fail(ErrorCode::kUnavailable,
                fmt::format("SMTP delivery to {} failed: {} (reply {})", options_.url,
                            curl_easy_strerror(code), response));
  }
  return {};
}

Status CapturingMailTransport::Send(std::string_view from,
                                    const std::vector<std::string>& recipients,
                                    std::string_view message) {
  std::lock_guard lock(mutex_);
  if (fail_next_ > 0) {
    --fail_next_;
    return Fail(ErrorCode::kUnavailable, "capturing transport: failure injected");
  }
  sent_.push_back({std::string(from), recipients, std::string(message)});
  return {};
}

std::vector<CapturingMailTransport::Sent> CapturingMailTransport::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

void CapturingMailTransport::FailNext(int count) {
  std::lock_guard lock(mutex_);
  fail_next_ = count;
}

}  // namespace hikeshi::coord
