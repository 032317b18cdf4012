// The PostgreSQL implementation of Store (store.h), for several `hikeshi serve` processes on one
// database (doc/operations.md, "Scale-out"). Same schema and behaviour as SqliteStore
// (postgres_migrations.h, doc/schema.md).
//
// Concurrency: every method is one transaction on a pooled connection
// (postgres_connection_pool.h). MutateIncident locks the incident row (SELECT … FOR UPDATE)
// before reading it, so writers in any process touching one incident run one after the other:
// no update is lost and each work-log chain stays linear. Incident ids come from a sequence.
// Leases are rows updated under the same row lock (postgres_store_leases.cc).
//
// Unreachable database: kUnavailable (HTTP 503); the next call reconnects.
#pragma once

#include <memory>
#include <string>

#include "store/postgres_connection_pool.h"
#include "store/store.h"

namespace hikeshi {

class PostgresStore final : public Store {
 public:
  // Connects to `url` (a libpq URL), migrates the schema and keeps a pool of
  // options.postgres_pool_size connections. kUnavailable when the server cannot be reached.
  static Result<std::unique_ptr<PostgresStore>> Open(const std::string& url,
                                                     const StoreOptions& options);

  // Incidents and work logs (postgres_store.cc). The mutation runs while the row is locked and
  // may run again if PostgreSQL aborts the transaction as a deadlock; it must not call back
  // into the store.
  Result<std::pair<Incident, WorkLogEntry>> CreateIncident(Incident incident,
                                                           const WorkLogDraft& entry,
                                                           std::string_view responder) override;
  Result<Incident> GetIncident(int64_t id) override;
  Result<IncidentPage> ListIncidents(const IncidentQuery& query) override;
  Result<MutationResult> MutateIncident(int64_t id, const IncidentMutation& mutate,
                                        std::string_view responder, Timestamp at) override;
  Result<std::vector<WorkLogEntry>> ListWorkLog(int64_t incident_id) override;
  Result<VerifyResult> VerifyWorkLogs() override;

  // Reports and observables (postgres_store_reports.cc).
  Result<std::vector<Report>> AddReports(std::vector<Report> reports) override;
  Result<Report> UpdateReport(Report report) override;
  Result<Report> GetReport(int64_t id) override;
  Result<ReportPage> ListReports(const ReportQuery& query) override;
  Result<std::vector<Report>> ListRelatedReports(const RelatedReportQuery& query) override;
  Result<ObservableSightings> FindObservable(std::string_view value, int limit) override;

  // Users, API tokens and sessions (postgres_store_accounts.cc).
  Result<User> CreateUser(const User& user) override;
  Result<User> GetUserByName(std::string_view name) override;
  Result<User> GetUserById(int64_t id) override;
  Result<std::vector<User>> ListUsers() override;
  Result<ApiToken> CreateApiToken(const ApiToken& token) override;
  Result<User> GetUserByTokenHash(std::string_view token_hash) override;
  Status CreateSession(const Session& session) override;
  Result<Session> GetSession(std::string_view id_hash, Timestamp now) override;
  Status DeleteSession(std::string_view id_hash) override;

  // Leases (postgres_store_leases.cc).
  Result<bool> TryAcquireLease(std::string_view name, std::string_view holder,
                               std::chrono::milliseconds ttl, Timestamp now) override;
  Status ReleaseLease(std::string_view name, std::string_view holder) override;

  // Correlation links, notifications and contacts (postgres_store_coord.cc).
  Status AddIncidentLinks(const std::vector<IncidentLink>& links) override;
  Result<std::vector<IncidentLink>> ListIncidentLinks(int64_t incident_id) override;
  Result<Notification> SaveNotification(Notification notification) override;
  Result<Notification> GetNotification(int64_t id) override;
  Result<std::vector<Notification>> ListNotifications(const NotificationQuery& query) override;
  Result<std::vector<Notification>> ClaimDueNotifications(std::chrono::milliseconds lease,
                                                          Timestamp now, int limit) override;
  Result<Notification> ClaimNotification(int64_t id, std::chrono::milliseconds lease,
                                         Timestamp now) override;
  Result<Contact> SaveContact(Contact contact) override;
  Result<Contact> GetContact(int64_t id) override;
  Result<std::vector<Contact>> ListContacts(int limit) override;
  Status DeleteContact(int64_t id) override;

  postgres::ConnectionPool& Pool() { return *pool_; }

 private:
  explicit PostgresStore(std::unique_ptr<postgres::ConnectionPool> pool);

  std::unique_ptr<postgres::ConnectionPool> pool_;
};

}  // namespace hikeshi
