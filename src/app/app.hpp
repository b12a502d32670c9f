// The use cases: every read and write of the product, with transactions, permissions and audit.
// The API and the CLI call these; nothing else touches storage. Read models are JSON documents.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/clock.hpp"
#include "core/access/access.hpp"
#include "core/base/date.hpp"
#include "core/base/error.hpp"
#include "storage/database.hpp"
#include "storage/migrations/migrations.hpp"

namespace pdz::app {

using nlohmann::json;

/// Who is acting: a logged-in user, an anonymous visitor, or the system (CLI, demo loader).
struct Actor {
  std::int64_t user_id = 0;
  std::string username;
  std::vector<core::Grant> grants;
  bool system = false;

  bool anonymous() const { return !system && user_id == 0; }
  static Actor Anonymous() { return {}; }
  static Actor System() { return Actor{0, "sistema", {}, true}; }
};

struct Session {
  Actor actor;
  std::string csrf_token;
};

struct LoginResult {
  std::string token;  // goes to the cookie; only its hash is stored
  std::string csrf_token;
  json user;
};

struct Page {
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};

struct AmbitoFilter {
  std::string region;
  std::string agency;
  std::string q;
  std::optional<Date> as_of;  // default: today
  bool include_closed = false;
};

struct ComuneFilter {
  std::string region;
  std::string province;
  std::string ambito;
  std::string q;
  std::optional<Date> as_of;
};

struct AppConfig {
  std::int64_t session_idle_seconds = 8 * 3600;
  int max_login_failures = 5;
  std::int64_t login_window_seconds = 15 * 60;
};

struct Job;  // a background job run by this process (app/detail/knowledge.hpp)

class App {
 public:
  App(storage::Database& db, const Clock& clock, AppConfig config = {});

  // Accounts and sessions (auth.cpp).
  Result<LoginResult> Login(const std::string& username, const std::string& password);
  Result<Session> Authenticate(const std::string& token);
  Result<void> Logout(const std::string& token);
  Result<json> SessionView(const Session& session);

  // Users and roles (users.cpp).
  json ListRoles() const;
  Result<json> ListUsers(const Actor& actor, Page page);
  Result<json> GetUser(const Actor& actor, const std::string& username);
  Result<json> CreateUser(const Actor& actor, const json& body);
  Result<json> PatchUser(const Actor& actor, const std::string& username, const json& body);
  Result<json> GrantRole(const Actor& actor, const std::string& username, const json& body);
  Result<void> RevokeRole(const Actor& actor, const std::string& username, std::int64_t grant_id);

  // Territory reads: public (territory.cpp).
  Result<json> ListRegions(Page page = {});
  Result<json> GetRegion(const std::string& code);
  Result<json> ListAgencies(const std::string& region, Page page = {});
  Result<json> GetAgency(const std::string& code);
  Result<json> ListAmbiti(const AmbitoFilter& filter, Page page);
  Result<json> GetAmbito(const std::string& code, std::optional<Date> as_of);
  Result<json> AmbitoHistory(const std::string& code);
  Result<json> ListComuni(const ComuneFilter& filter, Page page);
  Result<json> GetComune(const std::string& istat_code);

  // Territory writes (territory_edit.cpp).
  Result<json> CreateAmbito(const Actor& actor, const json& body);
  Result<json> PatchAmbito(const Actor& actor, const std::string& code, const json& body);
  Result<json> MergeAmbiti(const Actor& actor, const json& body);
  Result<json> AddMembership(const Actor& actor, const std::string& ambito_code, const json& body);

  // Imports (import.cpp): all-or-nothing, every problem reported.
  Result<json> ImportComuniCsv(const Actor& actor, const std::string& text, const std::string& file);
  Result<json> ImportTerritoryJson(const Actor& actor, const std::string& text, const std::string& file);

  // Rulesets (rulesets.cpp): versioned; loading the same text again adds no version.
  Result<json> LoadRuleset(const Actor& actor, const std::string& text, const std::string& file);
  Result<json> ListRulesets(const std::string& region);
  /// The latest version (or `version`), as loaded, with its summary and parameters.
  Result<json> GetRuleset(const std::string& code, std::optional<std::int64_t> version);
  /// Premialità under a stored ruleset: facts and parameters in `body` ({"facts":…,"parameters":…}).
  Result<json> RunPremialita(const std::string& code, const json& body);
  /// Computes and stores a premialità run of the ruleset's region (Region staff): body as
  /// RunPremialita plus a `title`; the facts must name ambiti of that region.
  Result<json> CreatePremialitaRun(const Actor& actor, const std::string& code, const json& body);
  Result<json> ListPremialitaRuns(const std::string& region);
  Result<json> GetPremialitaRun(std::int64_t id);
  /// The ambito's reward in every stored premialità run of its region, with the trace.
  Result<json> AmbitoPremialita(const std::string& ambito);
  /// Premialità facts from the data, to start the calculator from: for each ambito of the ruleset's
  /// region active at the end of its period, its district and the signature date of the AdP of its plan
  /// under that ruleset (when signed and readable by `actor`), with where each value comes from. What
  /// the data does not hold (ambito distrettuale, objectives reached) is left to the Region.
  Result<json> PremialitaFactsFromData(const Actor& actor, const std::string& ruleset);

  // Monitoring of a plan (monitoring.cpp, docs/monitoring.md): the state of each action, indicator
  // measurements (entered, or from the flows when bound), and the roll-up, computed on every read.
  Result<json> GetMonitoring(const Actor& actor, std::int64_t plan_id, std::optional<Date> as_of);
  /// body: {status, progress, notes, note, version}; the Ufficio di Piano, while the plan is carried out.
  Result<json> UpdateActionMonitoring(const Actor& actor, std::int64_t plan_id, const std::string& action_id,
                                      const json& body);
  Result<json> ActionHistory(const Actor& actor, std::int64_t plan_id, const std::string& action_id);
  /// body: {measured_on, value, source, note, corrects}; a correction is a new row (append-only).
  Result<json> AddMeasurement(const Actor& actor, std::int64_t plan_id, const std::string& indicator_id,
                              const json& body);
  /// body: {knowledge_indicator, category}: the indicator is measured by the flows for the plan's ambito.
  Result<json> BindIndicator(const Actor& actor, std::int64_t plan_id, const std::string& indicator_id,
                             const json& body);
  Result<void> UnbindIndicator(const Actor& actor, std::int64_t plan_id, const std::string& indicator_id);
  /// Evidence of an action (monitoring_evidence.cpp), same rights as UpdateActionMonitoring. body:
  /// {kind "link", title, url} | {kind "meeting", meeting_id, title?} | {kind "act", title, act_number,
  /// act_date} | {kind "file", title, file_name, content_type?, content_base64}; a history row and an audit entry.
  Result<json> AddEvidence(const Actor& actor, std::int64_t plan_id, const std::string& action_id, const json& body);
  /// Marks the evidence removed (kept, hidden from the plan's monitoring); a history row and an audit entry.
  Result<void> RemoveEvidence(const Actor& actor, std::int64_t plan_id, const std::string& action_id,
                              std::int64_t evidence_id);
  /// The Cabina di regia's view (level "agency") or the Region's ("region"): each active ambito's plan
  /// being carried out with its progress, overdue actions and indicator judgements; means by dimension
  /// and strategic objective. Public, as the plans in force are.
  Result<json> TerritoryMonitoring(const std::string& level, const std::string& code, std::optional<Date> as_of);
  /// The ruleset's evaluation questions (esiti, risultati, impatto) with the plan's answers.
  Result<json> GetEvaluation(const Actor& actor, std::int64_t plan_id);
  /// body: {answers: [{level, question, answer, rating?, version}]}, all or nothing; impatto from the
  /// end of the triennium.
  Result<json> SaveEvaluation(const Actor& actor, std::int64_t plan_id, const json& body);

  // Plans (plans.cpp). Drafts are private to the ambito; approved plans are public. Every save is a
  // revision (author, time, note); a save based on a stale version gets 409 with what changed.
  Result<json> ListPlans(const Actor& actor, const std::string& ambito);
  /// body: {"plan": pdz-plan/1} or {"copy_from": id, "period": {from, to}, "title"?}.
  Result<json> CreatePlan(const Actor& actor, const std::string& ambito, const json& body);
  Result<json> GetPlan(const Actor& actor, std::int64_t id, std::optional<std::int64_t> revision);
  /// body: {"version", "note"?, "plan": pdz-plan/1}.
  Result<json> SavePlan(const Actor& actor, std::int64_t id, const json& body);
  Result<json> PlanRevisions(const Actor& actor, std::int64_t id);
  Result<json> DiffPlanRevisions(const Actor& actor, std::int64_t id, std::int64_t from, std::int64_t to);
  /// `pdz plan import`: the ambito comes from the document; status a lifecycle state ("approvato", from before
  /// the lifecycle, means "in_attuazione").
  Result<json> ImportPlan(const Actor& actor, const std::string& text, const std::string& file,
                          const std::string& status);

  /// A file to download.
  struct File {
    std::string bytes;
    std::string content_type;
    std::string filename;
  };
  /// The plan as a document (plan_export.cpp): title page, index, sections, objectives tables.
  Result<File> ExportPlan(const Actor& actor, std::int64_t id, const std::string& format,
                          std::optional<std::int64_t> revision);
  /// A meeting's attached file (governance.cpp).
  Result<File> GetMeetingFile(const Actor& actor, std::int64_t meeting_id, std::int64_t file_id);
  /// A file evidence of a monitored action (monitoring_evidence.cpp), for whoever reads the plan.
  Result<File> EvidenceFile(const Actor& actor, std::int64_t plan_id, std::int64_t evidence_id);
  /// The AdP as a document, PDF or DOCX (lifecycle.cpp).
  Result<File> ExportAdp(const Actor& actor, std::int64_t plan_id, const std::string& format);
  /// The latest transmission package: plan PDF, AdP PDF, manifest.json with each file's SHA-256 (a ZIP).
  Result<File> PlanPackage(const Actor& actor, std::int64_t plan_id);
  /// A plan's monitoring view (GetMonitoring's JSON) as "csv" (UTF-8 with BOM, ';') or "xlsx" (sheets
  /// Matrice, Sintesi, In ritardo): one row per objective, action and indicator, in the plan's order
  /// (monitoring_export.cpp). Another format: 400 naming `format`.
  static Result<File> MonitoringFile(const json& view, const std::string& format);
  /// A TerritoryMonitoring view as "csv" or "xlsx" (sheets Piani, Per dimensione, Per obiettivo
  /// strategico): one row per ambito with its plan in force.
  static Result<File> TerritoryMonitoringFile(const json& view, const std::string& format);

  // Monitoring reports (monitoring_reports.cpp): relazioni di previsione, avanzamento e consuntivo.
  // Drafted by the ambito's editors, submitted (the monitoring as of the period's end is frozen with
  // its PDF), accepted or returned (with a note) by the Region or the ATS of the ambito.
  Result<json> ListReports(const Actor& actor, std::int64_t plan_id);
  /// body: {kind previsione|avanzamento|consuntivo, period_from, period_to, title?}: a draft.
  Result<json> CreateReport(const Actor& actor, std::int64_t plan_id, const json& body);
  Result<json> GetReport(const Actor& actor, std::int64_t id);
  /// body: {narrative?: {sintesi, azioni, indicatori, criticita, prospettive}, title?, version}.
  Result<json> PatchReport(const Actor& actor, std::int64_t id, const json& body);
  /// body: {to trasmessa|accettata|restituita, note (required to return)}.
  Result<json> TransitionReport(const Actor& actor, std::int64_t id, const json& body);
  /// A submitted report: its frozen PDF, or a DOCX from its snapshot; a draft: rendered live, "BOZZA".
  Result<File> ExportReport(const Actor& actor, std::int64_t id, const std::string& format);
  /// Replaces the body of the plan's section `code` with the previous plan's results (plan_prefill.cpp,
  /// docs/monitoring.md §5.2): the same ambito's latest plan ending before this one starts, its
  /// consuntivo (accettata, else trasmessa), final progress and evaluation answers, as Markdown; one new
  /// revision. body: {"version", "note"?}. 409 when there is no previous plan or no consuntivo.
  Result<json> PrefillSection(const Actor& actor, std::int64_t plan_id, const std::string& code, const json& body);

  // Governance bodies and meetings (governance.cpp). Bodies and approved minutes are public; writes need
  // kEditAmbito on the ambito; approved minutes are read-only.
  Result<json> ListBodies(const Actor& actor, const std::string& ambito);
  /// body: {kind, name?, area?, host_body?, act?, regulation?{organisation, resources, meeting_frequency,
  /// priorities, political_link}, members?[{name, role?, organisation?, organisation_kind?, istat_code?,
  /// coordinator?}]}.
  Result<json> CreateBody(const Actor& actor, const std::string& ambito, const json& body);
  Result<json> GetBody(const Actor& actor, std::int64_t id);
  Result<json> PatchBody(const Actor& actor, std::int64_t id, const json& body);
  Result<json> AddBodyMember(const Actor& actor, std::int64_t body_id, const json& body);
  Result<void> RemoveBodyMember(const Actor& actor, std::int64_t body_id, std::int64_t member_id);
  Result<json> ListMeetings(const Actor& actor, const std::string& ambito);
  /// body: {body_id (of this ambito), held_on, title?, agenda?[], participants?[], minutes?, decisions?[]}.
  Result<json> CreateMeeting(const Actor& actor, const std::string& ambito, const json& body);
  Result<json> GetMeeting(const Actor& actor, std::int64_t id);
  Result<json> PatchMeeting(const Actor& actor, std::int64_t id, const json& body);
  Result<json> ApproveMinutes(const Actor& actor, std::int64_t id);
  /// body: {name, content_type?, content_base64}; stored with its SHA-256.
  Result<json> AddMeetingFile(const Actor& actor, std::int64_t meeting_id, const json& body);

  // The Accordo di Programma, the lifecycle, compliance and deadlines (lifecycle.cpp).
  Result<json> GetAdp(const Actor& actor, std::int64_t plan_id);
  Result<json> SaveAdp(const Actor& actor, std::int64_t plan_id, const json& body);
  /// body: {role, kind, istat_code?, name?, commitments?} or {"preset": "required"} (every required signatory).
  Result<json> AddAdpParty(const Actor& actor, std::int64_t plan_id, const json& body);
  Result<void> RemoveAdpParty(const Actor& actor, std::int64_t plan_id, std::int64_t party_id);
  /// body: {signed_on, signed_by?}: once per party, not before the Assemblea's approval, not in the future.
  Result<json> SignAdp(const Actor& actor, std::int64_t plan_id, std::int64_t party_id, const json& body);
  Result<json> PlanLifecycle(const Actor& actor, std::int64_t plan_id);
  /// body: {to, from?, note?, act?, on?}; to "trasmesso" builds and keeps the transmission package.
  Result<json> TransitionPlan(const Actor& actor, std::int64_t plan_id, const json& body);
  Result<json> PlanCompliance(const Actor& actor, std::int64_t plan_id);
  Result<json> AmbitoCalendar(const Actor& actor, const std::string& ambito);
  Result<json> RegionCalendar(const Actor& actor, const std::string& region);
  /// One row per active ambito of the region: its current plan's state, AdP signature, transmission,
  /// compliance summary and overdue deadlines.
  Result<json> RegionGovernance(const Actor& actor, const std::string& region);

  // The plan's resource frame (resources.cpp): rows of fund, year and destination with the amounts
  // programmed, committed and paid. Read with the plan; edited by the ambito at any stage of the
  // plan. Every change keeps its history (who, when, why); a correction needs a reason.
  Result<json> ListResources(const Actor& actor, std::int64_t plan_id);
  /// body: the row's fields (fund, fund_type, year, area, objective?, management, comune?,
  /// programmed_cents, committed_cents?, committed_on?, paid_cents?, paid_on?, justification?, note?).
  Result<json> AddResource(const Actor& actor, std::int64_t plan_id, const json& body);
  /// body: {version, reason, …fields to change}; 409 when the row changed since `version`.
  Result<json> PatchResource(const Actor& actor, std::int64_t plan_id, std::int64_t row_id, const json& body);
  Result<json> DeleteResource(const Actor& actor, std::int64_t plan_id, std::int64_t row_id, const json& body);
  Result<json> ResourceHistory(const Actor& actor, std::int64_t plan_id);
  /// The frame as CSV or XLSX (rows, and in XLSX the totals by fund, year and area).
  Result<File> ExportResources(const Actor& actor, std::int64_t plan_id, const std::string& format);
  /// Loads the file's rows (CSV or XLSX, the export's columns): rows with an id are corrected, rows
  /// without are added (or take the place of a stored row with the same fund, year and destination),
  /// and with mode "replace" rows missing from the file are removed; mode "add" removes nothing.
  /// All-or-nothing; every problem named by row and column. The same file twice changes nothing.
  Result<json> ImportResources(const Actor& actor, std::int64_t plan_id, const std::string& bytes,
                               const std::string& file, const std::string& reason, const std::string& mode = "replace");

  // Fund allocation (allocation.cpp): among the region's ambiti active on the reference date,
  // by their population; body {total_cents, reference_date?, method{…}, ambiti?[{code, premialita_cents,
  // integration_bp, bands?{fascia: abitanti}}], ruleset?: code, premialita_run?: id}. A premialità
  // run gives each ambito's premialita_cents (the reward pot's weights). With a ruleset the method is the
  // ruleset's `allocation` (its parameters filled from `method`). Computes and explains; stores nothing.
  Result<json> AllocateRegion(const std::string& region, const json& body);
  /// The allocation as CSV (ambito;voce;importo;motivazione), for spreadsheets.
  static std::string AllocationCsv(const json& allocation);
  /// The allocation as XLSX: a sheet of amounts per ambito and one of the lines that explain them.
  static Result<File> AllocationXlsx(const json& allocation);
  /// Computes and stores an allocation run (Region staff); body as AllocateRegion plus a `title`.
  Result<json> CreateAllocationRun(const Actor& actor, const std::string& region, const json& body);
  Result<json> ListAllocationRuns(const std::string& region);
  Result<json> GetAllocationRun(std::int64_t id);
  /// Every stored run's share of this ambito, newest first.
  Result<json> AmbitoAllocations(const std::string& ambito);

  // Audit (audit.cpp).
  Result<json> AmbitoAudit(const Actor& actor, const std::string& code, Page page);
  Result<json> ListAudit(const Actor& actor, const std::string& entity, const std::string& entity_id, Page page);

  /// Reference data (demo.cpp): the comuni (data/reference/comuni.csv) and the shipped rulesets.
  Result<json> LoadReference(const std::string& data_dir);
  // Demo data (demo.cpp): the demo territory and accounts.
  Result<json> LoadDemo(const std::string& data_dir);
  static const std::vector<std::pair<std::string, std::string>>& DemoAccounts();

  // The knowledge system (flows.cpp, indicators.cpp): data flows in, indicators and benchmarks out.
  struct Knowledge;  // its state: computed values, code lists, catalogue, jobs (app/detail/knowledge.hpp)
  /// Progress and cancellation of one import; on a validation failure, every error counted by column
  /// and reason in `groups` (the error's details hold the first 1,000).
  struct ImportControl {
    std::atomic<std::int64_t> rows{0};
    std::atomic<std::int64_t> bytes{0};
    std::atomic<std::int64_t> total_bytes{0};
    std::atomic<bool> cancel{false};
    bool refresh = true;  // recompute the changed years before returning (a server; not a one-shot CLI)
    json groups = json::array();
    std::int64_t total_errors = 0;
  };
  json ListFlows() const;
  Result<json> ListCodeLists();
  /// Loads (replaces) a code list from a CSV `code,label` (region_admin or the system).
  Result<json> LoadCodeList(const Actor& actor, const std::string& list, const std::string& name,
                            const std::string& text, const std::string& file);
  /// Loads the indicator catalogue (pdz-indicators/1); the system or a region_admin.
  Result<json> LoadCatalogue(const Actor& actor, const std::string& text, const std::string& file);
  /// Imports a flow file (CSV or XLSX) for a body: scope_kind comune | ambito | region | italy (system only).
  /// All-or-nothing; each year a submission; the same rows again change nothing.
  Result<json> ImportFlow(const Actor& actor, const std::string& flow, const std::string& scope_kind,
                          const std::string& scope_code, const std::string& path_or_bytes, bool is_path,
                          const std::string& file, ImportControl& control);
  /// Starts ImportFlow as a background job on uploaded bytes; the job is the caller's to watch.
  Result<json> StartFlowImport(const Actor& actor, const std::string& flow, const std::string& scope_kind,
                               const std::string& scope_code, std::string bytes, const std::string& file);
  Result<json> GetJob(const Actor& actor, std::int64_t id);
  Result<json> CancelJob(const Actor& actor, std::int64_t id);
  /// At a server's start: running jobs of processes that stopped beating are marked interrupted.
  Result<void> MarkInterruptedJobs();
  Result<json> ListSubmissions(const Actor& actor, const std::string& flow, const std::string& scope_kind,
                               const std::string& scope_code, std::optional<int> year, bool history);
  Result<json> AmbitoDebito(const Actor& actor, const std::string& ambito, int year);
  Result<json> RegionDebito(const Actor& actor, const std::string& region, int year);
  Result<json> ListIndicators();
  Result<json> Dashboard(const Actor& actor, const std::string& level, const std::string& code,
                         std::optional<int> year);
  Result<File> DashboardFile(const Actor& actor, const std::string& level, const std::string& code,
                             std::optional<int> year, const std::string& format);
  Result<json> IndicatorSeries(const Actor& actor, const std::string& id, const std::string& level,
                               const std::string& code, const std::string& category);
  Result<json> IndicatorBreakdown(const Actor& actor, const std::string& id, const std::string& level,
                                  const std::string& code, const std::string& category, std::optional<int> year,
                                  const std::string& peers);
  /// Recomputes every year from the stored flows (what a server start does) and prints the benchmark
  /// workload's fingerprint (bench/sql/check.sql): {"compute_seconds", "fingerprint": [[…], …]}.
  Result<json> Fingerprint();
  /// Brings the computed values up to date with the stored flows (only the years that changed).
  Result<void> RefreshKnowledge();

  /// Applies pending migrations (db.cpp).
  Result<int> Migrate();

  const Clock& clock() const { return clock_; }

 private:
  friend class AppInternals;
  /// A job whose process has not written for this long is taken as interrupted.
  static constexpr std::int64_t kJobTimeoutSeconds = 60;
  /// The job's row as the API shows it (`live`: this process runs it); with `reader`, not found unless theirs.
  Result<json> ReadJob(std::int64_t id, const Job* live, const Actor* reader = nullptr);
  std::shared_ptr<Job> LocalJob(std::int64_t id);
  std::shared_ptr<Knowledge> knowledge_;
  storage::Database& db_;
  const Clock& clock_;
  AppConfig config_;
};

}  // namespace pdz::app
