// Store: the one persistence interface, implemented by SQLite (default, sqlite_store.h) and
// PostgreSQL (postgres_store.h) with the same contract, so callers never change.
//
// Contract for every implementation:
//  - Thread-safe: any method may be called from any thread concurrently.
//  - Atomic: a method that fails has stored nothing.
//  - The work log is append-only; each incident's entries form a hash chain (worklog_chain.h)
//    and the incident row records the chain's head hash and length, so a deleted tail is caught.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/contact.h"
#include "core/error.h"
#include "core/incident.h"
#include "core/report.h"
#include "core/user.h"
#include "core/worklog.h"
#include "store/coord_records.h"

namespace hikeshi {

// Orders the incident list can be sorted by (doc/api.md). Text keys (title, state, category,
// lead) sort by byte order of the stored value, the same on every backend; severity and TLP sort
// by their scale (low < … < critical, CLEAR < … < RED); ties are broken by id in the same
// direction, so every order is total and a keyset cursor never skips or repeats a row.
enum class IncidentSort {
  kId,
  kTitle,
  kState,
  kCategory,
  kSeverity,
  kTlp,
  kLead,
  kReportedAt,
  kUpdatedAt
};
std::string_view ToString(IncidentSort sort);  // "id", "title", …, "reported_at", "updated_at"
std::optional<IncidentSort> ParseIncidentSort(std::string_view name);
// True for the keys whose cursor value is text (the others carry a number).
bool IsTextSort(IncidentSort sort);

// Where a sorted page ended: the last row's sort value and id. Lists continue after it.
struct IncidentSortPosition {
  std::variant<int64_t, std::string> value;  // number: id, rank or micros; text: as stored
  int64_t id = 0;
  bool operator==(const IncidentSortPosition&) const = default;
};

struct IncidentQuery {
  std::optional<State> state;
  std::optional<Category> category;
  std::optional<Tlp> tlp;
  std::optional<std::string> lead;
  std::string text;  // full-text search over title and description; empty matches everything
  int limit = 50;    // 1 … kMaxPageSize
  std::optional<int64_t> before_id;  // cursor: only incidents with id < before_id
  IncidentSort sort = IncidentSort::kId;
  bool ascending = false;
  // Cursor for any sort: only incidents after this position in the query's order. Its value
  // must be of the sort's kind (IsTextSort), else kInvalid.
  std::optional<IncidentSortPosition> after;
};
inline constexpr int kMaxPageSize = 500;

// In the query's order (default newest first). When more items may follow, `next` is the last
// item's position and next_before_id its id (a cursor only for the default order).
struct IncidentPage {
  std::vector<Incident> items;
  std::optional<int64_t> next_before_id;
  std::optional<IncidentSortPosition> next;
};
// The position of `incident` in the order `sort` (what IncidentPage::next holds).
IncidentSortPosition SortPositionOf(const Incident& incident, IncidentSort sort);

// Runs inside the store's transaction on the current row. Return an error to abort (nothing
// stored), std::nullopt when nothing changed (nothing stored), or the entry to log with the change.
using IncidentMutation = std::function<Result<std::optional<WorkLogDraft>>(Incident&)>;

struct MutationResult {
  Incident incident;
  std::optional<WorkLogEntry> entry;  // empty when the mutation changed nothing
};

struct ChainProblem {
  int64_t incident_id = 0;
  int64_t seq = 0;   // the first entry that does not verify (count+1 for a missing tail)
  std::string what;  // "entry 3 missing (deleted?)", … (doc/worklog_format.md lists them)
};

// An incident's chain as its row records it. Exported and compared later, the head is what
// catches a consistent rewrite of the whole chain (doc/worklog_format.md).
struct ChainHead {
  int64_t incident_id = 0;
  int64_t entries = 0;  // log_count
  std::string hash;     // log_head: the hash of the last entry
};

struct VerifyResult {
  int64_t incidents = 0;
  int64_t entries = 0;
  std::vector<ChainProblem> problems;  // ordered by incident id, first problem per incident
  std::vector<ChainHead> heads;        // every incident, ordered by id
};

struct ReportQuery {
  std::optional<ReportStatus> status;  // empty: every status but duplicate
  std::optional<Category> category;
  // Matches a report that has an observable with exactly this (normalised) value, or whose
  // subject, reporter or text contains it. Empty matches everything.
  std::string text;
  int limit = 50;                    // 1 … kMaxPageSize
  std::optional<int64_t> before_id;  // cursor: only reports with id < before_id
  // Only reports accepted into or attached to this incident (reports.incident_id, indexed).
  std::optional<int64_t> incident_id;
};

// Newest first (descending id). Items carry no raw bytes (GetReport has them).
struct ReportPage {
  std::vector<Report> items;
  std::optional<int64_t> next_before_id;
};

// Everything on record that mentions one observable value.
struct ObservableSightings {
  std::vector<int64_t> report_ids;    // newest first
  std::vector<int64_t> incident_ids;  // through an accepted report; newest first
};

// Reports sharing a value with another, for correlation (doc/coordination.md): an observable
// whose value equals `value` (or starts with it when `prefix`), or whose registrable domain
// equals it; received at or after `since`; not duplicates. Newest first, at most `limit`
// (1 … kMaxPageSize); items carry their observables but no raw bytes. Served by indexes.
struct RelatedReportQuery {
  std::string value;
  bool prefix = false;  // "198.51.100." finds every address of the /24 (ASCII prefixes)
  Timestamp since;
  int limit = 50;
};

struct Session {
  std::string id_hash;  // SHA-256 hex of the cookie value; the value itself is never stored
  int64_t user_id = 0;
  std::string csrf_token;
  Timestamp created_at;
  Timestamp expires_at;
};

struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string label;
  std::string token_hash;  // SHA-256 hex of the token; the token itself is never stored
  Timestamp created_at;
};

class Store {
 public:
  virtual ~Store() = default;

  // Incidents. CreateIncident assigns the id and appends `entry` as seq 1 at incident.created_at.
  virtual Result<std::pair<Incident, WorkLogEntry>> CreateIncident(Incident incident,
                                                                   const WorkLogDraft& entry,
                                                                   std::string_view responder) = 0;
  virtual Result<Incident> GetIncident(int64_t id) = 0;  // kNotFound
  virtual Result<IncidentPage> ListIncidents(const IncidentQuery& query) = 0;
  // Loads, mutates, bumps version, saves and appends the returned entry at `at`, atomically.
  virtual Result<MutationResult> MutateIncident(int64_t id, const IncidentMutation& mutate,
                                                std::string_view responder, Timestamp at) = 0;
  virtual Result<std::vector<WorkLogEntry>> ListWorkLog(int64_t incident_id) = 0;  // by seq
  // Re-reads every chain from storage and checks hashes, links, sequence and head.
  virtual Result<VerifyResult> VerifyWorkLogs() = 0;

  // Reports (doc/schema.md). AddReports stores each report (raw bytes and SHA-256 first, and
  // whatever parsing produced) in one transaction and assigns ids. A parsed report whose
  // Message-ID, or reporter + reference, matches an earlier report is stored as a duplicate of
  // it (status kDuplicate, duplicate_of) and counted in the earlier one's `repeats`.
  virtual Result<std::vector<Report>> AddReports(std::vector<Report> reports) = 0;
  // Replaces everything but the raw bytes, hash, channel and received_at (a parse after a raw
  // store, or a responder's triage), with the same duplicate rule. kNotFound.
  virtual Result<Report> UpdateReport(Report report) = 0;
  virtual Result<Report> GetReport(int64_t id) = 0;  // kNotFound
  virtual Result<ReportPage> ListReports(const ReportQuery& query) = 0;
  // `value` is compared exactly with stored (normalised) observable values.
  virtual Result<ObservableSightings> FindObservable(std::string_view value, int limit) = 0;
  virtual Result<std::vector<Report>> ListRelatedReports(const RelatedReportQuery& query) = 0;

  // Users. CreateUser fails with kConflict when the name is taken.
  virtual Result<User> CreateUser(const User& user) = 0;
  virtual Result<User> GetUserByName(std::string_view name) = 0;  // kNotFound
  virtual Result<User> GetUserById(int64_t id) = 0;               // kNotFound
  virtual Result<std::vector<User>> ListUsers() = 0;

  // API tokens, stored hashed.
  virtual Result<ApiToken> CreateApiToken(const ApiToken& token) = 0;
  virtual Result<User> GetUserByTokenHash(std::string_view token_hash) = 0;  // kNotFound

  // Browser sessions, stored hashed. GetSession returns kNotFound for unknown or expired ones.
  virtual Status CreateSession(const Session& session) = 0;
  virtual Result<Session> GetSession(std::string_view id_hash, Timestamp now) = 0;
  virtual Status DeleteSession(std::string_view id_hash) = 0;

  // Leases: one holder at a time for a named singleton job (polling one mailbox) among the
  // processes sharing the database. TryAcquireLease takes the lease when it is free or expired,
  // renews it when `holder` already has it (expiry now + ttl either way), and returns false while
  // another holder's lease is live. A holder that dies simply stops renewing; its lease lapses.
  virtual Result<bool> TryAcquireLease(std::string_view name, std::string_view holder,
                                       std::chrono::milliseconds ttl, Timestamp now) = 0;
  // Gives the lease up if `holder` has it; otherwise does nothing.
  virtual Status ReleaseLease(std::string_view name, std::string_view holder) = 0;
  // Coordination (schema v4, store/coord_records.h). Links are append-only.
  virtual Status AddIncidentLinks(const std::vector<IncidentLink>& links) = 0;
  virtual Result<std::vector<IncidentLink>> ListIncidentLinks(int64_t incident_id) = 0;  // by id
  // id 0 inserts (id, version 1 and message_id kept as given); otherwise updates the row when
  // its version equals notification.version (kConflict if not, kNotFound) and bumps it.
  virtual Result<Notification> SaveNotification(Notification notification) = 0;
  virtual Result<Notification> GetNotification(int64_t id) = 0;  // kNotFound
  virtual Result<std::vector<Notification>> ListNotifications(const NotificationQuery& query) = 0;
  // The outbox's claim, so that among several servers on one database each due notification is
  // handed to one of them: atomically takes up to `limit` approved notifications whose
  // next_attempt_at ≤ now and whose claimed_until is absent or ≤ now, sets their claimed_until
  // to now + lease and bumps their version, and returns them as claimed (by id). A claimed one
  // is not claimable again until the lease ends, so one whose server died is claimed again then;
  // a server whose lease ran out before it saved gets kConflict from SaveNotification, as the
  // version moved on. Concurrent callers get disjoint sets. The deliverer clears claimed_until
  // when it saves the outcome (doc/operations.md, "Notification delivery among several servers").
  virtual Result<std::vector<Notification>> ClaimDueNotifications(std::chrono::milliseconds lease,
                                                                  Timestamp now, int limit) = 0;
  // Claims one approved notification for sending now (the API's send-now), whatever its
  // next_attempt_at (retry backoff does not stop a person), the same way: claimed_until = now +
  // lease, version bumped; returns it as claimed. kNotFound; kConflict when it is not approved
  // or another claim on it is live (claimed_until > now), so it is never delivered twice.
  virtual Result<Notification> ClaimNotification(int64_t id, std::chrono::milliseconds lease,
                                                 Timestamp now) = 0;

  // The contact directory. SaveContact inserts when id is 0, else replaces (kNotFound).
  virtual Result<Contact> SaveContact(Contact contact) = 0;
  virtual Result<Contact> GetContact(int64_t id) = 0;                // kNotFound
  virtual Result<std::vector<Contact>> ListContacts(int limit) = 0;  // by id
  virtual Status DeleteContact(int64_t id) = 0;                      // kNotFound
};

struct StoreOptions {
  // SQLite: "full" makes every commit durable across power loss; "normal" (default) is durable
  // across process crashes and keeps WAL commits fast. See doc/operations.md.
  std::string sqlite_synchronous = "normal";
  int sqlite_busy_timeout_ms = 5000;
  // PostgreSQL: connections each process keeps at most, and how long a call waits for one
  // before failing with kUnavailable (doc/configuration.md).
  int postgres_pool_size = 8;
  int postgres_acquire_timeout_ms = 5000;
};

// Opens (and migrates to the current schema) the store named by `location`: a file path,
// "sqlite:PATH", ":memory:" (tests), or a libpq URL "postgresql://…" / "postgres://…".
Result<std::unique_ptr<Store>> OpenStore(std::string_view location,
                                         const StoreOptions& options = {});

// The kConflict message of Store::ClaimNotification when another claim on `id` is live until
// `until`; the same words from every backend.
inline std::string ClaimedElsewhereMessage(int64_t id, Timestamp until, Timestamp now) {
  auto seconds = std::chrono::ceil<std::chrono::seconds>(until - now).count();
  return "notification " + std::to_string(id) +
         " is being delivered by another server right now (its claim ends in " +
         std::to_string(seconds) + " s); try again after that";
}

}  // namespace hikeshi
