// Polling an abuse mailbox over IMAP (libcurl): every message not yet taken is fetched, stored
// through the one ingest path (bytes first, then parsed and triaged), and only then marked with
// the keyword $HikeshiIngested (and moved, when configured). A message whose storing failed is
// left unmarked and fetched again next time; one fetched twice collapses into one report by its
// Message-ID. Keywords, not \Seen, mark progress, so people reading the mailbox change nothing.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.h"
#include "core/report.h"
#include "core/time.h"
#include "intake/report_triage.h"
#include "server/coordination.h"
#include "store/store.h"

namespace hikeshi::server {

struct ImapOptions {
  // imaps://host[:993]/MAILBOX (TLS from the start) or imap://host[:143]/MAILBOX (STARTTLS is
  // required unless tls = "none").
  std::string url;
  std::string username;
  std::string password;
  std::string tls = "required";  // "required" or "none" (plain IMAP: loopback test setups only)
  std::string ca_file;           // extra CA certificates (PEM), e.g. a private CA; "" = system
  std::string move_to;           // mailbox to move taken messages to; "" = keep in place
  int max_messages_per_poll = 500;
  std::chrono::seconds interval{60};
  size_t max_message_bytes = kMaxReportBytes;  // larger messages are skipped with an error
};

struct PollSummary {
  int found = 0;    // messages not yet taken
  int stored = 0;   // stored and marked
  int failed = 0;   // fetch or store failed: left for the next poll
  int skipped = 0;  // over max_message_bytes: marked so they are not fetched again
};

// One pass over the mailbox. Errors: kUnavailable when the server cannot be reached or refuses
// the login or TLS; per-message failures are counted, not returned. Setting `*cancel` aborts
// the transfer in progress and ends the pass (what was stored stays stored). With
// `coordination`, each stored message is correlated and threaded (coordination.h).
Result<PollSummary> PollImapOnce(Store& store, const ImapOptions& options,
                                 const intake::TriagePolicy& policy, const Clock& clock,
                                 const std::atomic<bool>* cancel = nullptr,
                                 const CoordinationOptions* coordination = nullptr);

// How long a poller's lease lasts without renewal: two intervals and a minute, so a live poller
// (renewing before every poll) keeps it and a killed one's lapses within that time.
std::chrono::milliseconds LeaseTtl(std::chrono::seconds interval);
// "host:pid": who holds a lease, for the leases table and for humans reading it.
std::string LeaseHolderName();

// Polls every `options.interval` on a thread of its own until destroyed; failures are logged to
// stderr and retried at the next interval. With several servers on one database, only the
// holder of the store lease "imap:<url>" polls (Store::TryAcquireLease); it is released on
// destruction.
class ImapPoller {
 public:
  // `coordination` (may be null) must outlive the poller.
  ImapPoller(Store& store, ImapOptions options, intake::TriagePolicy policy, const Clock& clock,
             const CoordinationOptions* coordination = nullptr);
  ImapPoller(const ImapPoller&) = delete;
  ImapPoller& operator=(const ImapPoller&) = delete;
  ~ImapPoller();

 private:
  void Run();

  Store& store_;
  const ImapOptions options_;
  const intake::TriagePolicy policy_;
  const Clock& clock_;
  const std::string lease_name_;
  const std::string lease_holder_;
  const CoordinationOptions* coordination_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_ = false;  // also cancels a poll in progress
  std::thread thread_;                  // last: starts after everything it uses exists
};

}  // namespace hikeshi::server
