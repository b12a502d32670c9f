// Monitoring of a plan (docs/monitoring.md): the state of each action, measurements of the outcome
// indicators (entered, or from the flows when bound to a knowledge indicator), and the roll-up from
// actions and indicators to specific and general objectives, the plan, areas, dimensions and the
// Region's strategic objectives. Nothing rolled up is stored: it is computed on every read.
#include <algorithm>
#include <map>

#include "app/app.hpp"
#include "app/detail/internals.hpp"
#include "app/detail/monitoring.hpp"
#include "core/governance/lifecycle.hpp"
#include "core/monitoring/progress.hpp"
#include "core/plan/plan.hpp"
#include "io/json_fields.hpp"

namespace pdz::app {
namespace {

using detail::LoadPlanRow;
using detail::PlanRow;

/// Monitoring is written while the plan is carried out (after the Region's approval).
bool MonitoredState(core::PlanState s) {
  return s == core::PlanState::kApprovatoRegione || s == core::PlanState::kInAttuazione ||
         s == core::PlanState::kProrogato || s == core::PlanState::kConcluso || s == core::PlanState::kCommissariato;
}

json Num(std::optional<double> v) { return v ? json(*v) : json(nullptr); }

json ProgressJson(std::optional<double> value, double expected, const core::Thresholds& t) {
  auto j = core::Judge(value, expected, t);
  return {{"value", Num(value)},
          {"expected", expected},
          {"judgement", std::string(core::JudgementCode(j))},
          {"label", std::string(core::JudgementLabel(j))}};
}

struct ActionRow {
  core::ActionState state;
  std::string notes, updated_at, updated_by;
  std::int64_t version = 0;
};

struct Measurement {
  std::int64_t id = 0;  // 0: from the flows
  Date measured_on;
  double value = 0;
  std::string source, note, entered_by, entered_at;
  std::int64_t corrects = 0, corrected_by = 0;
};

const core::Action* FindAction(const core::Plan& plan, const std::string& id, const core::SpecificObjective** so) {
  for (const auto& g : plan.objectives)
    for (const auto& s : g.specific)
      for (const auto& a : s.actions)
        if (a.id == id) {
          if (so) *so = &s;
          return &a;
        }
  return nullptr;
}

const core::Indicator* FindIndicator(const core::Plan& plan, const std::string& id) {
  for (const auto& g : plan.objectives)
    for (const auto& s : g.specific)
      for (const auto& i : s.indicators)
        if (i.id == id) return &i;
  return nullptr;
}

Error UnknownItem(const std::string& what, const std::string& field, const std::string& id) {
  return MakeError(ErrorCode::kNotFound, what + " '" + id + "' non presente nel piano.",
                   {{.field = field, .value = id, .reason = "identificativo inesistente nell'ultima revisione"}});
}

std::optional<Date> DueOf(const core::Action& a, const core::SpecificObjective& s) {
  if (a.due) return a.due;
  if (s.timing.kind == core::TimingKind::kDate) return s.timing.date;
  return std::nullopt;
}

json PointJson(const core::IndicatorPoint& p) {
  return {{"value", Num(p.value)}, {"text", p.text}, {"date", p.date ? json(p.date->ToString()) : json(nullptr)}};
}

}  // namespace

namespace detail {

Result<PlanRow> WritableMonitoredPlan(storage::Connection& conn, const Actor& actor, std::int64_t plan_id) {
  PDZ_ASSIGN(PlanRow row, LoadPlanRow(conn, plan_id));
  PDZ_TRY(detail::RequirePlanEditor(conn, actor, row));
  if (!MonitoredState(row.state)) {
    return MakeError(ErrorCode::kConflict,
                     "Il piano è «" + std::string(core::PlanStateLabel(row.state)) +
                         "»: il monitoraggio si registra dall'approvazione regionale in poi.",
                     {{.field = "status",
                       .value = std::string(core::PlanStateCode(row.state)),
                       .reason = "ammessi: approvato_regione, in_attuazione, prorogato, commissariato, concluso"}});
  }
  return row;
}

bool PlanHasAction(const core::Plan& plan, const std::string& action_id) {
  return FindAction(plan, action_id, nullptr) != nullptr;
}

}  // namespace detail

Result<json> App::GetMonitoring(const Actor& actor, std::int64_t plan_id, std::optional<Date> as_of_opt) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(PlanRow row, LoadPlanRow(*conn, plan_id));
  PDZ_TRY(detail::RequirePlanRead(*conn, actor, row));
  PDZ_ASSIGN(core::Plan plan, detail::LatestPlanBody(*conn, plan_id));
  Date as_of = as_of_opt.value_or(clock_.Today());
  // The ruleset's thresholds when it sets them (docs/monitoring.md §3), else the defaults, said so.
  core::Thresholds t;
  json thresholds = {{"source", "predefinito (le linee guida non fissano soglie)"}};
  PDZ_ASSIGN(auto ruleset, detail::LoadRuleset(*conn, plan.ruleset));
  json questions = json::array();
  if (ruleset && ruleset->monitoring.present) {
    t.on_track = ruleset->monitoring.on_track;
    t.at_risk = ruleset->monitoring.at_risk;
    thresholds = {{"source", ruleset->monitoring.thresholds_source},
                  {"act", ruleset->monitoring.act},
                  {"ruleset", ruleset->code}};
    for (const auto& q : ruleset->monitoring.questions)
      questions.push_back({{"level", q.level}, {"code", q.code}, {"question", q.question}, {"rating", q.rating}});
  }
  thresholds["on_track"] = t.on_track;
  thresholds["at_risk"] = t.at_risk;

  std::map<std::string, ActionRow> actions;
  PDZ_ASSIGN(auto arows, conn->Query("SELECT action_id, status, progress, notes, updated_at, updated_by, version FROM "
                                     "monitoring_actions WHERE plan_id = ?",
                                     {plan_id}));
  for (const auto& r : arows) {
    ActionRow a;
    a.state.status = core::ParseActionStatus(r.Text(1)).value_or(core::ActionStatus::kNotStarted);
    a.state.progress = static_cast<int>(r.Int(2));
    a.notes = r.Text(3);
    a.updated_at = r.Text(4);
    a.updated_by = r.Text(5);
    a.version = r.Int(6);
    actions[r.Text(0)] = a;
  }
  std::map<std::string, std::vector<Measurement>> measured;
  PDZ_ASSIGN(auto mrows, conn->Query("SELECT id, indicator_id, measured_on, value, source, note, corrects_id, "
                                     "entered_by, entered_at FROM indicator_measurements WHERE plan_id = ? ORDER BY id",
                                     {plan_id}));
  std::map<std::int64_t, std::pair<std::string, size_t>> by_id;
  for (const auto& r : mrows) {
    Measurement m;
    m.id = r.Int(0);
    m.measured_on = Date::Parse(r.Text(2)).value_or(Date{});
    m.value = r.Real(3);
    m.source = r.Text(4);
    m.note = r.Text(5);
    m.corrects = r.Int(6);
    m.entered_by = r.Text(7);
    m.entered_at = r.Text(8);
    auto& list = measured[r.Text(1)];
    if (m.corrects) {
      auto it = by_id.find(m.corrects);
      if (it != by_id.end()) measured[it->second.first][it->second.second].corrected_by = m.id;
    }
    by_id[m.id] = {r.Text(1), list.size()};
    list.push_back(std::move(m));
  }
  std::map<std::string, std::pair<std::string, std::string>> bindings;
  PDZ_ASSIGN(auto brows, conn->Query("SELECT indicator_id, knowledge_indicator, category FROM indicator_bindings "
                                     "WHERE plan_id = ?",
                                     {plan_id}));
  for (const auto& r : brows) bindings[r.Text(0)] = {r.Text(1), r.Text(2)};
  PDZ_ASSIGN(auto evidence, detail::EvidenceByAction(*conn, actor, row));
  conn.reset();  // the flows' values are read without holding a connection

  json overdue = json::array();
  json objectives = json::array();
  std::vector<core::Weighted> plan_values, plan_expected;
  std::map<std::string, std::vector<core::Weighted>> area_values, strategic_values, dimension_values;
  std::map<std::string, std::map<std::string, int>> dimension_judgements;
  size_t g_index = 0;
  for (const auto& g : plan.objectives) {
    ++g_index;
    std::vector<core::Weighted> g_values, g_expected;
    json specifics = json::array();
    size_t s_index = 0;
    for (const auto& s : g.specific) {
      ++s_index;
      std::vector<core::Weighted> a_values, a_expected, i_values, i_expected;
      json ajson = json::array();
      for (const auto& a : s.actions) {
        ActionRow st = actions.count(a.id) ? actions[a.id] : ActionRow{};
        auto due = DueOf(a, s);
        bool late = core::IsOverdue(st.state, due, as_of);
        double weight = st.state.status == core::ActionStatus::kCancelled ? 0 : a.weight;
        double expected = core::ExpectedProgress(plan.period_from, due.value_or(plan.period_to), as_of);
        a_values.push_back({st.state.progress / 100.0, weight});
        a_expected.push_back({expected, weight});
        json aj = {{"id", a.id},
                   {"text", a.text},
                   {"weight", a.weight},
                   {"due", due ? json(due->ToString()) : json(nullptr)},
                   {"status", std::string(core::ActionStatusCode(st.state.status))},
                   {"status_label", std::string(core::ActionStatusLabel(st.state.status))},
                   {"progress", st.state.progress},
                   {"expected", expected},
                   {"notes", st.notes},
                   {"overdue", late},
                   {"updated_at", st.updated_at.empty() ? json(nullptr) : json(st.updated_at)},
                   {"updated_by", st.updated_by.empty() ? json(nullptr) : json(st.updated_by)},
                   {"version", st.version}};
        aj["evidence"] = evidence.count(a.id) ? evidence[a.id] : json::array();
        if (late) {
          overdue.push_back({{"objective", std::to_string(g_index) + "." + std::to_string(s_index)},
                             {"specific_title", s.title},
                             {"action_id", a.id},
                             {"text", a.text},
                             {"due", due->ToString()},
                             {"status", std::string(core::ActionStatusCode(st.state.status))},
                             {"status_label", std::string(core::ActionStatusLabel(st.state.status))},
                             {"days_late", as_of.ToDays() - due->ToDays()}});
        }
        ajson.push_back(std::move(aj));
      }
      json ijson = json::array();
      for (const auto& ind : s.indicators) {
        std::vector<Measurement> all = measured.count(ind.id) ? measured[ind.id] : std::vector<Measurement>{};
        json binding = nullptr;
        if (bindings.count(ind.id)) {
          const auto& [kid, category] = bindings[ind.id];
          binding = {{"knowledge_indicator", kid}, {"category", category}};
          auto series = IndicatorSeries(Actor::System(), kid, "ambito", row.ambito, category);
          if (series) {
            binding["label"] = (*series)["indicator"].value("name", kid);
            for (const auto& y : (*series)["series"]) {
              if (y["value"].is_null()) continue;
              Measurement m;
              m.measured_on = *Date::FromYmd(y["year"].get<int>(), 12, 31);
              // The same dates an entered value may have: within the plan's period, not before the baseline.
              if (!core::ValidateMeasurementDate(m.measured_on, plan.period_from, plan.period_to, ind.baseline.date))
                continue;
              m.value = y["value"].get<double>();
              m.source = "Flussi informativi: " + binding["label"].get<std::string>();
              all.push_back(m);
            }
          } else {
            binding["error"] = series.error().message;
          }
        }
        std::sort(all.begin(), all.end(), [](const Measurement& x, const Measurement& y) {
          return x.measured_on != y.measured_on ? x.measured_on < y.measured_on : x.id < y.id;
        });
        std::optional<double> latest;
        std::optional<Date> latest_on;
        std::string latest_source;
        json mjson = json::array();
        for (const auto& m : all) {
          if (!m.corrected_by && m.measured_on <= as_of) {
            latest = m.value;
            latest_on = m.measured_on;
            latest_source = m.source;
          }
          json mj = {{"measured_on", m.measured_on.ToString()},
                     {"value", m.value},
                     {"source", m.source},
                     {"origin", m.id ? "entered" : "flow"}};
          if (m.id) {
            mj["id"] = m.id;
            mj["note"] = m.note;
            mj["entered_by"] = m.entered_by;
            mj["entered_at"] = m.entered_at;
            mj["corrects"] = m.corrects ? json(m.corrects) : json(nullptr);
            mj["corrected_by"] = m.corrected_by ? json(m.corrected_by) : json(nullptr);
          }
          mjson.push_back(std::move(mj));
        }
        core::IndicatorInput in{.baseline = ind.baseline.value,
                                .target = ind.target.value,
                                .baseline_date = ind.baseline.date,
                                .target_date = ind.target.date,
                                .latest = latest};
        auto p = core::AssessIndicator(in, plan.period_from, plan.period_to, as_of, t);
        if (p.progress) {
          i_values.push_back({*p.progress, ind.weight});
          i_expected.push_back({p.expected, ind.weight});
        }
        std::string dim(core::DimensionCode(ind.dimension));
        if (dim.empty()) dim = "nessuna";
        if (p.progress) dimension_values[dim].push_back({*p.progress, ind.weight});
        ++dimension_judgements[dim][std::string(core::JudgementCode(p.judgement))];
        ijson.push_back({{"id", ind.id},
                         {"name", ind.name},
                         {"unit", ind.unit},
                         {"dimension", std::string(core::DimensionCode(ind.dimension))},
                         {"weight", ind.weight},
                         {"baseline", PointJson(ind.baseline)},
                         {"target", PointJson(ind.target)},
                         {"binding", binding},
                         {"measurements", mjson},
                         {"latest", Num(latest)},
                         {"latest_on", latest_on ? json(latest_on->ToString()) : json(nullptr)},
                         {"latest_source", latest_on ? json(latest_source) : json(nullptr)},
                         {"progress", Num(p.progress)},
                         {"expected", p.expected},
                         {"judgement", std::string(core::JudgementCode(p.judgement))},
                         {"label", std::string(core::JudgementLabel(p.judgement))}});
      }
      // A specific objective: what was done (actions) and what it changed (indicators).
      auto av = core::WeightedMean(a_values), ae = core::WeightedMean(a_expected);
      auto iv = core::WeightedMean(i_values), ie = core::WeightedMean(i_expected);
      std::vector<core::Weighted> parts, parts_expected;
      if (av) parts.push_back({*av, 1}), parts_expected.push_back({ae.value_or(0), 1});
      if (iv) parts.push_back({*iv, 1}), parts_expected.push_back({ie.value_or(0), 1});
      auto sv = core::WeightedMean(parts);
      double se = core::WeightedMean(parts_expected).value_or(0);
      if (sv) {
        g_values.push_back({*sv, s.weight});
        g_expected.push_back({se, s.weight});
        for (const auto& area : s.areas) area_values[area].push_back({*sv, s.weight});
      }
      json sj = {{"id", s.id},         {"number", std::to_string(g_index) + "." + std::to_string(s_index)},
                 {"title", s.title},   {"weight", s.weight},
                 {"areas", s.areas},   {"actions", ajson},
                 {"indicators", ijson}};
      sj["progress"] = ProgressJson(sv, se, t);
      sj["progress"]["actions"] = Num(av);
      sj["progress"]["indicators"] = Num(iv);
      specifics.push_back(std::move(sj));
    }
    auto gv = core::WeightedMean(g_values);
    double ge = core::WeightedMean(g_expected).value_or(0);
    if (gv) {
      plan_values.push_back({*gv, g.weight});
      plan_expected.push_back({ge, g.weight});
      for (const auto& code : g.strategic_objectives) strategic_values[code].push_back({*gv, g.weight});
    }
    json gj = {{"id", g.id},
               {"number", std::to_string(g_index)},
               {"title", g.title},
               {"weight", g.weight},
               {"strategic_objectives", g.strategic_objectives},
               {"specific", specifics}};
    gj["progress"] = ProgressJson(gv, ge, t);
    objectives.push_back(std::move(gj));
  }
  auto groups = [](const std::map<std::string, std::vector<core::Weighted>>& m, const char* key) {
    json out = json::array();
    for (const auto& [code, values] : m) out.push_back({{key, code}, {"progress", Num(core::WeightedMean(values))}});
    return out;
  };
  json dimensions = json::array();
  for (const auto& [dim, counts] : dimension_judgements) {
    dimensions.push_back(
        {{"dimension", dim},
         {"progress", Num(dimension_values.count(dim) ? core::WeightedMean(dimension_values[dim]) : std::nullopt)},
         {"judgements", counts}});
  }
  auto pv = core::WeightedMean(plan_values);
  double pe = core::WeightedMean(plan_expected).value_or(0);
  return json{{"plan",
               {{"id", plan_id},
                {"title", plan.title},
                {"ambito", row.ambito},
                {"period", {{"from", plan.period_from.ToString()}, {"to", plan.period_to.ToString()}}},
                {"status", std::string(core::PlanStateCode(row.state))},
                {"status_label", std::string(core::PlanStateLabel(row.state))}}},
              {"as_of", as_of.ToString()},
              {"thresholds", thresholds},
              {"evaluation_questions", questions},
              {"progress", ProgressJson(pv, pe, t)},
              {"objectives", objectives},
              {"overdue", overdue},
              {"by_area", groups(area_values, "area")},
              {"by_dimension", dimensions},
              {"by_strategic_objective", groups(strategic_values, "strategic_objective")}};
}

Result<json> App::UpdateActionMonitoring(const Actor& actor, std::int64_t plan_id, const std::string& action_id,
                                         const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(body, {"status", "progress", "notes", "note", "version"}, "");
  auto version = in.Integer(body, "version", "version", true);
  std::string status_code = in.String(body, "status", "status", true);
  auto progress = in.Integer(body, "progress", "progress", false);
  std::string notes = in.String(body, "notes", "notes", false);
  std::string note = in.String(body, "note", "note", false);
  auto status = core::ParseActionStatus(status_code);
  if (!status_code.empty() && !status) {
    in.problems.Add("status", status_code, "ammessi: not_started, in_progress, done, suspended, cancelled");
  }
  if (!in.ok()) return in.ToError("Aggiornamento dell'azione non valido.");
  core::ActionState state{*status, 0};
  if (progress) {
    state.progress = static_cast<int>(std::clamp<std::int64_t>(*progress, -1000000, 1000000));
  } else if (*status == core::ActionStatus::kDone) {
    state.progress = 100;
  }
  PDZ_TRY(core::ValidateActionState(state));
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(PlanRow row, detail::WritableMonitoredPlan(*conn, actor, plan_id));
    PDZ_ASSIGN(core::Plan plan, detail::LatestPlanBody(*conn, plan_id));
    if (!FindAction(plan, action_id, nullptr)) return UnknownItem("Azione", "action_id", action_id);
    PDZ_ASSIGN(auto cur, conn->Query("SELECT status, progress, notes, version FROM monitoring_actions WHERE plan_id "
                                     "= ? AND action_id = ?",
                                     {plan_id, action_id}));
    std::int64_t current = cur.empty() ? 0 : cur[0].Int(3);
    if (*version != current) {
      return MakeError(ErrorCode::kVersionConflict,
                       "L'azione è stata aggiornata da qualcun altro dopo che l'hai aperta: ricarica.",
                       {{.field = "version",
                         .value = json{{"current_version", current}}.dump(),
                         .reason = "l'azione è alla versione " + std::to_string(current),
                         .value_is_json = true}});
    }
    json before = cur.empty()
                      ? json(nullptr)
                      : json{{"status", cur[0].Text(0)}, {"progress", cur[0].Int(1)}, {"notes", cur[0].Text(2)}};
    json after = {{"status", status_code}, {"progress", state.progress}, {"notes", notes}};
    std::string now = clock_.NowIso();
    if (cur.empty()) {
      PDZ_TRY(conn->Exec(
          "INSERT INTO monitoring_actions (plan_id, action_id, status, progress, notes, updated_at, "
          "updated_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
          {plan_id, action_id, status_code, static_cast<std::int64_t>(state.progress), notes, now, actor.username}));
    } else {
      PDZ_TRY(
          conn->Exec("UPDATE monitoring_actions SET status = ?, progress = ?, notes = ?, updated_at = ?, "
                     "updated_by = ?, version = version + 1 WHERE plan_id = ? AND action_id = ? AND version = ?",
                     {status_code, static_cast<std::int64_t>(state.progress), notes, now, actor.username, plan_id,
                      action_id, current}));
    }
    PDZ_TRY(
        conn->Exec("INSERT INTO monitoring_action_changes (plan_id, action_id, at, actor, before_json, "
                   "after_json, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   {plan_id, action_id, now, actor.username,
                    before.is_null() ? storage::Value{} : storage::Value{before.dump()}, after.dump(), note}));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "monitor_action", "plan", std::to_string(plan_id), row.ambito, before,
                          json{{"action_id", action_id}, {"after", after}, {"note", note}}));
    after["action_id"] = action_id;
    after["version"] = current + 1;
    after["updated_at"] = now;
    after["updated_by"] = actor.username;
    return after;
  });
}

Result<json> App::ActionHistory(const Actor& actor, std::int64_t plan_id, const std::string& action_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(PlanRow row, LoadPlanRow(*conn, plan_id));
  PDZ_TRY(detail::RequirePlanRead(*conn, actor, row));
  PDZ_ASSIGN(auto rows, conn->Query("SELECT at, actor, before_json, after_json, note FROM monitoring_action_changes "
                                    "WHERE plan_id = ? AND action_id = ? ORDER BY id DESC",
                                    {plan_id, action_id}));
  json items = json::array();
  for (const auto& r : rows) {
    items.push_back({{"at", r.Text(0)},
                     {"actor", r.Text(1)},
                     {"before", r.IsNull(2) ? json(nullptr) : json::parse(r.Text(2))},
                     {"after", json::parse(r.Text(3))},
                     {"note", r.Text(4)}});
  }
  return json{{"items", items}};
}

Result<json> App::AddMeasurement(const Actor& actor, std::int64_t plan_id, const std::string& indicator_id,
                                 const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(body, {"measured_on", "value", "source", "note", "corrects"}, "");
  auto measured_on = in.DateField(body, "measured_on", "measured_on", true);
  std::string source = in.String(body, "source", "source", true);
  std::string note = in.String(body, "note", "note", false);
  auto corrects = in.Integer(body, "corrects", "corrects", false);
  std::optional<double> value;
  if (!body.contains("value") || !body["value"].is_number()) {
    in.problems.Add("value", body.contains("value") ? body["value"].dump() : "", "atteso un numero");
  } else {
    value = body["value"].get<double>();
  }
  if (!in.ok()) return in.ToError("Misurazione non valida.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(PlanRow row, detail::WritableMonitoredPlan(*conn, actor, plan_id));
    PDZ_ASSIGN(core::Plan plan, detail::LatestPlanBody(*conn, plan_id));
    const auto* ind = FindIndicator(plan, indicator_id);
    if (!ind) return UnknownItem("Indicatore", "indicator_id", indicator_id);
    PDZ_TRY(core::ValidateMeasurementDate(*measured_on, plan.period_from, plan.period_to, ind->baseline.date));
    if (corrects) {
      PDZ_ASSIGN(auto c, conn->Query("SELECT count(*) FROM indicator_measurements WHERE id = ? AND plan_id = ? AND "
                                     "indicator_id = ?",
                                     {*corrects, plan_id, indicator_id}));
      PDZ_ASSIGN(auto taken,
                 conn->Query("SELECT count(*) FROM indicator_measurements WHERE corrects_id = ?", {*corrects}));
      if (c[0].Int(0) == 0 || taken[0].Int(0) > 0) {
        return MakeError(ErrorCode::kValidationFailed, "Correzione non valida.",
                         {{.field = "corrects",
                           .value = std::to_string(*corrects),
                           .reason = c[0].Int(0) == 0 ? "misurazione inesistente per questo indicatore"
                                                      : "misurazione già corretta: correggere la più recente"}});
      }
    }
    std::string now = clock_.NowIso();
    PDZ_ASSIGN(auto ids, conn->Query("INSERT INTO indicator_measurements (plan_id, indicator_id, measured_on, value, "
                                     "source, note, corrects_id, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                                     "?, ?) RETURNING id",
                                     {plan_id, indicator_id, measured_on->ToString(), *value, source, note,
                                      corrects ? storage::Value{*corrects} : storage::Value{}, actor.username, now}));
    json out = {{"id", ids[0].Int(0)},
                {"indicator_id", indicator_id},
                {"measured_on", measured_on->ToString()},
                {"value", *value},
                {"source", source},
                {"note", note},
                {"corrects", corrects ? json(*corrects) : json(nullptr)},
                {"entered_by", actor.username},
                {"entered_at", now}};
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "measure_indicator", "plan", std::to_string(plan_id), row.ambito,
                          nullptr, out));
    return out;
  });
}

Result<json> App::BindIndicator(const Actor& actor, std::int64_t plan_id, const std::string& indicator_id,
                                const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  in.RejectUnknown(body, {"knowledge_indicator", "category"}, "");
  std::string kid = in.String(body, "knowledge_indicator", "knowledge_indicator", true);
  std::string category = in.String(body, "category", "category", false);
  if (!in.ok()) return in.ToError("Collegamento non valido.");
  {
    PDZ_ASSIGN(auto conn, db_.Connect());
    PDZ_ASSIGN(PlanRow row, detail::WritableMonitoredPlan(*conn, actor, plan_id));
    // The knowledge indicator must exist and have values for the ambito (category included).
    auto series = IndicatorSeries(Actor::System(), kid, "ambito", row.ambito, category);
    if (!series) {
      return MakeError(ErrorCode::kValidationFailed, "Indicatore dei flussi non utilizzabile.",
                       {{.field = category.empty() || series.error().message.find(category) == std::string::npos
                                      ? "knowledge_indicator"
                                      : "category",
                         .value = category.empty() ? kid : kid + "/" + category,
                         .reason = series.error().message}});
    }
  }
  PDZ_ASSIGN(auto conn, db_.Connect());
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(PlanRow row, detail::WritableMonitoredPlan(*conn, actor, plan_id));
    PDZ_ASSIGN(core::Plan plan, detail::LatestPlanBody(*conn, plan_id));
    if (!FindIndicator(plan, indicator_id)) return UnknownItem("Indicatore", "indicator_id", indicator_id);
    std::string now = clock_.NowIso();
    PDZ_TRY(
        conn->Exec("DELETE FROM indicator_bindings WHERE plan_id = ? AND indicator_id = ?", {plan_id, indicator_id}));
    PDZ_TRY(
        conn->Exec("INSERT INTO indicator_bindings (plan_id, indicator_id, knowledge_indicator, category, "
                   "bound_at, bound_by) VALUES (?, ?, ?, ?, ?, ?)",
                   {plan_id, indicator_id, kid, category, now, actor.username}));
    json out = {{"indicator_id", indicator_id}, {"knowledge_indicator", kid}, {"category", category}};
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "bind_indicator", "plan", std::to_string(plan_id), row.ambito, nullptr,
                          out));
    return out;
  });
}

Result<void> App::UnbindIndicator(const Actor& actor, std::int64_t plan_id, const std::string& indicator_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  auto done = InTransaction(*conn, [&]() -> Result<int> {
    PDZ_ASSIGN(PlanRow row, detail::WritableMonitoredPlan(*conn, actor, plan_id));
    PDZ_ASSIGN(std::int64_t n, conn->Exec("DELETE FROM indicator_bindings WHERE plan_id = ? AND indicator_id = ?",
                                          {plan_id, indicator_id}));
    if (n == 0) return UnknownItem("Collegamento dell'indicatore", "indicator_id", indicator_id);
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "unbind_indicator", "plan", std::to_string(plan_id), row.ambito,
                          json{{"indicator_id", indicator_id}}, nullptr));
    return 1;
  });
  if (!done) return done.take_error();
  return Ok();
}

namespace {

std::string LevelLabel(const std::string& level) {
  if (level == "esiti") return "Esiti: che cosa è stato realizzato";
  if (level == "risultati") return "Risultati: effetti per le persone, integrazione, governance";
  return "Impatto nel triennio: valutazione ex post";
}

}  // namespace

Result<json> App::GetEvaluation(const Actor& actor, std::int64_t plan_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(PlanRow row, LoadPlanRow(*conn, plan_id));
  PDZ_TRY(detail::RequirePlanRead(*conn, actor, row));
  PDZ_ASSIGN(core::Plan plan, detail::LatestPlanBody(*conn, plan_id));
  PDZ_ASSIGN(auto ruleset, detail::LoadRuleset(*conn, plan.ruleset));
  PDZ_ASSIGN(auto rows, conn->Query("SELECT level, question, answer, rating, updated_at, updated_by, version FROM "
                                    "evaluation_answers WHERE plan_id = ?",
                                    {plan_id}));
  std::map<std::pair<std::string, std::string>, const storage::Row*> answers;
  for (const auto& r : rows) answers[{r.Text(0), r.Text(1)}] = &r;
  json items = json::array();
  if (ruleset) {
    for (const auto& q : ruleset->monitoring.questions) {
      json item = {{"level", q.level},        {"level_label", LevelLabel(q.level)},
                   {"code", q.code},          {"question", q.question},
                   {"rating", q.rating},      {"answer", ""},
                   {"rating_value", nullptr}, {"updated_at", nullptr},
                   {"updated_by", nullptr},   {"version", 0}};
      auto it = answers.find({q.level, q.code});
      if (it != answers.end()) {
        const auto& r = *it->second;
        item["answer"] = r.Text(2);
        item["rating_value"] = r.IsNull(3) ? json(nullptr) : json(r.Int(3));
        item["updated_at"] = r.Text(4);
        item["updated_by"] = r.Text(5);
        item["version"] = r.Int(6);
      }
      items.push_back(std::move(item));
    }
  }
  bool impatto_open = clock_.Today() >= plan.period_to;
  return json{{"plan_id", plan_id},
              {"ruleset", plan.ruleset.empty() ? json(nullptr) : json(plan.ruleset)},
              {"act", ruleset && ruleset->monitoring.present ? json(ruleset->monitoring.act) : json(nullptr)},
              {"impatto_open", impatto_open},
              {"items", items}};
}

Result<json> App::SaveEvaluation(const Actor& actor, std::int64_t plan_id, const json& body) {
  if (!body.is_object() || !body.contains("answers") || !body["answers"].is_array()) {
    return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto {\"answers\": [...]}.",
                     {{.field = "answers", .reason = "atteso un elenco di risposte"}});
  }
  PDZ_ASSIGN(auto conn, db_.Connect());
  auto saved = InTransaction(*conn, [&]() -> Result<int> {
    PDZ_ASSIGN(PlanRow row, detail::WritableMonitoredPlan(*conn, actor, plan_id));
    PDZ_ASSIGN(core::Plan plan, detail::LatestPlanBody(*conn, plan_id));
    PDZ_ASSIGN(auto ruleset, detail::LoadRuleset(*conn, plan.ruleset));
    io::JsonFields in;
    std::string now = clock_.NowIso();
    int n = 0;
    for (size_t i = 0; i < body["answers"].size(); ++i) {
      const auto& a = body["answers"][i];
      std::string path = "answers[" + std::to_string(i) + "]";
      in.RejectUnknown(a, {"level", "question", "answer", "rating", "version"}, path);
      std::string level = in.String(a, "level", path + ".level", true);
      std::string code = in.String(a, "question", path + ".question", true);
      std::string answer = in.String(a, "answer", path + ".answer", true);
      auto version = in.Integer(a, "version", path + ".version", true);
      auto rating = in.Integer(a, "rating", path + ".rating", false);
      const core::EvaluationQuestion* q = nullptr;
      if (ruleset) {
        for (const auto& x : ruleset->monitoring.questions)
          if (x.level == level && x.code == code) q = &x;
      }
      if (!level.empty() && !code.empty() && !q) {
        in.problems.Add(path + ".question", code,
                        "domanda non prevista dalle linee guida per il livello '" + level + "'");
        continue;
      }
      if (!q || !version) continue;
      if (rating && (!q->rating || *rating < 1 || *rating > 5)) {
        in.problems.Add(path + ".rating", std::to_string(*rating),
                        q->rating ? "atteso un voto da 1 a 5" : "questa domanda non chiede un voto");
        continue;
      }
      if (level == "impatto" && clock_.Today() < plan.period_to) {
        in.problems.Add(
            path + ".level", level,
            "la valutazione d'impatto si fa a chiusura del triennio (dal " + plan.period_to.ToItalian() + ")");
        continue;
      }
      PDZ_ASSIGN(auto cur, conn->Query("SELECT version, answer, rating FROM evaluation_answers WHERE plan_id = ? AND "
                                       "level = ? AND question = ?",
                                       {plan_id, level, code}));
      std::int64_t current = cur.empty() ? 0 : cur[0].Int(0);
      if (*version != current) {
        return MakeError(ErrorCode::kVersionConflict,
                         "La risposta è stata modificata da qualcun altro dopo che l'hai aperta: ricarica.",
                         {{.field = path + ".version",
                           .value = json{{"current_version", current}}.dump(),
                           .reason = "la risposta è alla versione " + std::to_string(current),
                           .value_is_json = true}});
      }
      storage::Value rating_value = rating ? storage::Value{*rating} : storage::Value{};
      if (cur.empty()) {
        PDZ_TRY(
            conn->Exec("INSERT INTO evaluation_answers (plan_id, level, question, answer, rating, updated_at, "
                       "updated_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                       {plan_id, level, code, answer, rating_value, now, actor.username}));
      } else {
        PDZ_TRY(
            conn->Exec("UPDATE evaluation_answers SET answer = ?, rating = ?, updated_at = ?, updated_by = ?, "
                       "version = version + 1 WHERE plan_id = ? AND level = ? AND question = ?",
                       {answer, rating_value, now, actor.username, plan_id, level, code}));
      }
      PDZ_TRY(detail::Audit(*conn, clock_, actor, "evaluate", "plan", std::to_string(plan_id), row.ambito,
                            cur.empty() ? json(nullptr) : json{{"answer", cur[0].Text(1)}},
                            json{{"level", level}, {"question", code}, {"answer", answer}}));
      ++n;
    }
    if (!in.ok()) return in.ToError("Valutazione non valida: nulla è stato salvato.");
    return n;
  });
  if (!saved) return saved.take_error();
  return GetEvaluation(actor, plan_id);
}

Result<json> App::TerritoryMonitoring(const std::string& level, const std::string& code, std::optional<Date> as_of) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  std::string name;
  PDZ_ASSIGN(auto head, conn->Query(level == "agency" ? "SELECT name FROM agencies WHERE code = ?"
                                                      : "SELECT name FROM regions WHERE code = ?",
                                    {code}));
  if (head.empty()) return detail::NotFound(level == "agency" ? "ATS/ASL" : "Regione", code);
  name = head[0].Text(0);
  PDZ_ASSIGN(auto ambiti, conn->Query(std::string("SELECT code, name FROM ambiti WHERE ") +
                                          (level == "agency" ? "agency_code" : "region_code") +
                                          " = ? AND valid_to IS NULL ORDER BY name",
                                      {code}));
  // Each ambito's plan being carried out: the latest approved by the Region or later.
  json rows = json::array();
  std::map<std::string, std::vector<core::Weighted>> dimensions, strategic;
  std::map<std::string, int> judgements;
  std::vector<core::Weighted> all;
  for (const auto& a : ambiti) {
    PDZ_ASSIGN(auto plans, conn->Query("SELECT id, status FROM plans WHERE ambito_code = ? ORDER BY period_from DESC",
                                       {a.Text(0)}));
    std::int64_t plan_id = 0;
    for (const auto& p : plans) {
      auto st = core::ParsePlanState(p.Text(1));
      if (st && MonitoredState(*st)) {
        plan_id = p.Int(0);
        break;
      }
    }
    json row = {{"ambito", {{"code", a.Text(0)}, {"name", a.Text(1)}}}, {"plan", nullptr}};
    if (plan_id) {
      PDZ_ASSIGN(json m, GetMonitoring(Actor::System(), plan_id, as_of));
      int overdue = static_cast<int>(m["overdue"].size()), actions = 0, done = 0;
      std::map<std::string, int> counts;
      for (const auto& g : m["objectives"])
        for (const auto& sp : g["specific"]) {
          for (const auto& ac : sp["actions"]) {
            ++actions;
            done += ac["status"] == "done";
          }
          for (const auto& ind : sp["indicators"]) {
            ++counts[ind["judgement"].get<std::string>()];
            ++judgements[ind["judgement"].get<std::string>()];
          }
        }
      for (const auto& d : m["by_dimension"])
        if (!d["progress"].is_null()) dimensions[d["dimension"]].push_back({d["progress"].get<double>(), 1});
      for (const auto& so : m["by_strategic_objective"])
        if (!so["progress"].is_null())
          strategic[so["strategic_objective"]].push_back({so["progress"].get<double>(), 1});
      if (!m["progress"]["value"].is_null()) all.push_back({m["progress"]["value"].get<double>(), 1});
      row["plan"] = {{"id", plan_id},
                     {"title", m["plan"]["title"]},
                     {"period", m["plan"]["period"]},
                     {"status", m["plan"]["status"]},
                     {"status_label", m["plan"]["status_label"]}};
      row["progress"] = m["progress"];
      row["actions"] = actions;
      row["actions_done"] = done;
      row["overdue"] = overdue;
      row["indicator_judgements"] = counts;
      // Reports not yet delivered: overdue, or due within 90 days (docs/monitoring.md §5.1).
      Date day = as_of.value_or(clock_.Today());
      PDZ_ASSIGN(json schedule, detail::ReportSchedule(*conn, plan_id, day));
      int due = 0, late = 0;
      for (const auto& e : schedule["entries"]) {
        if (e["status"] == "trasmessa" || e["status"] == "accettata") continue;
        late += e["overdue"].get<bool>();
        due += *Date::Parse(e["due"].get<std::string>()) <= day.AddDays(90);
      }
      row["reports_due"] = due;
      row["reports_overdue"] = late;
    }
    rows.push_back(std::move(row));
  }
  auto groups = [](const std::map<std::string, std::vector<core::Weighted>>& m, const char* key) {
    json out = json::array();
    for (const auto& [k, v] : m)
      out.push_back({{key, k}, {"progress", Num(core::WeightedMean(v))}, {"plans", v.size()}});
    return out;
  };
  return json{{"level", level},
              {"code", code},
              {"name", name},
              {"as_of", as_of.value_or(clock_.Today()).ToString()},
              {"progress", Num(core::WeightedMean(all))},
              {"ambiti", rows},
              {"indicator_judgements", judgements},
              {"by_dimension", groups(dimensions, "dimension")},
              {"by_strategic_objective", groups(strategic, "strategic_objective")}};
}

}  // namespace pdz::app
