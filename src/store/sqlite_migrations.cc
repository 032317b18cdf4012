#include "store/sqlite_migrations.h"

#include <fmt/format.h>

namespace hikeshi::sqlite {
namespace {

// Version 1: the initial schema. Conventions (see doc/schema.md): timestamps are INTEGER
// microseconds since the Unix epoch (UTC); enums are TEXT holding the stable names from core's
// ToString(); booleans are INTEGER 0/1; hashes are lowercase hex TEXT.
constexpr std::string_view kInitialSchema = R"sql(
-- Ids are assigned by the store, never reused (see SqliteStore::CreateIncident); not
-- AUTOINCREMENT, whose extra sqlite_sequence write would cost every create a page.
CREATE TABLE incidents (
  id                  INTEGER PRIMARY KEY,
  title               TEXT    NOT NULL,
  description         TEXT    NOT NULL,
  category            TEXT    NOT NULL,
  severity            TEXT    NOT NULL,
  tlp                 TEXT    NOT NULL,
  state               TEXT    NOT NULL,
  lead                TEXT    NOT NULL DEFAULT '',
  not_incident_reason TEXT,
  reported_at         INTEGER NOT NULL,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  acknowledged_at     INTEGER,
  contained_at        INTEGER,
  recovered_at        INTEGER,
  closed_at           INTEGER,
  version             INTEGER NOT NULL,
  log_count           INTEGER NOT NULL,  -- entries in this incident's work log
  log_head            TEXT    NOT NULL   -- hash of the last entry: the chain's head
);
-- No secondary indexes: every index is one more page written per create and per update, and
-- a filtered listing walks ids newest first and stops at a page's worth of matches, which is
-- quick at the sizes an embedded store holds. The PostgreSQL schema adds indexes instead.

CREATE TABLE worklog (
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  seq         INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  responder   TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  text        TEXT    NOT NULL,
  prev_hash   TEXT    NOT NULL,
  hash        TEXT    NOT NULL,
  PRIMARY KEY (incident_id, seq)
) WITHOUT ROWID;  -- stored in (incident_id, seq) order: one B-tree, not a table and an index
-- Hikeshi only ever appends. These make an accidental or casual edit through SQL fail loudly;
-- a determined editor can drop them, which is what the hash chain is for.
CREATE TRIGGER worklog_no_update BEFORE UPDATE ON worklog
BEGIN SELECT RAISE(ABORT, 'work log is append-only'); END;
CREATE TRIGGER worklog_no_delete BEFORE DELETE ON worklog
BEGIN SELECT RAISE(ABORT, 'work log is append-only'); END;

-- Full-text index over title and description. The trigram tokenizer matches any substring of
-- three or more characters, which is what Japanese (written without spaces) needs.
--
-- New incidents are indexed in batches, not by an insert trigger: FTS5 writes a new index
-- segment per transaction, which would multiply the cost of every create. incidents_fts_indexed
-- records the highest id indexed so far; sqlite_search_index.h indexes the ones above it
-- before a search and whenever enough have piled up. Rows already indexed are kept current by
-- the triggers below.
CREATE VIRTUAL TABLE incidents_fts USING fts5(
  title, description, content='incidents', content_rowid='id', tokenize='trigram');
CREATE TABLE incidents_fts_indexed (upto INTEGER NOT NULL);
INSERT INTO incidents_fts_indexed (upto) VALUES (0);
CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents
WHEN old.id <= (SELECT upto FROM incidents_fts_indexed)
BEGIN
  INSERT INTO incidents_fts(incidents_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
END;
-- Most updates (state, lead, log head) leave the text alone; re-indexing only on a real change
-- keeps them cheap.
CREATE TRIGGER incidents_fts_update AFTER UPDATE OF title, description ON incidents
WHEN (old.title IS NOT new.title OR old.description IS NOT new.description)
  AND old.id <= (SELECT upto FROM incidents_fts_indexed)
BEGIN
  INSERT INTO incidents_fts(incidents_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
  INSERT INTO incidents_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;

CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT    NOT NULL UNIQUE,
  role          TEXT    NOT NULL,
  password_hash TEXT    NOT NULL DEFAULT '',
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  label      TEXT    NOT NULL,
  token_hash TEXT    NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);

CREATE TABLE sessions (
  id_hash    TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);
CREATE INDEX sessions_by_user ON sessions(user_id);
)sql";

// Version 2: FTS5 merges its index segments only when told to. The background indexer
// (sqlite_search_indexer.h) merges in small steps; FTS5's automerge did it inside whichever
// write happened to cross the threshold, holding the writer for tens of milliseconds.
// crisismerge (the segment count at which FTS5 merges regardless) is raised from 16 so that a
// burst of index steps between two merge steps never triggers one.
constexpr std::string_view kSearchIndexMergeInBackground = R"sql(
INSERT INTO incidents_fts (incidents_fts, rank) VALUES ('automerge', 0);
INSERT INTO incidents_fts (incidents_fts, rank) VALUES ('crisismerge', 64);
)sql";

// Version 3: reports as they arrive (raw bytes kept as a BLOB with their SHA-256) and the
// observables found in them, indexed by value so "everything mentioning 203.0.113.5" is one
// lookup. Duplicates are stored too (status 'duplicate', duplicate_of): they are evidence.
constexpr std::string_view kReports = R"sql(
CREATE TABLE reports (
  id                  INTEGER PRIMARY KEY,
  channel             TEXT    NOT NULL,
  format              TEXT    NOT NULL,
  raw                 BLOB    NOT NULL,
  sha256              TEXT    NOT NULL,
  received_at         INTEGER NOT NULL,
  reporter            TEXT    NOT NULL,
  reporter_name       TEXT    NOT NULL,
  subject             TEXT    NOT NULL,
  message_id          TEXT    NOT NULL,
  reference           TEXT    NOT NULL,
  language            TEXT    NOT NULL,
  text                TEXT    NOT NULL,
  event_time          INTEGER,
  consent             INTEGER NOT NULL,
  anomalies           TEXT    NOT NULL,  -- one per line
  status              TEXT    NOT NULL,
  category            TEXT,
  rsit                TEXT    NOT NULL,
  triage_rule         TEXT    NOT NULL,
  not_incident_reason TEXT,
  missing_evidence    TEXT    NOT NULL,  -- one per line
  draft_reply         TEXT    NOT NULL,
  incident_id         INTEGER REFERENCES incidents(id),
  duplicate_of        INTEGER REFERENCES reports(id),
  repeats             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reports_by_message_id ON reports(message_id) WHERE message_id <> '';
CREATE INDEX reports_by_reference ON reports(reporter, reference) WHERE reference <> '';
CREATE INDEX reports_by_incident ON reports(incident_id) WHERE incident_id IS NOT NULL;

CREATE TABLE observables (
  value     TEXT    NOT NULL,  -- normalised: refanged, NFKC, lowercase where case is meaningless
  kind      TEXT    NOT NULL,
  original  TEXT    NOT NULL,  -- as the reporter wrote it
  report_id INTEGER NOT NULL REFERENCES reports(id),
  flags     INTEGER NOT NULL,  -- core ObservableFlag bits: private, documentation, defanged, …
  port      INTEGER,
  registrable_domain TEXT NOT NULL,  -- domains, URLs, mail addresses: "example.co.jp"
  PRIMARY KEY (value, report_id, kind)
) WITHOUT ROWID;
CREATE INDEX observables_by_report ON observables(report_id);
CREATE INDEX observables_by_registrable_domain ON observables(registrable_domain)
  WHERE registrable_domain <> '';
)sql";

// Version 4: coordination (doc/coordination.md). Correlation links say which rule joined which
// reports into an incident; notifications are the mails drafted to owners and targets, one per
// recipient, kind and period while drafts; contacts are the team's directory.
constexpr std::string_view kCoordination = R"sql(
CREATE TABLE incident_links (
  id          INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  rule        TEXT    NOT NULL,
  key         TEXT    NOT NULL,
  report_ids  TEXT    NOT NULL,  -- comma-separated, the triggering report first
  at          INTEGER NOT NULL
);
CREATE INDEX incident_links_by_incident ON incident_links(incident_id);

CREATE TABLE notifications (
  id              INTEGER PRIMARY KEY,
  kind            TEXT    NOT NULL,
  state           TEXT    NOT NULL,
  category        TEXT    NOT NULL,
  recipient       TEXT    NOT NULL,
  cc              TEXT    NOT NULL,
  language        TEXT    NOT NULL,
  subject         TEXT    NOT NULL,
  body            TEXT    NOT NULL,
  attachment      TEXT    NOT NULL,
  items           TEXT    NOT NULL,  -- JSON array
  period          TEXT    NOT NULL,
  message_id      TEXT    NOT NULL,
  approved_by     TEXT    NOT NULL,
  attempts        INTEGER NOT NULL,
  next_attempt_at INTEGER,
  last_error      TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  version         INTEGER NOT NULL
);
CREATE INDEX notifications_by_recipient ON notifications(recipient, kind, period);
CREATE INDEX notifications_due ON notifications(next_attempt_at) WHERE state = 'approved';
CREATE INDEX notifications_by_message_id ON notifications(message_id);
CREATE TABLE notification_incidents (
  notification_id INTEGER NOT NULL REFERENCES notifications(id),
  incident_id     INTEGER NOT NULL REFERENCES incidents(id),
  PRIMARY KEY (incident_id, notification_id)
) WITHOUT ROWID;

CREATE TABLE contacts (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL,
  organisation    TEXT NOT NULL,
  kind            TEXT NOT NULL,
  emails          TEXT NOT NULL,  -- one per line
  language        TEXT NOT NULL,
  country         TEXT NOT NULL,
  pgp_fingerprint TEXT NOT NULL,
  notes           TEXT NOT NULL
);
)sql";

// Version 5: a notification's claim (Store::ClaimDueNotifications, Store::ClaimNotification) in
// a column of its own, so that a live claim can be told apart from retry backoff (next_attempt_at)
// and the send-now endpoint can refuse while another server is delivering.
constexpr std::string_view kNotificationClaims = R"sql(
ALTER TABLE notifications ADD COLUMN claimed_until INTEGER;
)sql";

// Version 6: recipients from the contact directory (doc/coordination.md, "Choosing
// recipients"). A contact covers networks, AS numbers and domains (one per line); a notification
// records which source chose its recipient and carries that contact's PGP fingerprint.
constexpr std::string_view kRecipients = R"sql(
ALTER TABLE contacts ADD COLUMN networks TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN asns TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN domains TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN recipient_source TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN pgp_fingerprint TEXT NOT NULL DEFAULT '';
)sql";

constexpr Migration kMigrations[] = {
    {1, "initial schema: incidents, work log, full-text index, users, tokens, sessions",
     kInitialSchema},
    {2, "full-text index segments merged in the background, not by FTS5's automerge",
     kSearchIndexMergeInBackground},
    {3, "reports with their raw bytes, and the observables found in them", kReports},
    {4, "coordination: correlation links, notifications, contacts", kCoordination},
    {5, "notification claims: claimed_until", kNotificationClaims},
    {6,
     "contacts cover networks, AS numbers and domains; notifications say who chose the "
     "recipient",
     kRecipients},
};

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)";

Status ApplyStep(SqliteDb& db, const Migration& step, Timestamp now) {
  auto transaction = Transaction::Begin(db, Transaction::Kind::kWrite);
  if (!transaction) return std::unexpected(transaction.error());
  if (auto ok = db.Execute(kCreateMigrationsTable); !ok) return ok;
  auto current = SchemaVersion(db);
  if (!current) return std::unexpected(current.error());
  if (*current >= step.version) return {};  // another process got here first
  if (auto ok = db.Execute(step.sql); !ok) {
    return Fail(ok.error().code, fmt::format("schema migration {} ({}) failed: {}", step.version,
                                             step.summary, ok.error().message));
  }
  auto record = db.Prepare("INSERT INTO schema_migrations(version, applied_at) VALUES (?1, ?2)");
  if (!record) return std::unexpected(record.error());
  record->Bind(1, int64_t{step.version}).Bind(2, ToMicros(now));
  if (auto ok = record->Run(); !ok) return ok;
  return transaction->Commit();
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return Migrations().back().version; }

Result<int> SchemaVersion(SqliteDb& db) {
  auto exists =
      db.Prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists) return std::unexpected(exists.error());
  auto found = exists->Step();
  if (!found) return std::unexpected(found.error());
  if (!*found) return 0;
  auto max = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!max) return std::unexpected(max.error());
  auto row = max->Step();
  if (!row) return std::unexpected(row.error());
  return static_cast<int>(max->Int(0));
}

Status Migrate(SqliteDb& db, Timestamp now) {
  auto current = SchemaVersion(db);
  if (!current) return std::unexpected(current.error());
  if (*current > LatestSchemaVersion()) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("database schema version {} is newer than this hikeshi ({}); "
                            "upgrade hikeshi",
                            *current, LatestSchemaVersion()));
  }
  for (const Migration& step : Migrations()) {
    if (step.version <= *current) continue;
    if (auto ok = ApplyStep(db, step, now); !ok) return ok;
  }
  return {};
}

}  // namespace hikeshi::sqlite
