// Monitoring reports (docs/monitoring.md §2, §5; seed 002: "Relazioni di previsione, avanzamento e
// consuntivo"). The Ufficio di Piano drafts a report on a period of the plan (narrative sections in
// Markdown) and submits it: the monitoring view as of the period's end is frozen with the rendered PDF.
// The Region or the ATS accepts it or returns it with a note; a returned report is edited and submitted
// again. Every state change is kept (monitoring_report_transitions, append-only).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "app/app.hpp"
#include "app/detail/governance.hpp"
#include "app/detail/internals.hpp"
#include "app/detail/monitoring.hpp"
#include "core/governance/lifecycle.hpp"
#include "core/monitoring/schedule.hpp"
#include "io/document/document.hpp"
#include "io/json_fields.hpp"

namespace pdz::app {
namespace {

namespace doc = io::doc;
using detail::LoadPlanRow;
using detail::PlanRow;

struct Kind {
  const char* code;
  const char* label;  // "Relazione di previsione"
};
constexpr Kind kKinds[] = {{"previsione", "Relazione di previsione"},
                           {"avanzamento", "Relazione di avanzamento"},
                           {"consuntivo", "Relazione di consuntivo"}};

struct StateInfo {
  const char* code;
  const char* label;
};
constexpr StateInfo kStates[] = {
    {"bozza", "Bozza"}, {"trasmessa", "Trasmessa"}, {"accettata", "Accettata"}, {"restituita", "Restituita"}};

const Kind* FindKind(const std::string& code) {
  for (const auto& k : kKinds)
    if (code == k.code) return &k;
  return nullptr;
}

std::string StateLabel(const std::string& code) {
  for (const auto& s : kStates)
    if (code == s.code) return s.label;
  return code;
}

bool Editable(const std::string& state) { return state == "bozza" || state == "restituita"; }

/// Reports are written while the plan is carried out (from the Region's approval), as the monitoring.
bool MonitoredState(core::PlanState s) {
  return s == core::PlanState::kApprovatoRegione || s == core::PlanState::kInAttuazione ||
         s == core::PlanState::kProrogato || s == core::PlanState::kConcluso || s == core::PlanState::kCommissariato;
}

struct ReportRow {
  std::int64_t id = 0, plan_id = 0, version = 0;
  std::string kind, title, state, created_at, created_by, updated_at;
  Date from, to;
  json narrative = json::object();
  json snapshot;  // null unless submitted once
  bool has_document = false;
};

constexpr const char* kReportColumns =
    "id, plan_id, kind, period_from, period_to, title, narrative, state, snapshot, CASE WHEN document IS NULL THEN 0 "
    "ELSE 1 END, "
    "created_at, created_by, updated_at, version";

ReportRow ReportOf(const storage::Row& r) {
  ReportRow out;
  out.id = r.Int(0);
  out.plan_id = r.Int(1);
  out.kind = r.Text(2);
  out.from = Date::Parse(r.Text(3)).value_or(Date{});
  out.to = Date::Parse(r.Text(4)).value_or(Date{});
  out.title = r.Text(5);
  out.narrative = json::parse(r.Text(6), nullptr, false);
  if (!out.narrative.is_object()) out.narrative = json::object();
  out.state = r.Text(7);
  out.snapshot = r.IsNull(8) ? json(nullptr) : json::parse(r.Text(8), nullptr, false);
  out.has_document = r.Int(9) != 0;
  out.created_at = r.Text(10);
  out.created_by = r.Text(11);
  out.updated_at = r.Text(12);
  out.version = r.Int(13);
  return out;
}

Result<ReportRow> LoadReport(storage::Connection& conn, std::int64_t id) {
  PDZ_ASSIGN(auto rows,
             conn.Query(std::string("SELECT ") + kReportColumns + " FROM monitoring_reports WHERE id = ?", {id}));
  if (rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "Relazione " + std::to_string(id) + " inesistente.",
                     {{.field = "id", .value = std::to_string(id), .reason = "relazione inesistente"}});
  }
  return ReportOf(rows[0]);
}

/// The report and its plan, when the actor may read the plan (404 otherwise, as for the plan).
struct Readable {
  ReportRow report;
  PlanRow plan;
};
Result<Readable> LoadReadable(storage::Connection& conn, const Actor& actor, std::int64_t id) {
  PDZ_ASSIGN(ReportRow report, LoadReport(conn, id));
  PDZ_ASSIGN(PlanRow plan, LoadPlanRow(conn, report.plan_id));
  auto readable = detail::RequirePlanRead(conn, actor, plan);
  if (!readable) {
    if (readable.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, "Relazione " + std::to_string(id) + " inesistente.",
                       {{.field = "id", .value = std::to_string(id), .reason = "relazione inesistente"}});
    }
    return readable.take_error();
  }
  return Readable{std::move(report), std::move(plan)};
}

Error StateConflict(const ReportRow& r, const std::string& what, const std::string& allowed) {
  return MakeError(ErrorCode::kConflict, "La relazione è «" + StateLabel(r.state) + "»: " + what,
                   {{.field = "state", .value = r.state, .reason = allowed}});
}

Error VersionConflict(std::int64_t current) {
  return MakeError(ErrorCode::kVersionConflict,
                   "La relazione è stata modificata da qualcun altro dopo che l'hai aperta: ricarica.",
                   {{.field = "version",
                     .value = json{{"current_version", current}}.dump(),
                     .reason = "la relazione è alla versione " + std::to_string(current),
                     .value_is_json = true}});
}

json EmptyNarrative() {
  json n = json::object();
  for (const auto& s : detail::kReportSections) n[s.code] = "";
  return n;
}

json ReportJson(const ReportRow& r, const std::string& ambito) {
  const Kind* kind = FindKind(r.kind);
  json narrative = EmptyNarrative();
  for (const auto& [k, v] : r.narrative.items()) narrative[k] = v;
  return {{"id", r.id},
          {"plan_id", r.plan_id},
          {"ambito", ambito},
          {"kind", r.kind},
          {"kind_label", kind ? kind->label : r.kind},
          {"period", {{"from", r.from.ToString()}, {"to", r.to.ToString()}}},
          {"title", r.title},
          {"state", r.state},
          {"state_label", StateLabel(r.state)},
          {"editable", Editable(r.state)},
          {"has_document", r.has_document},
          {"created_at", r.created_at},
          {"created_by", r.created_by},
          {"updated_at", r.updated_at},
          {"version", r.version}};
}

Result<json> TransitionsJson(storage::Connection& conn, std::int64_t id) {
  PDZ_ASSIGN(auto rows, conn.Query("SELECT from_state, to_state, actor, at, note FROM monitoring_report_transitions "
                                   "WHERE report_id = ? ORDER BY id",
                                   {id}));
  json out = json::array();
  for (const auto& r : rows) {
    out.push_back({{"from", r.Text(0)},
                   {"from_label", StateLabel(r.Text(0))},
                   {"to", r.Text(1)},
                   {"to_label", StateLabel(r.Text(1))},
                   {"actor", r.Text(2)},
                   {"at", r.Text(3)},
                   {"note", r.Text(4)}});
  }
  return out;
}

// ---- The document ----------------------------------------------------------------------------

std::string Percent(const json& fraction) {
  if (!fraction.is_number()) return "n.d.";
  return std::to_string(static_cast<int>(std::lround(fraction.get<double>() * 100))) + "%";
}

/// A number as an Italian officer writes it: up to two decimals, a comma.
std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  for (auto& c : s)
    if (c == '.') c = ',';
  return s;
}

std::string ItalianDate(const json& iso) {
  if (!iso.is_string()) return {};
  auto d = Date::Parse(iso.get<std::string>());
  return d ? d->ToItalian() : iso.get<std::string>();
}

std::string PointText(const json& p, const std::string& unit) {
  if (!p.is_object()) return "";
  std::string v = p.value("text", "");
  if (v.empty() && p.contains("value") && p["value"].is_number()) v = Number(p["value"].get<double>());
  if (v.empty()) return "";
  if (!unit.empty()) v += " " + unit;
  std::string date = ItalianDate(p.value("date", json(nullptr)));
  return date.empty() ? v : v + "\nal " + date;
}

std::string Str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

/// The report as a document, from the monitoring view `m` (frozen at submission, or live for a draft).
doc::Document ReportDocument(const ReportRow& r, const json& m, const std::string& ambito_name, bool draft) {
  const Kind* kind = FindKind(r.kind);
  std::string kind_label = kind ? kind->label : r.kind;
  const json& plan = m["plan"];
  std::string plan_title = Str(plan, "title");
  std::string piano = plan_title.rfind("Piano di Zona", 0) == 0 ? plan_title : "Piano di Zona " + plan_title;
  std::string period = "dal " + r.from.ToItalian() + " al " + r.to.ToItalian();

  doc::Document d;
  d.title = (draft ? "BOZZA – " : "") + kind_label + " – " + piano + " – Ambito " + ambito_name;
  d.author = "Ufficio di Piano – Ambito " + ambito_name;
  d.footer = d.title;
  auto& b = d.blocks;
  b.push_back(doc::Text(doc::ParagraphStyle::kTitle, (draft ? "BOZZA – " : "") + kind_label));
  b.push_back(doc::Text(doc::ParagraphStyle::kSubtitle, piano));
  b.push_back(doc::Text(doc::ParagraphStyle::kHeading3, "Ambito territoriale " + ambito_name));
  if (!r.title.empty()) b.push_back(doc::Paragraph{doc::ParagraphStyle::kBody, {{"Titolo: ", true}, {r.title}}});
  b.push_back(doc::Paragraph{doc::ParagraphStyle::kBody, {{"Periodo: ", true}, {period}}});
  if (plan.contains("period")) {
    b.push_back(
        doc::Paragraph{doc::ParagraphStyle::kBody,
                       {{"Triennio del piano: ", true},
                        {"dal " + ItalianDate(plan["period"]["from"]) + " al " + ItalianDate(plan["period"]["to"])}}});
  }
  b.push_back(doc::Paragraph{doc::ParagraphStyle::kBody,
                             {{"Stato della relazione: ", true}, {draft ? "Bozza (non trasmessa)" : "Trasmessa"}}});
  b.push_back(doc::Text(doc::ParagraphStyle::kSmall, "Dati di monitoraggio al " + ItalianDate(m["as_of"]) + "."));
  if (draft) {
    b.push_back(doc::Paragraph{
        doc::ParagraphStyle::kBody,
        {{"BOZZA: ", true},
         {"documento di lavoro calcolato sui dati attuali; i dati sono fissati alla trasmissione.", false, true}}});
  }
  b.push_back(doc::PageBreak{});
  b.push_back(doc::TableOfContents{});
  b.push_back(doc::PageBreak{});

  // The narrative, section by section.
  for (const auto& s : detail::kReportSections) {
    b.push_back(doc::Text(doc::ParagraphStyle::kHeading1, s.title));
    std::string text =
        r.narrative.contains(s.code) && r.narrative[s.code].is_string() ? r.narrative[s.code].get<std::string>() : "";
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      b.push_back(doc::Paragraph{doc::ParagraphStyle::kBody, {{"Sezione non compilata.", false, true}}});
      continue;
    }
    for (auto& block : doc::MarkdownToBlocks(text)) {
      if (auto* p = std::get_if<doc::Paragraph>(&block); p && p->style == doc::ParagraphStyle::kHeading1) {
        p->style = doc::ParagraphStyle::kHeading2;
      }
      b.push_back(std::move(block));
    }
  }

  // The plan's progress as a whole.
  const json& progress = m["progress"];
  b.push_back(doc::Text(doc::ParagraphStyle::kHeading1, "Sintesi dell'avanzamento del piano"));
  b.push_back(doc::Paragraph{doc::ParagraphStyle::kBody,
                             {{"Avanzamento complessivo: ", true},
                              {Percent(progress["value"]) + " (atteso " + Percent(progress["expected"]) + ": " +
                               Str(progress, "label") + ")"}}});
  size_t actions = 0, done = 0;
  for (const auto& g : m["objectives"])
    for (const auto& s : g["specific"])
      for (const auto& a : s["actions"]) {
        ++actions;
        if (a["status"] == "done") ++done;
      }
  b.push_back(doc::Paragraph{doc::ParagraphStyle::kBody,
                             {{"Azioni: ", true},
                              {std::to_string(actions) + ", di cui concluse " + std::to_string(done) +
                               " e in ritardo " + std::to_string(m["overdue"].size()) + "."}}});
  {
    doc::Table t;
    t.header = {"Obiettivo generale", "Avanzamento", "Atteso", "Giudizio"};
    t.widths = {3, 1.4, 1, 1.2};
    for (const auto& g : m["objectives"]) {
      t.rows.push_back({Str(g, "number") + ". " + Str(g, "title"), Percent(g["progress"]["value"]),
                        Percent(g["progress"]["expected"]), Str(g["progress"], "label")});
    }
    if (!t.rows.empty()) b.push_back(std::move(t));
  }
  if (m.contains("by_dimension") && !m["by_dimension"].empty()) {
    b.push_back(doc::Text(doc::ParagraphStyle::kHeading2, "Per dimensione (conoscenze, risorse, servizi)"));
    doc::Table t;
    t.header = {"Dimensione", "Avanzamento degli indicatori"};
    t.widths = {2, 1};
    for (const auto& x : m["by_dimension"]) t.rows.push_back({Str(x, "dimension"), Percent(x["progress"])});
    b.push_back(std::move(t));
  }

  // Stato di attuazione: per general objective, every action of every specific objective.
  b.push_back(doc::Text(doc::ParagraphStyle::kHeading1, "Stato di attuazione"));
  for (const auto& g : m["objectives"]) {
    b.push_back(doc::Text(
        doc::ParagraphStyle::kHeading2,
        Str(g, "number") + ". Obiettivo generale: " + Str(g, "title") + " – " + Percent(g["progress"]["value"])));
    doc::Table t;
    t.header = {"Obiettivo specifico", "Azione", "Stato", "Avanz.", "Scadenza"};
    t.widths = {1.8, 2.5, 1.1, 0.8, 1.3};
    for (const auto& s : g["specific"]) {
      std::string so = Str(s, "number") + " " + Str(s, "title") + "\nAvanzamento: " + Percent(s["progress"]["value"]) +
                       " (" + Str(s["progress"], "label") + ")";
      bool first = true;
      for (const auto& a : s["actions"]) {
        std::string status = Str(a, "status_label");
        if (a.value("overdue", false)) status += "\nIN RITARDO";
        // The evidence's titles, briefly (a snapshot frozen before evidence existed has none).
        std::string text = Str(a, "text");
        if (a.contains("evidence") && a["evidence"].is_array() && !a["evidence"].empty()) {
          std::string list;
          for (const auto& e : a["evidence"]) list += (list.empty() ? "" : "; ") + Str(e, "title");
          text += "\nEvidenze: " + list;
        }
        t.rows.push_back(
            {first ? so : "", text, status, std::to_string(a.value("progress", 0)) + "%", ItalianDate(a["due"])});
        first = false;
      }
      if (first) t.rows.push_back({so, "(nessuna azione)", "", "", ""});
    }
    if (!t.rows.empty()) b.push_back(std::move(t));
  }

  // Indicatori di esito.
  b.push_back(doc::Text(doc::ParagraphStyle::kHeading1, "Indicatori di esito"));
  {
    doc::Table t;
    t.header = {"Ob.", "Indicatore", "Valore di partenza", "Valore atteso", "Ultimo valore", "Avanz.", "Giudizio"};
    t.widths = {0.5, 2.2, 1.2, 1.2, 1.2, 0.8, 1.1};
    for (const auto& g : m["objectives"])
      for (const auto& s : g["specific"])
        for (const auto& i : s["indicators"]) {
          std::string unit = Str(i, "unit");
          std::string latest = i["latest"].is_number()
                                   ? Number(i["latest"].get<double>()) + (unit.empty() ? "" : " " + unit) + "\nal " +
                                         ItalianDate(i["latest_on"])
                                   : "non misurato";
          t.rows.push_back({Str(s, "number"), Str(i, "name"), PointText(i["baseline"], unit),
                            PointText(i["target"], unit), latest, Percent(i["progress"]), Str(i, "label")});
        }
    if (t.rows.empty()) {
      b.push_back(doc::Text(doc::ParagraphStyle::kBody, "Il piano non ha indicatori di esito."));
    } else {
      b.push_back(std::move(t));
    }
  }

  // Azioni in ritardo.
  b.push_back(doc::Text(doc::ParagraphStyle::kHeading1, "Azioni in ritardo"));
  if (m["overdue"].empty()) {
    b.push_back(doc::Text(doc::ParagraphStyle::kBody, "Nessuna azione in ritardo al " + ItalianDate(m["as_of"]) + "."));
  } else {
    for (const auto& o : m["overdue"]) {
      b.push_back(doc::Text(doc::ParagraphStyle::kListItem, Str(o, "objective") + " – " + Str(o, "text") +
                                                                " (scadenza " + ItalianDate(o["due"]) + ", " +
                                                                std::to_string(o.value("days_late", 0)) +
                                                                " giorni di ritardo; " + Str(o, "status_label") + ")"));
    }
  }
  const json& th = m["thresholds"];
  b.push_back(doc::Text(doc::ParagraphStyle::kSmall,
                        "Giudizi: «in linea» quando l'avanzamento è almeno il " + Percent(th["on_track"]) +
                            " dell'atteso, «a rischio» quando è almeno il " + Percent(th["at_risk"]) +
                            "; soglie: " + Str(th, "source") + "."));
  return d;
}

std::string BaseName(const ReportRow& r, const std::string& ambito) {
  return "relazione-" + r.kind + "-" + ambito + "-" + r.from.ToString() + "-" + r.to.ToString();
}

/// Reads the narrative of a PATCH body: the known sections, Markdown strings.
void ReadNarrative(const json& body, io::JsonFields& in, json& narrative) {
  if (!body.contains("narrative")) return;
  const json& n = body["narrative"];
  if (!n.is_object()) {
    in.problems.Add("narrative", n.dump(), "atteso un oggetto {sezione: testo}");
    return;
  }
  for (const auto& [k, v] : n.items()) {
    bool known = false;
    for (const auto& s : detail::kReportSections) known = known || k == s.code;
    if (!known) {
      in.problems.Add("narrative." + k, k, "sezioni ammesse: sintesi, azioni, indicatori, criticita, prospettive");
    } else if (!v.is_string()) {
      in.problems.Add("narrative." + k, v.dump(), "atteso un testo (Markdown)");
    } else if (v.get<std::string>().size() > 200000) {
      in.problems.Add("narrative." + k, "", "al massimo 200.000 caratteri");
    } else {
      narrative[k] = v;
    }
  }
}

/// Which of several reports on the same period counts: the most advanced state.
int StateRank(const std::string& state) {
  if (state == "accettata") return 4;
  if (state == "trasmessa") return 3;
  if (state == "restituita") return 2;
  return 1;
}

}  // namespace

namespace detail {

Result<json> ReportSchedule(storage::Connection& conn, std::int64_t plan_id, Date today) {
  PDZ_ASSIGN(core::Plan plan, LatestPlanBody(conn, plan_id));
  PDZ_ASSIGN(auto ruleset, LoadRuleset(conn, plan.ruleset));
  core::MonitoringRules rules = ruleset ? ruleset->monitoring : core::MonitoringRules{};
  auto expected = core::ScheduleReports(rules, plan.period_from, plan.period_to);
  PDZ_ASSIGN(auto rows, conn.Query(std::string("SELECT ") + kReportColumns +
                                       " FROM monitoring_reports WHERE plan_id = ? ORDER BY id",
                                   {plan_id}));
  std::vector<ReportRow> reports;
  for (const auto& r : rows) reports.push_back(ReportOf(r));
  PDZ_ASSIGN(auto sent, conn.Query("SELECT t.report_id, max(t.at) FROM monitoring_report_transitions t JOIN "
                                   "monitoring_reports r ON r.id = t.report_id WHERE r.plan_id = ? AND t.to_state = "
                                   "'trasmessa' GROUP BY t.report_id",
                                   {plan_id}));
  std::map<std::int64_t, std::string> submitted_at;
  for (const auto& r : sent) submitted_at[r.Int(0)] = r.Text(1);
  json entries = json::array();
  for (const auto& e : expected) {
    const ReportRow* match = nullptr;
    for (const auto& r : reports) {
      if (r.kind == e.kind && r.from == e.period_from && r.to == e.period_to &&
          (!match || StateRank(r.state) >= StateRank(match->state))) {
        match = &r;
      }
    }
    std::string status = match ? match->state : "mancante";
    bool delivered = status == "trasmessa" || status == "accettata";
    bool overdue = !delivered && e.due < today;
    const Kind* kind = FindKind(e.kind);
    json report = nullptr;
    if (match) {
      auto it = submitted_at.find(match->id);
      report = {{"id", match->id},
                {"state", match->state},
                {"state_label", StateLabel(match->state)},
                {"title", match->title},
                {"version", match->version},
                {"submitted_at", it == submitted_at.end() ? json(nullptr) : json(it->second)}};
    }
    entries.push_back({{"kind", e.kind},
                       {"kind_label", kind ? kind->label : e.kind},
                       {"label", e.label},
                       {"title", e.title},
                       {"period", {{"from", e.period_from.ToString()}, {"to", e.period_to.ToString()}}},
                       {"due", e.due.ToString()},
                       {"act", e.act},
                       {"source", e.source},
                       {"status", status},
                       {"status_label", match ? StateLabel(match->state) : "Mancante"},
                       {"report", report},
                       {"overdue", overdue},
                       {"days_late", overdue ? today.ToDays() - e.due.ToDays() : 0}});
  }
  return json{{"source", rules.reports.empty() ? std::string("predefinito") : plan.ruleset}, {"entries", entries}};
}

}  // namespace detail

Result<json> App::ListReports(const Actor& actor, std::int64_t plan_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(PlanRow row, LoadPlanRow(*conn, plan_id));
  PDZ_TRY(detail::RequirePlanRead(*conn, actor, row));
  PDZ_ASSIGN(auto rows, conn->Query(std::string("SELECT ") + kReportColumns +
                                        " FROM monitoring_reports WHERE plan_id = ? ORDER BY period_from, id",
                                    {plan_id}));
  json items = json::array();
  for (const auto& r : rows) items.push_back(ReportJson(ReportOf(r), row.ambito));
  json kinds = json::array();
  for (const auto& k : kKinds) kinds.push_back({{"kind", k.code}, {"label", k.label}});
  Date today = clock_.Today();
  PDZ_ASSIGN(json schedule, detail::ReportSchedule(*conn, plan_id, today));
  return json{{"plan_id", plan_id},
              {"items", items},
              {"total", items.size()},
              {"kinds", kinds},
              {"today", today.ToString()},
              {"schedule_source", schedule["source"]},
              {"schedule", schedule["entries"]}};
}

Result<json> App::CreateReport(const Actor& actor, std::int64_t plan_id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(body, {"kind", "period_from", "period_to", "title"}, "");
  std::string kind_code = in.String(body, "kind", "kind", true);
  // No period: the next report of that kind the schedule still expects (docs/monitoring.md §5.1).
  bool next_due = !body.contains("period_from") && !body.contains("period_to");
  auto from = in.DateField(body, "period_from", "period_from", !next_due);
  auto to = in.DateField(body, "period_to", "period_to", !next_due);
  std::string title = in.String(body, "title", "title", false);
  const Kind* kind = FindKind(kind_code);
  if (!kind_code.empty() && !kind) in.problems.Add("kind", kind_code, "ammessi: previsione, avanzamento, consuntivo");
  if (from && to && *to < *from) {
    in.problems.Add("period_to", to->ToString(), "non prima di period_from (" + from->ToString() + ")");
  }
  if (title.size() > 300) in.problems.Add("title", "", "al massimo 300 caratteri");
  if (!in.ok()) return in.ToError("Relazione non valida.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(PlanRow row, LoadPlanRow(*conn, plan_id));
    PDZ_TRY(detail::RequirePlanEditor(*conn, actor, row));
    if (!MonitoredState(row.state)) {
      return MakeError(ErrorCode::kConflict,
                       "Il piano è «" + std::string(core::PlanStateLabel(row.state)) +
                           "»: le relazioni di monitoraggio si redigono dall'approvazione regionale in poi.",
                       {{.field = "status",
                         .value = std::string(core::PlanStateCode(row.state)),
                         .reason = "ammessi: approvato_regione, in_attuazione, prorogato, commissariato, concluso"}});
    }
    if (next_due) {
      PDZ_ASSIGN(json schedule, detail::ReportSchedule(*conn, plan_id, clock_.Today()));
      for (const auto& e : schedule["entries"]) {
        if (e["kind"] != kind_code || e["status"] != "mancante") continue;
        from = Date::Parse(e["period"]["from"].get<std::string>());
        to = Date::Parse(e["period"]["to"].get<std::string>());
        if (title.empty()) title = e["title"].get<std::string>();
        break;
      }
      if (!from || !to) {
        return MakeError(ErrorCode::kValidationFailed,
                         "Tutte le relazioni «" + std::string(kind->label) +
                             "» previste dal calendario hanno già una relazione: indicare il periodo.",
                         {{.field = "period_from", .reason = "indicare period_from e period_to"}});
      }
    }
    PDZ_ASSIGN(core::Plan plan, detail::LatestPlanBody(*conn, plan_id));
    io::JsonFields period;
    if (*from < plan.period_from || *from > plan.period_to) {
      period.problems.Add(
          "period_from", from->ToString(),
          "dentro il periodo del piano (" + plan.period_from.ToString() + " – " + plan.period_to.ToString() + ")");
    }
    if (*to > plan.period_to || *to < plan.period_from) {
      period.problems.Add(
          "period_to", to->ToString(),
          "dentro il periodo del piano (" + plan.period_from.ToString() + " – " + plan.period_to.ToString() + ")");
    }
    if (!period.ok()) return period.ToError("Il periodo della relazione è fuori dal periodo del piano.");
    if (title.empty()) {
      title = std::string(kind->label) + " " + std::to_string(from->year());
      if (to->year() != from->year()) title += "-" + std::to_string(to->year());
    }
    std::string now = clock_.NowIso();
    PDZ_ASSIGN(auto ids, conn->Query("INSERT INTO monitoring_reports (plan_id, kind, period_from, period_to, title, "
                                     "narrative, state, created_at, created_by, updated_at, version) VALUES (?, ?, "
                                     "?, ?, ?, ?, 'bozza', ?, ?, ?, 1) RETURNING id",
                                     {plan_id, kind_code, from->ToString(), to->ToString(), title,
                                      EmptyNarrative().dump(), now, actor.username, now}));
    PDZ_ASSIGN(ReportRow report, LoadReport(*conn, ids[0].Int(0)));
    json out = ReportJson(report, row.ambito);
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "create_report", "monitoring_report", std::to_string(report.id),
                          row.ambito, nullptr, out));
    out["narrative"] = EmptyNarrative();
    out["transitions"] = json::array();
    out["snapshot"] = nullptr;
    return out;
  });
}

Result<json> App::GetReport(const Actor& actor, std::int64_t id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Readable r, LoadReadable(*conn, actor, id));
  json out = ReportJson(r.report, r.plan.ambito);
  json narrative = EmptyNarrative();
  for (const auto& [k, v] : r.report.narrative.items()) narrative[k] = v;
  out["narrative"] = narrative;
  PDZ_ASSIGN(out["transitions"], TransitionsJson(*conn, id));
  out["snapshot"] = r.report.snapshot;
  return out;
}

Result<json> App::PatchReport(const Actor& actor, std::int64_t id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(body, {"narrative", "title", "version"}, "");
  auto version = in.Integer(body, "version", "version", true);
  std::string title = in.String(body, "title", "title", false);
  if (body.contains("title") && body["title"].is_string() && title.find_first_not_of(" \t") == std::string::npos) {
    in.problems.Add("title", title, "non può essere vuoto");
  }
  if (title.size() > 300) in.problems.Add("title", "", "al massimo 300 caratteri");
  json changes = json::object();
  ReadNarrative(body, in, changes);
  if (!in.ok()) return in.ToError("Modifica della relazione non valida.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(Readable r, LoadReadable(*conn, actor, id));
    PDZ_TRY(detail::RequirePlanEditor(*conn, actor, r.plan));
    if (!Editable(r.report.state)) {
      return StateConflict(r.report, "si modifica solo in bozza o quando è restituita.", "ammessi: bozza, restituita");
    }
    if (*version != r.report.version) return VersionConflict(r.report.version);
    json narrative = EmptyNarrative();
    for (const auto& [k, v] : r.report.narrative.items()) narrative[k] = v;
    json before = {{"title", r.report.title}, {"narrative", narrative}};
    for (const auto& [k, v] : changes.items()) narrative[k] = v;
    std::string new_title = body.contains("title") ? title : r.report.title;
    std::string now = clock_.NowIso();
    PDZ_ASSIGN(std::int64_t n, conn->Exec("UPDATE monitoring_reports SET title = ?, narrative = ?, updated_at = ?, "
                                          "version = version + 1 WHERE id = ? AND version = ?",
                                          {new_title, narrative.dump(), now, id, *version}));
    if (n != 1) return VersionConflict(r.report.version);
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "edit_report", "monitoring_report", std::to_string(id), r.plan.ambito,
                          before, json{{"title", new_title}, {"narrative", narrative}}));
    PDZ_ASSIGN(ReportRow after, LoadReport(*conn, id));
    json out = ReportJson(after, r.plan.ambito);
    out["narrative"] = narrative;
    PDZ_ASSIGN(out["transitions"], TransitionsJson(*conn, id));
    out["snapshot"] = after.snapshot;
    return out;
  });
}

Result<json> App::TransitionReport(const Actor& actor, std::int64_t id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(body, {"to", "note"}, "");
  std::string to = in.String(body, "to", "to", true);
  std::string note = in.String(body, "note", "note", false);
  if (!to.empty() && to != "trasmessa" && to != "accettata" && to != "restituita") {
    in.problems.Add("to", to, "ammessi: trasmessa, accettata, restituita");
  }
  if (to == "restituita" && note.find_first_not_of(" \t\r\n") == std::string::npos) {
    in.problems.Add("note", note, "la restituzione richiede una nota che dica cosa integrare");
  }
  if (!in.ok()) return in.ToError("Passaggio di stato della relazione non valido.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  // Who may take the step, and from which state; checked before rendering, then again in the transaction.
  auto check = [&](const Readable& r) -> Result<void> {
    if (actor.anonymous()) {
      return MakeError(ErrorCode::kUnauthenticated,
                       "Per questa operazione occorre accedere con le proprie credenziali.");
    }
    if (to == "trasmessa") {
      PDZ_TRY(detail::RequirePlanEditor(*conn, actor, r.plan));
      if (!Editable(r.report.state)) {
        return StateConflict(r.report, "si trasmette dalla bozza o dopo una restituzione.",
                             "ammessi: bozza, restituita");
      }
      return Ok();
    }
    PDZ_ASSIGN(core::Place place, detail::PlaceOfAmbito(*conn, r.plan.ambito));
    auto who = detail::CapacitiesOf(actor, place);
    if (!who.count(core::Capacity::kRegion) && !who.count(core::Capacity::kAgency)) {
      return MakeError(ErrorCode::kForbidden,
                       "Accettano o restituiscono la relazione la Regione o l'ATS/ASL dell'ambito.",
                       {{.field = "to", .value = to, .reason = "riservato a region_admin e ats_operator dell'ambito"}});
    }
    if (r.report.state != "trasmessa") {
      return StateConflict(r.report, "si accetta o si restituisce solo una relazione trasmessa.", "atteso trasmessa");
    }
    return Ok();
  };
  PDZ_ASSIGN(Readable pre, LoadReadable(*conn, actor, id));
  PDZ_TRY(check(pre));
  // Submission: the monitoring as of the period's end (or today, for a report sent before it ends, as a
  // previsione is) is frozen and the PDF rendered once.
  json snapshot;
  std::string pdf;
  if (to == "trasmessa") {
    PDZ_ASSIGN(snapshot, GetMonitoring(actor, pre.report.plan_id, std::min(pre.report.to, clock_.Today())));
    PDZ_ASSIGN(json ambito, GetAmbito(pre.plan.ambito, pre.report.from));
    std::string name = ambito.value("name", pre.plan.ambito);
    PDZ_ASSIGN(pdf, doc::RenderPdf(ReportDocument(pre.report, snapshot, name, false)));
  }
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(Readable r, LoadReadable(*conn, actor, id));
    if (r.report.version != pre.report.version) return VersionConflict(r.report.version);
    PDZ_TRY(check(r));
    std::string now = clock_.NowIso();
    std::int64_t n = 0;
    if (to == "trasmessa") {
      PDZ_ASSIGN(n, conn->Exec("UPDATE monitoring_reports SET state = ?, snapshot = ?, document = ?, updated_at = ?, "
                               "version = version + 1 WHERE id = ? AND version = ?",
                               {to, snapshot.dump(), storage::Blob{pdf}, now, id, r.report.version}));
    } else {
      PDZ_ASSIGN(n, conn->Exec("UPDATE monitoring_reports SET state = ?, updated_at = ?, version = version + 1 "
                               "WHERE id = ? AND version = ?",
                               {to, now, id, r.report.version}));
    }
    if (n != 1) return VersionConflict(r.report.version);
    PDZ_TRY(
        conn->Exec("INSERT INTO monitoring_report_transitions (report_id, from_state, to_state, actor, at, note) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   {id, r.report.state, to, actor.username, now, note}));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "transition_report", "monitoring_report", std::to_string(id),
                          r.plan.ambito, json{{"state", r.report.state}}, json{{"state", to}, {"note", note}}));
    PDZ_ASSIGN(ReportRow after, LoadReport(*conn, id));
    json out = ReportJson(after, r.plan.ambito);
    json narrative = EmptyNarrative();
    for (const auto& [k, v] : after.narrative.items()) narrative[k] = v;
    out["narrative"] = narrative;
    PDZ_ASSIGN(out["transitions"], TransitionsJson(*conn, id));
    out["snapshot"] = after.snapshot;
    return out;
  });
}

Result<App::File> App::ExportReport(const Actor& actor, std::int64_t id, const std::string& format) {
  if (format != "pdf" && format != "docx") {
    return MakeError(ErrorCode::kValidationFailed, "Formato '" + format + "' non disponibile: pdf o docx.",
                     {{.field = "format", .value = format, .reason = "ammessi: pdf, docx"}});
  }
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Readable r, LoadReadable(*conn, actor, id));
  std::string base = BaseName(r.report, r.plan.ambito);
  bool submitted = !r.report.snapshot.is_null() && r.report.state != "bozza" && r.report.state != "restituita";
  if (submitted && format == "pdf" && r.report.has_document) {
    PDZ_ASSIGN(auto rows, conn->Query("SELECT document FROM monitoring_reports WHERE id = ?", {id}));
    return File{rows[0].Bytes(0), "application/pdf", base + ".pdf"};
  }
  conn.reset();
  json m;
  if (submitted) {
    m = r.report.snapshot;
  } else {
    PDZ_ASSIGN(m, GetMonitoring(actor, r.report.plan_id, std::min(r.report.to, clock_.Today())));
  }
  PDZ_ASSIGN(json ambito, GetAmbito(r.plan.ambito, r.report.from));
  std::string name = ambito.value("name", r.plan.ambito);
  return detail::RenderDocument(ReportDocument(r.report, m, name, !submitted), format,
                                submitted ? base : base + "-bozza");
}

}  // namespace pdz::app
