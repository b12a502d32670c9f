// Schema migrations: one source for both backends. Written in SQLite's dialect restricted to what the
// PostgreSQL adapter translates (postgres/dialect.hpp: types, identity keys, the append-only trigger form).
#include "storage/migrations/migrations.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace pdz::storage {
namespace {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& All() {
  static const std::vector<Migration> kAll = {
      {1, "territory, accounts, audit", R"SQL(
CREATE TABLE regions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE provinces (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  abbr TEXT NOT NULL,
  region_code TEXT NOT NULL REFERENCES regions(code)
);
CREATE TABLE comuni (
  istat_code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  province_code TEXT NOT NULL REFERENCES provinces(code)
);
CREATE INDEX comuni_by_province ON comuni(province_code);
CREATE TABLE populations (
  istat_code TEXT NOT NULL REFERENCES comuni(istat_code),
  year INTEGER NOT NULL,
  value INTEGER NOT NULL CHECK (value >= 0),
  PRIMARY KEY (istat_code, year)
);
CREATE TABLE agencies (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  region_code TEXT NOT NULL REFERENCES regions(code)
);
CREATE TABLE districts (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  agency_code TEXT NOT NULL REFERENCES agencies(code)
);
CREATE TABLE ambiti (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  region_code TEXT NOT NULL REFERENCES regions(code),
  agency_code TEXT NOT NULL REFERENCES agencies(code),
  district_code TEXT REFERENCES districts(code),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  merged_into TEXT REFERENCES ambiti(code),
  capofila_name TEXT NOT NULL,
  capofila_type TEXT NOT NULL,
  udp_host_body TEXT NOT NULL DEFAULT '',
  udp_address TEXT NOT NULL DEFAULT '',
  udp_email TEXT NOT NULL DEFAULT '',
  udp_phone TEXT NOT NULL DEFAULT '',
  udp_pec TEXT NOT NULL DEFAULT '',
  udp_head TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ambiti_by_agency ON ambiti(agency_code);
CREATE TABLE memberships (
  id INTEGER PRIMARY KEY,
  istat_code TEXT NOT NULL REFERENCES comuni(istat_code),
  ambito_code TEXT NOT NULL REFERENCES ambiti(code),
  valid_from TEXT NOT NULL,
  valid_to TEXT
);
CREATE INDEX memberships_by_comune ON memberships(istat_code, valid_from);
CREATE INDEX memberships_by_ambito ON memberships(ambito_code, valid_from);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE role_grants (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  scope_kind TEXT NOT NULL,
  scope_code TEXT NOT NULL,
  UNIQUE (user_id, role, scope_kind, scope_code)
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);
CREATE TABLE login_failures (
  username TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_by_user ON login_failures(username, at);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  ambito_code TEXT,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX audit_by_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_by_ambito ON audit_log(ambito_code);
-- The audit log is append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)SQL"},
      {2, "rulesets", R"SQL(
CREATE TABLE rulesets (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  region_code TEXT NOT NULL REFERENCES regions(code),
  title TEXT NOT NULL,
  act TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  body TEXT NOT NULL,
  loaded_at TEXT NOT NULL,
  loaded_by TEXT NOT NULL,
  UNIQUE (code, version)
);
)SQL"},
      {3, "plans and their revisions", R"SQL(
CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  ambito_code TEXT NOT NULL REFERENCES ambiti(code),
  title TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  ruleset_code TEXT,
  status TEXT NOT NULL DEFAULT 'bozza',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (ambito_code, period_from)
);
CREATE TABLE plan_revisions (
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  revision INTEGER NOT NULL,
  author TEXT NOT NULL,
  at TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  PRIMARY KEY (plan_id, revision)
);
)SQL"},
      {4, "resource frames, allocation and premialità runs", R"SQL(
CREATE TABLE plan_resources (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  fund_code TEXT NOT NULL,
  fund_type TEXT NOT NULL,
  year INTEGER NOT NULL,
  area TEXT NOT NULL,
  objective_id TEXT NOT NULL DEFAULT '',
  management TEXT NOT NULL CHECK (management IN ('associata', 'singola')),
  comune_code TEXT NOT NULL DEFAULT '',
  programmed_cents INTEGER NOT NULL CHECK (programmed_cents >= 0),
  committed_cents INTEGER NOT NULL CHECK (committed_cents >= 0),
  paid_cents INTEGER NOT NULL CHECK (paid_cents >= 0),
  committed_on TEXT,
  paid_on TEXT,
  justification TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  deleted INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX plan_resources_plan ON plan_resources (plan_id);
CREATE TABLE plan_resource_changes (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  resource_id INTEGER NOT NULL REFERENCES plan_resources(id),
  action TEXT NOT NULL,
  at TEXT NOT NULL,
  author TEXT NOT NULL,
  reason TEXT NOT NULL,
  before TEXT,
  after TEXT
);
CREATE INDEX plan_resource_changes_plan ON plan_resource_changes (plan_id, id);
CREATE TRIGGER plan_resource_changes_no_update BEFORE UPDATE ON plan_resource_changes
  BEGIN SELECT RAISE(ABORT, 'plan_resource_changes is append-only'); END;
CREATE TRIGGER plan_resource_changes_no_delete BEFORE DELETE ON plan_resource_changes
  BEGIN SELECT RAISE(ABORT, 'plan_resource_changes is append-only'); END;
CREATE TABLE allocation_runs (
  id INTEGER PRIMARY KEY,
  region_code TEXT NOT NULL REFERENCES regions(code),
  title TEXT NOT NULL,
  fund TEXT NOT NULL,
  year INTEGER,
  reference_date TEXT NOT NULL,
  ruleset_code TEXT,
  ruleset_version INTEGER,
  total_cents INTEGER NOT NULL,
  request TEXT NOT NULL,
  result TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX allocation_runs_region ON allocation_runs (region_code, id);
CREATE TABLE premialita_runs (
  id INTEGER PRIMARY KEY,
  region_code TEXT NOT NULL REFERENCES regions(code),
  ruleset_code TEXT NOT NULL,
  ruleset_version INTEGER NOT NULL,
  title TEXT NOT NULL,
  total_cents INTEGER NOT NULL,
  request TEXT NOT NULL,
  result TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX premialita_runs_region ON premialita_runs (region_code, id);
CREATE TRIGGER allocation_runs_no_update BEFORE UPDATE ON allocation_runs
  BEGIN SELECT RAISE(ABORT, 'allocation_runs are kept as decided'); END;
CREATE TRIGGER premialita_runs_no_update BEFORE UPDATE ON premialita_runs
  BEGIN SELECT RAISE(ABORT, 'premialita_runs are kept as decided'); END;
)SQL"},
      {5, "governance: bodies, meetings, AdP, lifecycle, packages", R"SQL(
CREATE TABLE bodies (
  id INTEGER PRIMARY KEY,
  ambito_code TEXT NOT NULL REFERENCES ambiti(code),
  kind TEXT NOT NULL CHECK (kind IN ('assemblea', 'ufficio_di_piano', 'cabina_di_regia', 'tavolo_tematico')),
  name TEXT NOT NULL,
  area TEXT NOT NULL DEFAULT '',
  host_body TEXT NOT NULL DEFAULT '',
  act TEXT NOT NULL DEFAULT '',
  regulation_json TEXT NOT NULL DEFAULT '{}',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX bodies_by_ambito ON bodies(ambito_code);
CREATE TABLE body_members (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT '',
  organisation TEXT NOT NULL DEFAULT '',
  organisation_kind TEXT NOT NULL DEFAULT 'altro',
  istat_code TEXT,
  coordinator INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX body_members_by_body ON body_members(body_id);
CREATE TABLE meetings (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  held_on TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  agenda_json TEXT NOT NULL DEFAULT '[]',
  participants_json TEXT NOT NULL DEFAULT '[]',
  minutes TEXT NOT NULL DEFAULT '',
  decisions_json TEXT NOT NULL DEFAULT '[]',
  approved_at TEXT,
  approved_by TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX meetings_by_body ON meetings(body_id, held_on);
CREATE TABLE meeting_files (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  bytes BLOB NOT NULL,
  uploaded_at TEXT NOT NULL,
  uploaded_by TEXT NOT NULL
);
CREATE TABLE adp (
  plan_id INTEGER PRIMARY KEY REFERENCES plans(id),
  purposes TEXT NOT NULL DEFAULT '',
  capofila_name TEXT NOT NULL DEFAULT '',
  capofila_type TEXT NOT NULL DEFAULT '',
  udp_host_body TEXT NOT NULL DEFAULT '',
  udp_description TEXT NOT NULL DEFAULT '',
  third_sector_tools TEXT NOT NULL DEFAULT '',
  monitoring TEXT NOT NULL DEFAULT '',
  valid_from TEXT,
  valid_to TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
CREATE TABLE adp_parties (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES adp(plan_id),
  role TEXT NOT NULL CHECK (role IN ('sottoscrittore', 'aderente')),
  kind TEXT NOT NULL,
  istat_code TEXT,
  name TEXT NOT NULL,
  commitments TEXT NOT NULL DEFAULT '',
  signed_on TEXT,
  signed_by TEXT,
  UNIQUE (plan_id, name)
);
CREATE TABLE plan_transitions (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  on_date TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  act TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_transitions_by_plan ON plan_transitions(plan_id, id);
CREATE TABLE plan_packages (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  filename TEXT NOT NULL,
  manifest_json TEXT NOT NULL,
  zip BLOB NOT NULL
);
-- The two statuses before the lifecycle: an approved plan is a plan being implemented.
UPDATE plans SET status = 'in_attuazione' WHERE status = 'approvato';
)SQL"},
      {6, "knowledge system: code lists, flow submissions and their blocks", R"SQL(
CREATE TABLE code_lists (
  list TEXT NOT NULL,
  name TEXT NOT NULL,
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (list, code)
);
-- A submission is (flow, submitting body, year); re-importing adds a version and the old one stays.
CREATE TABLE flow_submissions (
  id INTEGER PRIMARY KEY,
  flow TEXT NOT NULL,
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('comune', 'ambito', 'region', 'italy')),
  scope_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  current INTEGER NOT NULL DEFAULT 0 CHECK (current IN (0, 1)),
  rows INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  file TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  replaced_at TEXT,
  UNIQUE (flow, scope_kind, scope_code, year, version)
);
CREATE INDEX flow_submissions_by_year ON flow_submissions(flow, year, current);
-- The validated rows of a submission, columnar and compressed (knowledge/block.hpp).
CREATE TABLE flow_blocks (
  id INTEGER PRIMARY KEY,
  submission_id INTEGER NOT NULL REFERENCES flow_submissions(id),
  seq INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  data BLOB NOT NULL,
  UNIQUE (submission_id, seq)
);
-- Which comuni a submission holds rows for (the debito informativo; one body per comune, flow, year).
CREATE TABLE flow_coverage (
  submission_id INTEGER NOT NULL REFERENCES flow_submissions(id),
  istat_code TEXT NOT NULL,
  rows INTEGER NOT NULL,
  PRIMARY KEY (submission_id, istat_code)
);
CREATE INDEX flow_coverage_by_comune ON flow_coverage(istat_code);
-- Increases with every committed import; per year, the generation that last changed it.
CREATE TABLE flow_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT INTO flow_state (id, generation) VALUES (1, 0);
CREATE TABLE flow_years (
  year INTEGER PRIMARY KEY,
  generation INTEGER NOT NULL
);
-- The indicator catalogue (pdz-indicators/1) in force: the latest loaded text.
CREATE TABLE indicator_catalogues (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL,
  file TEXT NOT NULL,
  loaded_at TEXT NOT NULL
);
CREATE TRIGGER flow_blocks_no_update BEFORE UPDATE ON flow_blocks BEGIN
  SELECT RAISE(ABORT, 'flow blocks are immutable');
END;
)SQL"},
      {7, "jobs shared by every server process", R"SQL(
-- Background jobs (flow imports): any server process answers for any job. The process running one
-- writes its progress and end here; a cancel is asked for here and seen by that process.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  owner INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
  flow TEXT NOT NULL,
  file TEXT NOT NULL,
  scope TEXT NOT NULL,
  rows INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  total_bytes INTEGER NOT NULL DEFAULT 0,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  result TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  heartbeat INTEGER NOT NULL,
  process TEXT NOT NULL
);
CREATE INDEX jobs_running ON jobs (state, process);
)SQL"},
      {8, "monitoring: actions, indicator measurements and bindings", R"SQL(
-- The state of each action of a plan (docs/monitoring.md): by the action's stable id.
CREATE TABLE monitoring_actions (
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  action_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'suspended', 'cancelled')),
  progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
  notes TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (plan_id, action_id)
);
CREATE TABLE monitoring_action_changes (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  action_id TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX monitoring_action_changes_by_action ON monitoring_action_changes (plan_id, action_id, id);
CREATE TRIGGER monitoring_action_changes_no_update BEFORE UPDATE ON monitoring_action_changes
  BEGIN SELECT RAISE(ABORT, 'monitoring_action_changes is append-only'); END;
CREATE TRIGGER monitoring_action_changes_no_delete BEFORE DELETE ON monitoring_action_changes
  BEGIN SELECT RAISE(ABORT, 'monitoring_action_changes is append-only'); END;
-- Evidence of what an action did: a file, a link, a meeting of the ambito, an act (number, date).
-- Never deleted: a removal sets removed_at and removed_by, and the row is kept.
CREATE TABLE monitoring_evidence (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  action_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('file', 'link', 'meeting', 'act')),
  title TEXT NOT NULL,
  url TEXT,
  meeting_id INTEGER REFERENCES meetings(id),
  act_number TEXT,
  act_date TEXT,
  file_name TEXT,
  content_type TEXT,
  size INTEGER,
  sha256 TEXT,
  bytes BLOB,
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL,
  removed_at TEXT,
  removed_by TEXT
);
CREATE INDEX monitoring_evidence_by_action ON monitoring_evidence (plan_id, action_id, id);
CREATE TRIGGER monitoring_evidence_no_delete BEFORE DELETE ON monitoring_evidence
  BEGIN SELECT RAISE(ABORT, 'monitoring_evidence is never deleted: set removed_at'); END;
-- Measurements of a plan's outcome indicators, entered by the Ufficio di Piano. Append-only: a
-- correction is a new row naming the one it corrects.
CREATE TABLE indicator_measurements (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  indicator_id TEXT NOT NULL,
  measured_on TEXT NOT NULL,
  value REAL NOT NULL,
  source TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  corrects_id INTEGER REFERENCES indicator_measurements(id),
  entered_by TEXT NOT NULL,
  entered_at TEXT NOT NULL
);
CREATE INDEX indicator_measurements_by_indicator ON indicator_measurements (plan_id, indicator_id, measured_on);
CREATE TRIGGER indicator_measurements_no_update BEFORE UPDATE ON indicator_measurements
  BEGIN SELECT RAISE(ABORT, 'indicator_measurements is append-only'); END;
CREATE TRIGGER indicator_measurements_no_delete BEFORE DELETE ON indicator_measurements
  BEGIN SELECT RAISE(ABORT, 'indicator_measurements is append-only'); END;
-- Answers to the ruleset's evaluation questions (esiti, risultati, impatto) for a plan.
CREATE TABLE evaluation_answers (
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  level TEXT NOT NULL CHECK (level IN ('esiti', 'risultati', 'impatto')),
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  rating INTEGER CHECK (rating BETWEEN 1 AND 5),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (plan_id, level, question)
);
-- A plan indicator measured by the flows: one of the knowledge catalogue's indicators, for the
-- plan's ambito (values read at request time, never stored).
CREATE TABLE indicator_bindings (
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  indicator_id TEXT NOT NULL,
  knowledge_indicator TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  bound_at TEXT NOT NULL,
  bound_by TEXT NOT NULL,
  PRIMARY KEY (plan_id, indicator_id)
);
-- Monitoring reports (relazioni di previsione, avanzamento e consuntivo): the narrative (a JSON object
-- of section code -> Markdown), and from the submission on the monitoring view frozen as of the
-- period's end with the PDF rendered from it.
CREATE TABLE monitoring_reports (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  kind TEXT NOT NULL CHECK (kind IN ('previsione', 'avanzamento', 'consuntivo')),
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  title TEXT NOT NULL,
  narrative TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('bozza', 'trasmessa', 'accettata', 'restituita')),
  snapshot TEXT,
  document BLOB,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX monitoring_reports_by_plan ON monitoring_reports (plan_id, period_from);
CREATE TABLE monitoring_report_transitions (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES monitoring_reports(id),
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX monitoring_report_transitions_by_report ON monitoring_report_transitions (report_id, id);
CREATE TRIGGER monitoring_report_transitions_no_update BEFORE UPDATE ON monitoring_report_transitions
  BEGIN SELECT RAISE(ABORT, 'monitoring_report_transitions is append-only'); END;
CREATE TRIGGER monitoring_report_transitions_no_delete BEFORE DELETE ON monitoring_report_transitions
  BEGIN SELECT RAISE(ABORT, 'monitoring_report_transitions is append-only'); END;
)SQL"},
  };
  return kAll;
}

}  // namespace

int LatestSchemaVersion() { return All().back().version; }

const std::vector<std::string>& SeededTables() {
  static const std::vector<std::string> kSeeded = {"flow_state"};
  return kSeeded;
}

Result<int> SchemaVersion(Connection& conn) {
  const char* has_table =
      conn.Backend() == "postgresql"
          ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND "
            "table_name = 'schema_version'"
          : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
  PDZ_ASSIGN(auto rows, conn.Query(has_table));
  if (rows.empty() || rows[0].Int(0) == 0) return 0;
  PDZ_ASSIGN(auto v, conn.Query("SELECT max(version) FROM schema_version"));
  return v.empty() ? 0 : static_cast<int>(v[0].Int(0));
}

Result<int> Migrate(Connection& conn) {
  PDZ_TRY(
      conn.ExecScript("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL "
                      "DEFAULT CURRENT_TIMESTAMP)"));
  PDZ_ASSIGN(int current, SchemaVersion(conn));
  PDZ_ASSIGN(auto applied_rows, conn.Query("SELECT version FROM schema_version"));
  std::set<std::int64_t> applied;
  for (const auto& r : applied_rows) applied.insert(r.Int(0));
  if (current > LatestSchemaVersion()) {
    return MakeError(ErrorCode::kConflict, "Il database è alla versione di schema " + std::to_string(current) +
                                               ", più recente di questo programma (" +
                                               std::to_string(LatestSchemaVersion()) + "): aggiornare pdz.");
  }
  for (const auto& m : All()) {
    if (applied.count(m.version)) continue;  // a gap (a version added later, below the latest) is applied too
    auto applied = InTransaction(conn, [&]() -> Result<int> {
      PDZ_TRY(conn.ExecScript(m.sql));
      PDZ_TRY(conn.Exec("INSERT INTO schema_version (version) VALUES (?)", {static_cast<std::int64_t>(m.version)}));
      return m.version;
    });
    if (!applied) return applied.take_error();
    current = std::max(current, m.version);
  }
  return current;
}

}  // namespace pdz::storage
