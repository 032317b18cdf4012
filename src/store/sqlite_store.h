// The SQLite implementation of Store (store.h), the embedded default: one database file in WAL
// mode. Writes go through one connection; concurrent ones share a BEGIN IMMEDIATE transaction,
// each in its own savepoint (group commit, sqlite_commit_queue.h). Reads use a small pool of
// read-only connections and so never wait for a writer (see sqlite_connections.h). The schema is
// in sqlite_migrations.cc and doc/schema.md.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "store/sqlite_checkpointer.h"
#include "store/sqlite_commit_queue.h"
#include "store/sqlite_connections.h"
#include "store/sqlite_lease_table.h"
#include "store/sqlite_search_indexer.h"
#include "store/store.h"

namespace hikeshi {

class SqliteStore final : public Store {
 public:
  // Opens or creates the database at `path` (":memory:" for a private in-memory one), configures
  // the connection (WAL, foreign keys, synchronous, busy timeout) and migrates the schema.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                   const StoreOptions& options);
  ~SqliteStore() override;

  // Incidents and their work logs (sqlite_store.cc). The mutation passed to MutateIncident runs
  // while this store's write lock is held, possibly on another caller's thread (the group-commit
  // leader), and must not call back into the store.
  Result<std::pair<Incident, WorkLogEntry>> CreateIncident(Incident incident,
                                                           const WorkLogDraft& entry,
                                                           std::string_view responder) override;
  Result<Incident> GetIncident(int64_t id) override;
  Result<IncidentPage> ListIncidents(const IncidentQuery& query) override;
  Result<MutationResult> MutateIncident(int64_t id, const IncidentMutation& mutate,
                                        std::string_view responder, Timestamp at) override;
  Result<std::vector<WorkLogEntry>> ListWorkLog(int64_t incident_id) override;
  Result<VerifyResult> VerifyWorkLogs() override;

  // Reports and their observables (sqlite_store_reports.cc).
  Result<std::vector<Report>> AddReports(std::vector<Report> reports) override;
  Result<Report> UpdateReport(Report report) override;
  Result<Report> GetReport(int64_t id) override;
  Result<ReportPage> ListReports(const ReportQuery& query) override;
  Result<ObservableSightings> FindObservable(std::string_view value, int limit) override;
  Result<std::vector<Report>> ListRelatedReports(const RelatedReportQuery& query) override;

  // Users, API tokens and sessions (sqlite_store_accounts.cc).
  Result<User> CreateUser(const User& user) override;
  Result<User> GetUserByName(std::string_view name) override;
  Result<User> GetUserById(int64_t id) override;
  Result<std::vector<User>> ListUsers() override;
  Result<ApiToken> CreateApiToken(const ApiToken& token) override;
  Result<User> GetUserByTokenHash(std::string_view token_hash) override;
  Status CreateSession(const Session& session) override;
  Result<Session> GetSession(std::string_view id_hash, Timestamp now) override;
  Status DeleteSession(std::string_view id_hash) override;

  // Leases, in this process's memory (sqlite_lease_table.h).
  Result<bool> TryAcquireLease(std::string_view name, std::string_view holder,
                               std::chrono::milliseconds ttl, Timestamp now) override {
    return leases_.TryAcquire(name, holder, ttl, now);
  }
  Status ReleaseLease(std::string_view name, std::string_view holder) override {
    leases_.Release(name, holder);
    return {};
  }
  // Correlation links, notifications and contacts (sqlite_store_coord.cc).
  Status AddIncidentLinks(const std::vector<IncidentLink>& links) override;
  Result<std::vector<IncidentLink>> ListIncidentLinks(int64_t incident_id) override;
  Result<Notification> SaveNotification(Notification notification) override;
  Result<Notification> GetNotification(int64_t id) override;
  Result<std::vector<Notification>> ListNotifications(const NotificationQuery& query) override;
  // The outbox's claim (sqlite_store_claims.cc).
  Result<std::vector<Notification>> ClaimDueNotifications(std::chrono::milliseconds lease,
                                                          Timestamp now, int limit) override;
  Result<Notification> ClaimNotification(int64_t id, std::chrono::milliseconds lease,
                                         Timestamp now) override;
  Result<Contact> SaveContact(Contact contact) override;
  Result<Contact> GetContact(int64_t id) override;
  Result<std::vector<Contact>> ListContacts(int limit) override;
  Status DeleteContact(int64_t id) override;

 private:
  SqliteStore(std::unique_ptr<sqlite::Connections> connections,
              std::unique_ptr<sqlite::Checkpointer> checkpointer, bool index_in_background);

  // Indexes incidents the full-text index has not seen yet, so a search sees every commit.
  Status CatchUpSearchIndex();
  // Moves indexed_upto_hint_ up to `upto` (never down).
  void RaiseIndexedUptoHint(int64_t upto);

  std::unique_ptr<sqlite::Connections> connections_;
  std::unique_ptr<sqlite::Checkpointer> checkpointer_;  // after connections_: stopped first
  sqlite::CommitQueue commit_queue_;                    // every write goes through it
  // Highest incident id known to be indexed for search (sqlite_search_index.h). Only a hint for
  // when to index next: another process may have moved it on.
  std::atomic<int64_t> indexed_upto_hint_ = 0;
  sqlite::LeaseTable leases_;
  // Indexes new incidents in the background (absent for ":memory:", where searches index).
  // Last: stopped before everything it uses.
  std::unique_ptr<sqlite::SearchIndexer> search_indexer_;
};

}  // namespace hikeshi
