#include "server/imap_poller.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <memory>
#include <vector>

#include "server/report_ingest.h"

namespace hikeshi::server {
namespace {

constexpr std::string_view kTakenKeyword = "$HikeshiIngested";

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

// Collects a response body up to a limit; past it the transfer is aborted.
struct Sink {
  std::string bytes;
  size_t limit = 0;
  bool overflowed = false;
};

size_t Collect(char* data, size_t size, size_t count, void* context) {
  auto* sink = static_cast<Sink*>(context);
  size_t bytes = size * count;
  if (sink->bytes.size() + bytes > sink->limit) {
    sink->overflowed = true;
    return 0;  // CURLE_WRITE_ERROR
  }
  sink->bytes.append(data, bytes);
  return bytes;
}

// One IMAP connection (libcurl reuses it across the calls on the same handle).
class ImapSession {
 public:
  static Result<ImapSession> Open(const ImapOptions& options, const std::atomic<bool>* cancel) {
    static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    if (!initialised) return Fail(ErrorCode::kInternal, "libcurl could not be initialised");
    if (!options.url.starts_with("imap://") && !options.url.starts_with("imaps://")) {
      return Fail(ErrorCode::kInvalid, "imap.url must start with imap:// or imaps://");
    }
    if (options.tls != "required" && options.tls != "none") {
      return Fail(ErrorCode::kInvalid, "imap.tls must be \"required\" or \"none\"");
    }
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return Fail(ErrorCode::kInternal, "curl_easy_init failed");
    return ImapSession(std::move(curl), options, cancel);
  }

  // Runs an IMAP command on the mailbox of the URL; returns the untagged responses.
  Result<std::string> Command(std::string_view command) {
    return Transfer(options_.url, std::string(command), 1 << 20);
  }

  // The whole message with this UID.
  Result<std::string> Fetch(uint64_t uid) {
    return Transfer(fmt::format("{}/;UID={}", options_.url, uid), "", options_.max_message_bytes);
  }

 private:
  ImapSession(std::unique_ptr<CURL, CurlDeleter> curl, const ImapOptions& options,
              const std::atomic<bool>* cancel)
      : curl_(std::move(curl)), options_(options) {
    CURL* handle = curl_.get();
    if (cancel != nullptr) {
      // libcurl calls this about once a second and while data flows; non-zero aborts.
      curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
      curl_easy_setopt(handle, CURLOPT_XFERINFODATA, cancel);
      curl_easy_setopt(
          handle, CURLOPT_XFERINFOFUNCTION,
          +[](void* flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> int {
            return static_cast<const std::atomic<bool>*>(flag)->load() ? 1 : 0;
          });
    }
    curl_easy_setopt(handle, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, options_.password.c_str());
    curl_easy_setopt(handle, CURLOPT_USE_SSL,
                     options_.tls == "none" ? CURLUSESSL_NONE : CURLUSESSL_ALL);
    if (!options_.ca_file.empty())
      curl_easy_setopt(handle, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT, 300L);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &Collect);
  }

  Result<std::string> Transfer(const std::string& url, const std::string& command, size_t limit) {
    CURL* handle = curl_.get();
    Sink sink{.limit = limit};
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, command.empty() ? nullptr : command.c_str());
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &sink);
    CURLcode code = curl_easy_perform(handle);
    if (sink.overflowed) {
      return Fail(ErrorCode::kTooLarge, fmt::format("larger than {} bytes", limit));
    }
    if (code != CURLE_OK) {
      // Login, TLS and connection failures mean the mailbox is unavailable; say which.
      return Fail(ErrorCode::kUnavailable,
                  fmt::format("IMAP {}: {}", command.empty() ? "fetch" : command.substr(0, 24),
                              curl_easy_strerror(code)));
    }
    return std::move(sink.bytes);
  }

  std::unique_ptr<CURL, CurlDeleter> curl_;
  const ImapOptions& options_;
};

// The UIDs listed by "* SEARCH 1 2 3" lines.
std::vector<uint64_t> SearchResults(std::string_view response) {
  std::vector<uint64_t> uids;
  size_t start = 0;
  while (start < response.size()) {
    size_t end = response.find('\n', start);
    if (end == std::string_view::npos) end = response.size();
    std::string_view line = response.substr(start, end - start);
    start = end + 1;
    if (!line.starts_with("* SEARCH")) continue;
    line.remove_prefix(8);
    while (!line.empty()) {
      while (!line.empty() && (line.front() == ' ' || line.front() == '\r')) line.remove_prefix(1);
      uint64_t uid = 0;
      auto [next, error] = std::from_chars(line.data(), line.data() + line.size(), uid);
      if (error != std::errc()) break;
      uids.push_back(uid);
      line.remove_prefix(static_cast<size_t>(next - line.data()));
    }
  }
  return uids;
}

}  // namespace

Result<PollSummary> PollImapOnce(Store& store, const ImapOptions& options,
                                 const intake::TriagePolicy& policy, const Clock& clock,
                                 const std::atomic<bool>* cancel,
                                 const CoordinationOptions* coordination) {
  auto session = ImapSession::Open(options, cancel);
  if (!session) return std::unexpected(session.error());
  auto search = session->Command(fmt::format("UID SEARCH UNKEYWORD {}", kTakenKeyword));
  if (!search) return std::unexpected(search.error());
  PollSummary summary;
  std::vector<uint64_t> uids = SearchResults(*search);
  summary.found = static_cast<int>(uids.size());
  if (std::ssize(uids) > options.max_messages_per_poll) uids.resize(options.max_messages_per_poll);
  for (uint64_t uid : uids) {
    if (cancel != nullptr && cancel->load()) break;
    auto message = session->Fetch(uid);
    if (!message && message.error().code == ErrorCode::kTooLarge) {
      fmt::print(stderr, "hikeshi: IMAP message UID {} skipped: {}\n", uid,
                 message.error().message);
      ++summary.skipped;
    } else if (!message) {
      fmt::print(stderr, "hikeshi: IMAP message UID {}: {}\n", uid, message.error().message);
      ++summary.failed;
      continue;
    } else {
      auto stored = IngestReport(store,
                                 Arrival{.channel = "imap",
                                         .format = "mail",
                                         .raw = std::move(*message),
                                         .received_at = clock.Now()},
                                 policy, coordination);
      if (!stored) {
        fmt::print(stderr, "hikeshi: IMAP message UID {} not stored: {}\n", uid,
                   stored.error().message);
        ++summary.failed;
        continue;  // unmarked: fetched again next time
      }
      ++summary.stored;
    }
    auto marked = session->Command(fmt::format("UID STORE {} +FLAGS ({})", uid, kTakenKeyword));
    if (!marked) return std::unexpected(marked.error());
    if (!options.move_to.empty()) {
      auto moved = session->Command(fmt::format("UID MOVE {} \"{}\"", uid, options.move_to));
      if (!moved) return std::unexpected(moved.error());
    }
  }
  return summary;
}

std::chrono::milliseconds LeaseTtl(std::chrono::seconds interval) {
  return 2 * interval + std::chrono::seconds(60);
}

std::string LeaseHolderName() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return fmt::format("{}:{}", host, getpid());
}

ImapPoller::ImapPoller(Store& store, ImapOptions options, intake::TriagePolicy policy,
                       const Clock& clock, const CoordinationOptions* coordination)
    : store_(store),
      options_(std::move(options)),
      policy_(std::move(policy)),
      clock_(clock),
      lease_name_("imap:" + options_.url),
      lease_holder_(LeaseHolderName()),
      coordination_(coordination),
      thread_([this] { Run(); }) {}

ImapPoller::~ImapPoller() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  (void)store_.ReleaseLease(lease_name_, lease_holder_);  // lets another server take over now
}

void ImapPoller::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    // Among several servers on one database only the lease holder polls; a holder that dies
    // stops renewing and another takes over once the lease has lapsed.
    auto held = store_.TryAcquireLease(lease_name_, lease_holder_, LeaseTtl(options_.interval),
                                       clock_.Now());
    if (!held) {
      fmt::print(stderr, "hikeshi: IMAP lease for {}: {}\n", options_.url, held.error().message);
    }
    auto summary = held && *held
                       ? PollImapOnce(store_, options_, policy_, clock_, &stopping_, coordination_)
                       : Result<PollSummary>(PollSummary{});
    if (!summary) {
      fmt::print(stderr, "hikeshi: IMAP poll of {} failed: {}\n", options_.url,
                 summary.error().message);
    } else if (summary->stored + summary->failed + summary->skipped > 0) {
      fmt::print(stderr, "hikeshi: IMAP {}: {} stored, {} failed, {} skipped\n", options_.url,
                 summary->stored, summary->failed, summary->skipped);
    }
    lock.lock();
    wake_.wait_for(lock, options_.interval, [this] { return stopping_.load(); });
  }
}

}  // namespace hikeshi::server
