#include "server/notification_outbox.h"

#include <fmt/format.h>

#include <cstdio>

#include "server/notification_flow.h"

namespace hikeshi::server {

Result<int> DeliverDueOnce(Store& store, const NotifyOptions& notify,
                           coord::MailTransport& transport, const Clock& clock, int max_per_pass) {
  auto due = store.ListNotifications({.due_by = clock.Now(), .limit = max_per_pass});
  if (!due) return std::unexpected(due.error());
  int sent = 0;
  for (const Notification& n : *due) {
    auto delivered = DeliverNotification(store, notify, transport, n.id, clock.Now());
    if (!delivered) {
      std::fprintf(stderr, "hikeshi: notice #%lld: %s\n", static_cast<long long>(n.id),
                   delivered.error().message.c_str());
      continue;
    }
    if (delivered->state == "sent") ++sent;
  }
  return sent;
}

NotificationOutbox::NotificationOutbox(Store& store, NotifyOptions notify, OutboxOptions options,
                                       const Clock& clock)
    : store_(store),
      notify_(std::move(notify)),
      options_(std::move(options)),
      clock_(clock),
      transport_(options_.smtp, &stopping_),
      thread_([this] { Run(); }) {}

NotificationOutbox::~NotificationOutbox() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void NotificationOutbox::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto sent = DeliverDueOnce(store_, notify_, transport_, clock_, options_.max_per_pass);
    if (!sent) {
      std::fprintf(stderr, "hikeshi: outbox: %s\n", sent.error().message.c_str());
    }
    lock.lock();
    wake_.wait_for(lock, options_.interval, [this] { return stopping_.load(); });
  }
}

}  // namespace hikeshi::server
