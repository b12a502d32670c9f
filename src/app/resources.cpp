// The plan's resource frame (quadro unitario delle risorse): rows, corrections with history, totals,
// checks, CSV/XLSX export and import.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "app/app.hpp"
#include "app/detail/internals.hpp"
#include "core/base/text.hpp"
#include "core/money/resources.hpp"
#include "io/csv.hpp"
#include "io/document/xlsx.hpp"
#include "io/json_fields.hpp"
#include "io/ruleset_file.hpp"

namespace pdz::app {

namespace {

constexpr char kColumns[] =
    "id, fund_code, fund_type, year, area, objective_id, management, comune_code, programmed_cents, "
    "committed_cents, paid_cents, committed_on, paid_on, justification, note, version, updated_at";

struct StoredRow {
  core::ResourceRow row;
  std::int64_t version = 0;
  std::string updated_at;
};

StoredRow FromDb(const storage::Row& r) {
  StoredRow s;
  auto& x = s.row;
  x.id = r.Int(0);
  x.fund = r.Text(1);
  x.fund_type = r.Text(2);
  x.year = static_cast<int>(r.Int(3));
  x.area = r.Text(4);
  x.objective = r.Text(5);
  x.management = r.Text(6);
  x.comune = r.Text(7);
  x.programmed = r.Int(8);
  x.committed = r.Int(9);
  x.paid = r.Int(10);
  if (!r.IsNull(11)) x.committed_on = Date::Parse(r.Text(11));
  if (!r.IsNull(12)) x.paid_on = Date::Parse(r.Text(12));
  x.justification = r.Text(13);
  x.note = r.Text(14);
  s.version = r.Int(15);
  s.updated_at = r.Text(16);
  return s;
}

storage::Value DateValue(const std::optional<Date>& d) { return d ? storage::Value{d->ToString()} : storage::Value{}; }

/// The row's fields, as stored in the history and compared on import.
json RowFields(const core::ResourceRow& x) {
  return json{{"fund", x.fund},
              {"fund_type", x.fund_type},
              {"year", x.year},
              {"area", x.area},
              {"objective", x.objective},
              {"management", x.management},
              {"comune", x.comune},
              {"programmed_cents", x.programmed},
              {"committed_cents", x.committed},
              {"paid_cents", x.paid},
              {"committed_on", x.committed_on ? json(x.committed_on->ToString()) : json(nullptr)},
              {"paid_on", x.paid_on ? json(x.paid_on->ToString()) : json(nullptr)},
              {"justification", x.justification},
              {"note", x.note}};
}

/// Everything a frame refers to: the plan, its ruleset's catalogue, its objectives, its comuni.
struct Frame {
  std::int64_t plan_id = 0;
  std::string ambito;
  std::string plan_title;
  bool can_edit = false;
  core::ResourceContext context;
  std::map<std::string, std::string> fund_titles;
  std::map<std::string, std::string> area_titles;
  std::map<std::string, std::string> objective_titles;
  std::map<std::string, std::string> comune_names;
};

std::string Title(const std::map<std::string, std::string>& titles, const std::string& code) {
  auto it = titles.find(code);
  return it == titles.end() ? code : it->second;
}

json RowJson(const Frame& f, const StoredRow& s) {
  json j = RowFields(s.row);
  j["id"] = s.row.id;
  j["version"] = s.version;
  j["updated_at"] = s.updated_at;
  j["fund_title"] = Title(f.fund_titles, s.row.fund);
  j["fund_type_label"] = std::string(core::FundTypeLabel(s.row.fund_type));
  j["area_title"] = Title(f.area_titles, s.row.area);
  j["objective_title"] = s.row.objective.empty() ? "" : Title(f.objective_titles, s.row.objective);
  j["comune_name"] = s.row.comune.empty() ? "" : Title(f.comune_names, s.row.comune);
  return j;
}

json StagesJson(const core::StageTotals& t) {
  return json{{"programmed_cents", t.programmed}, {"committed_cents", t.committed}, {"paid_cents", t.paid}};
}

json SummaryJson(const Frame& f, const core::ResourceSummary& s) {
  auto list = [](const auto& totals, auto label) {
    json out = json::array();
    for (const auto& [key, t] : totals) {
      json j = StagesJson(t);
      j["key"] = key;
      j["label"] = label(key);
      out.push_back(j);
    }
    return out;
  };
  json checks = json::array();
  for (const auto& c : s.checks) {
    checks.push_back({{"row_id", c.row_id}, {"level", c.level}, {"code", c.code}, {"message", c.message}});
  }
  return json{
      {"total", StagesJson(s.total)},
      {"by_fund", list(s.by_fund, [&](const std::string& k) { return Title(f.fund_titles, k); })},
      {"by_fund_type", list(s.by_fund_type, [](const std::string& k) { return std::string(core::FundTypeLabel(k)); })},
      {"by_year", list(s.by_year, [](int y) { return std::to_string(y); })},
      {"by_area", list(s.by_area, [&](const std::string& k) { return Title(f.area_titles, k); })},
      {"by_management",
       list(s.by_management,
            [](const std::string& k) { return k == "associata" ? "Gestione associata" : "Singoli comuni"; })},
      {"joint_share_bp", s.joint_share_bp ? json(*s.joint_share_bp) : json(nullptr)},
      {"checks", checks}};
}

Result<std::vector<StoredRow>> LoadRows(storage::Connection& conn, std::int64_t plan_id) {
  PDZ_ASSIGN(auto rows, conn.Query(std::string("SELECT ") + kColumns +
                                       " FROM plan_resources WHERE plan_id = ? AND deleted = 0 "
                                       "ORDER BY year, fund_code, area, id",
                                   {plan_id}));
  std::vector<StoredRow> out;
  for (const auto& r : rows) out.push_back(FromDb(r));
  return out;
}

/// Reads a row's fields from a JSON body onto `row` (only the keys present when `partial`).
void ReadRowFields(io::JsonFields& in, const json& body, core::ResourceRow& row, bool partial) {
  auto has = [&](const char* key) { return !partial || body.contains(key); };
  if (has("fund")) row.fund = in.String(body, "fund", "fund", true);
  if (has("fund_type")) row.fund_type = in.String(body, "fund_type", "fund_type", true);
  if (has("year")) row.year = static_cast<int>(in.Integer(body, "year", "year", true).value_or(0));
  if (has("area")) row.area = in.String(body, "area", "area", true);
  if (body.contains("objective")) row.objective = in.String(body, "objective", "objective", false);
  if (has("management")) row.management = in.String(body, "management", "management", true);
  if (body.contains("comune")) row.comune = in.String(body, "comune", "comune", false);
  if (has("programmed_cents"))
    row.programmed = in.Integer(body, "programmed_cents", "programmed_cents", true).value_or(0);
  if (body.contains("committed_cents"))
    row.committed = in.Integer(body, "committed_cents", "committed_cents", false).value_or(0);
  if (body.contains("paid_cents")) row.paid = in.Integer(body, "paid_cents", "paid_cents", false).value_or(0);
  auto date = [&](const char* key, std::optional<Date>& target) {
    if (!body.contains(key)) return;
    if (body[key].is_null() || (body[key].is_string() && body[key].get<std::string>().empty())) {
      target.reset();
    } else {
      target = in.DateField(body, key, key, false);
    }
  };
  date("committed_on", row.committed_on);
  date("paid_on", row.paid_on);
  if (body.contains("justification")) row.justification = in.String(body, "justification", "justification", false);
  if (body.contains("note")) row.note = in.String(body, "note", "note", false);
}

const std::vector<std::string> kRowKeys = {"fund",
                                           "fund_type",
                                           "year",
                                           "area",
                                           "objective",
                                           "management",
                                           "comune",
                                           "programmed_cents",
                                           "committed_cents",
                                           "paid_cents",
                                           "committed_on",
                                           "paid_on",
                                           "justification",
                                           "note"};

Result<std::int64_t> InsertRow(storage::Connection& conn, std::int64_t plan_id, const core::ResourceRow& x,
                               const std::string& now) {
  PDZ_ASSIGN(auto rows,
             conn.Query("INSERT INTO plan_resources (plan_id, fund_code, fund_type, year, area, objective_id, "
                        "management, comune_code, programmed_cents, committed_cents, paid_cents, committed_on, "
                        "paid_on, justification, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        {plan_id, x.fund, x.fund_type, static_cast<std::int64_t>(x.year), x.area, x.objective,
                         x.management, x.comune, x.programmed, x.committed, x.paid, DateValue(x.committed_on),
                         DateValue(x.paid_on), x.justification, x.note, now, now}));
  return rows[0].Int(0);
}

Result<void> UpdateRow(storage::Connection& conn, const core::ResourceRow& x, const std::string& now) {
  PDZ_TRY(conn.Exec(
      "UPDATE plan_resources SET fund_code = ?, fund_type = ?, year = ?, area = ?, objective_id = ?, management = ?, "
      "comune_code = ?, programmed_cents = ?, committed_cents = ?, paid_cents = ?, committed_on = ?, paid_on = ?, "
      "justification = ?, note = ?, version = version + 1, updated_at = ? WHERE id = ?",
      {x.fund, x.fund_type, static_cast<std::int64_t>(x.year), x.area, x.objective, x.management, x.comune,
       x.programmed, x.committed, x.paid, DateValue(x.committed_on), DateValue(x.paid_on), x.justification, x.note, now,
       x.id}));
  return Ok();
}

Result<void> RecordChange(storage::Connection& conn, std::int64_t plan_id, std::int64_t row_id,
                          const std::string& action, const std::string& now, const Actor& actor,
                          const std::string& reason, const json& before, const json& after) {
  PDZ_TRY(
      conn.Exec("INSERT INTO plan_resource_changes (plan_id, resource_id, action, at, author, reason, before, after) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {plan_id, row_id, action, now, actor.username, reason,
                 before.is_null() ? storage::Value{} : storage::Value{before.dump()},
                 after.is_null() ? storage::Value{} : storage::Value{after.dump()}}));
  return Ok();
}

/// A stored row of the plan, for a correction or removal based on `version`: 404 when there is none,
/// 409 with the row as it is now when it changed since.
Result<StoredRow> LoadRowAt(storage::Connection& conn, const Frame& f, std::int64_t plan_id, std::int64_t row_id,
                            std::int64_t version) {
  PDZ_ASSIGN(auto found, conn.Query(std::string("SELECT ") + kColumns +
                                        " FROM plan_resources WHERE id = ? AND plan_id = ? AND deleted = 0",
                                    {row_id, plan_id}));
  if (found.empty()) {
    return MakeError(ErrorCode::kNotFound, "Riga " + std::to_string(row_id) + " del quadro delle risorse non trovata.",
                     {{.field = "id", .value = std::to_string(row_id)}});
  }
  StoredRow s = FromDb(found[0]);
  if (version != s.version) {
    return MakeError(ErrorCode::kVersionConflict,
                     "La riga è stata modificata da qualcun altro dopo che l'hai aperta: ricarica e riprova.",
                     {{.field = "version",
                       .value = RowJson(f, s).dump(),
                       .reason = "la riga è alla versione " + std::to_string(s.version),
                       .value_is_json = true}});
  }
  return s;
}

Result<void> MarkRemoved(storage::Connection& conn, std::int64_t row_id, const std::string& now) {
  PDZ_TRY(conn.Exec("UPDATE plan_resources SET deleted = 1, version = version + 1, updated_at = ? WHERE id = ?",
                    {now, row_id}));
  return Ok();
}

// Export/import columns, in order: the header names people see in the spreadsheet.
const std::vector<std::string> kFileColumns = {
    "id",          "fondo",     "tipologia",      "anno",      "area",           "obiettivo",   "gestione", "comune",
    "programmato", "impegnato", "data_impegnato", "liquidato", "data_liquidato", "motivazione", "note"};

std::string CsvDate(const std::optional<Date>& d) { return d ? d->ToString() : ""; }

}  // namespace

class ResourceFrames {
 public:
  /// Loads what a frame refers to; fails as GetPlan does for those who may not read the plan.
  static Result<Frame> Load(App& app, storage::Connection& conn, const Actor& actor, std::int64_t plan_id) {
    PDZ_ASSIGN(json plan, app.GetPlan(actor, plan_id, std::nullopt));
    Frame f;
    f.plan_id = plan_id;
    f.ambito = plan["ambito"];
    f.can_edit = plan["can_edit"];
    const json& body = plan["plan"];
    f.plan_title = body.value("title", "");
    f.context.period_from = *Date::Parse(body["period"]["from"].get<std::string>());
    f.context.period_to = *Date::Parse(body["period"]["to"].get<std::string>());
    f.context.today = app.clock().Today();
    for (const auto& g : body.value("objectives", json::array())) {
      for (const auto& s : g.value("specific", json::array())) {
        std::string id = s.value("id", "");
        f.context.objectives.insert(id);
        f.objective_titles[id] = s.value("title", "");
      }
    }
    std::string ruleset = body.value("ruleset", "");
    if (!ruleset.empty()) {
      PDZ_ASSIGN(auto rows,
                 conn.Query("SELECT body FROM rulesets WHERE code = ? ORDER BY version DESC LIMIT 1", {ruleset}));
      if (!rows.empty()) {
        PDZ_ASSIGN(core::Ruleset rs, io::ParseRulesetJson(rows[0].Text(0), ruleset));
        for (const auto& fund : rs.funds) {
          f.context.funds.insert(fund.code);
          f.fund_titles[fund.code] = fund.title;
        }
        for (const auto& area : rs.thematic_areas) {
          f.context.areas.insert(area.code);
          f.area_titles[area.code] = area.title;
        }
      }
    }
    PDZ_ASSIGN(auto comuni, conn.Query("SELECT DISTINCT c.istat_code, c.name FROM memberships m JOIN comuni c ON "
                                       "c.istat_code = m.istat_code WHERE m.ambito_code = ?",
                                       {f.ambito}));
    for (const auto& c : comuni) {
      f.context.comuni.insert(c.Text(0));
      f.comune_names[c.Text(0)] = c.Text(1);
    }
    return f;
  }

  static Result<void> RequireEdit(const Actor& actor, const Frame& f) {
    if (f.can_edit) return Ok();
    if (actor.anonymous())
      return MakeError(ErrorCode::kUnauthenticated, "Accedi per modificare il quadro delle risorse.");
    return MakeError(ErrorCode::kForbidden,
                     "Solo l'Ufficio di Piano dell'ambito può modificare il quadro delle risorse di questo piano.");
  }

  static Result<void> Validate(const Frame& f, const core::ResourceRow& row) {
    auto problems = core::ValidateResourceRow(row, f.context);
    if (problems.empty()) return Ok();
    return MakeError(
        ErrorCode::kValidationFailed,
        "La riga del quadro delle risorse contiene " + ErrorsCount(problems.size()) + ": nulla è stato salvato.",
        problems);
  }

  static json Document(const Frame& f, const std::vector<StoredRow>& rows) {
    std::vector<core::ResourceRow> plain;
    json items = json::array();
    for (const auto& s : rows) {
      plain.push_back(s.row);
      items.push_back(RowJson(f, s));
    }
    auto summary = core::SummarizeResources(plain, f.context.period_from, f.context.period_to);
    auto catalogue = [](const std::map<std::string, std::string>& titles) {
      json out = json::array();
      for (const auto& [code, title] : titles) out.push_back({{"code", code}, {"title", title}});
      return out;
    };
    json types = json::array();
    for (const auto& t : core::FundTypes()) types.push_back({{"code", t}, {"title", core::FundTypeLabel(t)}});
    json objectives = json::array();
    for (const auto& [id, title] : f.objective_titles) objectives.push_back({{"id", id}, {"title", title}});
    json comuni = json::array();
    for (const auto& [code, name] : f.comune_names) comuni.push_back({{"code", code}, {"name", name}});
    return json{{"plan_id", f.plan_id},
                {"ambito", f.ambito},
                {"period", {{"from", f.context.period_from.ToString()}, {"to", f.context.period_to.ToString()}}},
                {"can_edit", f.can_edit},
                {"rows", items},
                {"summary", SummaryJson(f, summary)},
                {"catalogue",
                 {{"funds", catalogue(f.fund_titles)},
                  {"fund_types", types},
                  {"areas", catalogue(f.area_titles)},
                  {"objectives", objectives},
                  {"comuni", comuni}}}};
  }
};

Result<json> App::ListResources(const Actor& actor, std::int64_t plan_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Frame f, ResourceFrames::Load(*this, *conn, actor, plan_id));
  PDZ_ASSIGN(auto rows, LoadRows(*conn, plan_id));
  return ResourceFrames::Document(f, rows);
}

Result<json> App::AddResource(const Actor& actor, std::int64_t plan_id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  auto known = kRowKeys;
  known.push_back("reason");
  in.RejectUnknown(body, known, "");
  StoredRow s;
  ReadRowFields(in, body, s.row, false);
  std::string reason = in.String(body, "reason", "reason", false);
  if (!in.ok()) return in.ToError("Riga del quadro delle risorse non valida: nulla è stato salvato.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Frame f, ResourceFrames::Load(*this, *conn, actor, plan_id));
  PDZ_TRY(ResourceFrames::RequireEdit(actor, f));
  PDZ_TRY(ResourceFrames::Validate(f, s.row));
  return InTransaction(*conn, [&]() -> Result<json> {
    std::string now = clock_.NowIso();
    PDZ_ASSIGN(s.row.id, InsertRow(*conn, plan_id, s.row, now));
    s.version = 1;
    s.updated_at = now;
    PDZ_TRY(RecordChange(*conn, plan_id, s.row.id, "added", now, actor, reason.empty() ? "inserimento" : reason,
                         nullptr, RowFields(s.row)));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "create", "plan_resource", std::to_string(s.row.id), f.ambito, nullptr,
                          RowFields(s.row)));
    return RowJson(f, s);
  });
}

Result<json> App::PatchResource(const Actor& actor, std::int64_t plan_id, std::int64_t row_id, const json& body) {
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON.");
  io::JsonFields in;
  auto known = kRowKeys;
  known.insert(known.end(), {"reason", "version"});
  in.RejectUnknown(body, known, "");
  auto version = in.Integer(body, "version", "version", true);
  std::string reason = in.String(body, "reason", "reason", true);
  if (body.contains("reason") && reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    in.problems.Add("reason", "", "indicare il motivo della correzione");
  }
  if (!in.ok()) return in.ToError("Correzione del quadro delle risorse non valida: nulla è stato salvato.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Frame f, ResourceFrames::Load(*this, *conn, actor, plan_id));
  PDZ_TRY(ResourceFrames::RequireEdit(actor, f));
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(StoredRow s, LoadRowAt(*conn, f, plan_id, row_id, *version));
    json before = RowFields(s.row);
    io::JsonFields fields;
    ReadRowFields(fields, body, s.row, true);
    if (!fields.ok()) return fields.ToError("Correzione del quadro delle risorse non valida: nulla è stato salvato.");
    PDZ_TRY(ResourceFrames::Validate(f, s.row));
    json after = RowFields(s.row);
    if (after == before) return RowJson(f, s);
    std::string now = clock_.NowIso();
    PDZ_TRY(UpdateRow(*conn, s.row, now));
    PDZ_TRY(RecordChange(*conn, plan_id, row_id, "changed", now, actor, reason, before, after));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "update", "plan_resource", std::to_string(row_id), f.ambito, before,
                          after));
    s.version += 1;
    s.updated_at = now;
    return RowJson(f, s);
  });
}

Result<json> App::DeleteResource(const Actor& actor, std::int64_t plan_id, std::int64_t row_id, const json& body) {
  io::JsonFields in;
  if (!body.is_object()) return MakeError(ErrorCode::kValidationFailed, "Atteso un oggetto JSON {version, reason}.");
  in.RejectUnknown(body, {"version", "reason"}, "");
  auto version = in.Integer(body, "version", "version", true);
  std::string reason = in.String(body, "reason", "reason", true);
  if (body.contains("reason") && reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    in.problems.Add("reason", "", "indicare il motivo della cancellazione");
  }
  if (!in.ok()) return in.ToError("Cancellazione non valida: nulla è stato cambiato.");
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Frame f, ResourceFrames::Load(*this, *conn, actor, plan_id));
  PDZ_TRY(ResourceFrames::RequireEdit(actor, f));
  return InTransaction(*conn, [&]() -> Result<json> {
    PDZ_ASSIGN(StoredRow s, LoadRowAt(*conn, f, plan_id, row_id, *version));
    std::string now = clock_.NowIso();
    PDZ_TRY(MarkRemoved(*conn, row_id, now));
    PDZ_TRY(RecordChange(*conn, plan_id, row_id, "removed", now, actor, reason, RowFields(s.row), nullptr));
    PDZ_TRY(detail::Audit(*conn, clock_, actor, "delete", "plan_resource", std::to_string(row_id), f.ambito,
                          RowFields(s.row), nullptr));
    return json{{"id", row_id}, {"removed", true}};
  });
}

Result<json> App::ResourceHistory(const Actor& actor, std::int64_t plan_id) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Frame f, ResourceFrames::Load(*this, *conn, actor, plan_id));
  PDZ_ASSIGN(auto rows, conn->Query("SELECT id, resource_id, action, at, author, reason, before, after FROM "
                                    "plan_resource_changes WHERE plan_id = ? ORDER BY id DESC",
                                    {plan_id}));
  json items = json::array();
  for (const auto& r : rows) {
    json before = r.IsNull(6) ? json(nullptr) : json::parse(r.Text(6));
    json after = r.IsNull(7) ? json(nullptr) : json::parse(r.Text(7));
    json changed = json::array();
    if (before.is_object() && after.is_object()) {
      for (const auto& [key, value] : after.items()) {
        if (before[key] != value) changed.push_back(key);
      }
    }
    items.push_back({{"id", r.Int(0)},
                     {"row_id", r.Int(1)},
                     {"action", r.Text(2)},
                     {"at", r.Text(3)},
                     {"author", r.Text(4)},
                     {"reason", r.Text(5)},
                     {"fields", changed},
                     {"before", before},
                     {"after", after}});
  }
  return json{{"plan_id", plan_id}, {"ambito", f.ambito}, {"items", items}};
}

Result<App::File> App::ExportResources(const Actor& actor, std::int64_t plan_id, const std::string& format) {
  if (format != "csv" && format != "xlsx") {
    return MakeError(ErrorCode::kValidationFailed, "Formato '" + format + "' non disponibile: csv o xlsx.",
                     {{.field = "format", .value = format, .reason = "csv o xlsx"}});
  }
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Frame f, ResourceFrames::Load(*this, *conn, actor, plan_id));
  PDZ_ASSIGN(auto rows, LoadRows(*conn, plan_id));
  std::string name = "quadro-risorse-" + f.ambito + "-piano-" + std::to_string(plan_id);
  if (format == "csv") {
    std::vector<std::vector<std::string>> lines;
    for (const auto& s : rows) {
      const auto& x = s.row;
      lines.push_back({std::to_string(x.id), x.fund, x.fund_type, std::to_string(x.year), x.area, x.objective,
                       x.management, x.comune, io::CentsForCsv(x.programmed), io::CentsForCsv(x.committed),
                       CsvDate(x.committed_on), io::CentsForCsv(x.paid), CsvDate(x.paid_on), x.justification, x.note});
    }
    return File{io::WriteCsv(kFileColumns, lines), "text/csv; charset=utf-8", name + ".csv"};
  }
  io::xlsx::Sheet main{.name = "Quadro risorse", .header = kFileColumns, .rows = {}, .widths = {}};
  main.widths = {6, 16, 14, 6, 18, 12, 11, 9, 14, 14, 14, 14, 14, 30, 30};
  for (const auto& s : rows) {
    const auto& x = s.row;
    main.rows.push_back({x.id, x.fund, x.fund_type, static_cast<std::int64_t>(x.year), x.area, x.objective,
                         x.management, x.comune, io::xlsx::Euro{x.programmed}, io::xlsx::Euro{x.committed},
                         CsvDate(x.committed_on), io::xlsx::Euro{x.paid}, CsvDate(x.paid_on), x.justification, x.note});
  }
  json doc = ResourceFrames::Document(f, rows);
  std::vector<io::xlsx::Sheet> sheets = {main};
  for (auto [key, title] : {std::pair{"by_fund", "Totali per fondo"}, std::pair{"by_year", "Totali per anno"},
                            std::pair{"by_area", "Totali per area"}, std::pair{"by_management", "Per gestione"}}) {
    io::xlsx::Sheet t{.name = title,
                      .header = {"voce", "programmato", "impegnato", "liquidato"},
                      .rows = {},
                      .widths = {40, 16, 16, 16}};
    for (const auto& item : doc["summary"][key]) {
      t.rows.push_back({item["label"].get<std::string>(), io::xlsx::Euro{item["programmed_cents"].get<std::int64_t>()},
                        io::xlsx::Euro{item["committed_cents"].get<std::int64_t>()},
                        io::xlsx::Euro{item["paid_cents"].get<std::int64_t>()}});
    }
    const auto& total = doc["summary"]["total"];
    t.rows.push_back({std::string("Totale"), io::xlsx::Euro{total["programmed_cents"].get<std::int64_t>()},
                      io::xlsx::Euro{total["committed_cents"].get<std::int64_t>()},
                      io::xlsx::Euro{total["paid_cents"].get<std::int64_t>()}});
    sheets.push_back(std::move(t));
  }
  PDZ_ASSIGN(std::string bytes, io::xlsx::Write(sheets));
  return File{std::move(bytes), io::xlsx::kContentType, name + ".xlsx"};
}

Result<json> App::ImportResources(const Actor& actor, std::int64_t plan_id, const std::string& bytes,
                                  const std::string& file, const std::string& reason, const std::string& mode) {
  if (mode != "replace" && mode != "add") {
    return MakeError(
        ErrorCode::kValidationFailed, "Modalità '" + mode + "' non valida: replace o add.",
        {{.field = "mode", .value = mode, .reason = "replace (sostituisce il quadro) o add (aggiunge e corregge)"}});
  }
  bool replace = mode == "replace";
  // The file's rows as (row number, cells by column name).
  struct Line {
    std::int64_t number = 0;
    std::map<std::string, std::string> cells;
  };
  std::vector<Line> lines;
  std::vector<std::string> header;
  bool is_xlsx = bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0;
  if (is_xlsx) {
    PDZ_ASSIGN(auto rows, io::xlsx::Read(bytes, file));
    if (!rows.empty()) {
      header = rows[0].cells;
      for (size_t i = 1; i < rows.size(); ++i) {
        Line l{rows[i].number, {}};
        for (size_t c = 0; c < header.size(); ++c)
          l.cells[header[c]] = c < rows[i].cells.size() ? rows[i].cells[c] : "";
        lines.push_back(std::move(l));
      }
    }
  } else {
    PDZ_ASSIGN(io::CsvTable table, io::ParseCsv(bytes, file));
    header = table.header;
    for (const auto& r : table.rows) {
      Line l{r.line, {}};
      for (size_t c = 0; c < header.size(); ++c) l.cells[header[c]] = c < r.fields.size() ? r.fields[c] : "";
      lines.push_back(std::move(l));
    }
  }
  std::vector<ErrorDetail> problems;
  for (const auto& column : kFileColumns) {
    static const std::set<std::string> kRequired = {"fondo", "tipologia", "anno", "area", "gestione", "programmato"};
    if (kRequired.contains(column) && std::find(header.begin(), header.end(), column) == header.end()) {
      problems.push_back({.file = file, .row = 1, .field = column, .reason = "colonna obbligatoria mancante"});
    }
  }
  for (const auto& column : header) {
    if (!column.empty() && std::find(kFileColumns.begin(), kFileColumns.end(), column) == kFileColumns.end()) {
      problems.push_back({.file = file, .row = 1, .field = column, .reason = "colonna sconosciuta"});
    }
  }
  if (!problems.empty()) {
    return MakeError(
        ErrorCode::kValidationFailed,
        "Le colonne del file " + file + " non sono quelle del quadro delle risorse: nulla è stato importato.",
        problems);
  }
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(Frame f, ResourceFrames::Load(*this, *conn, actor, plan_id));
  PDZ_TRY(ResourceFrames::RequireEdit(actor, f));
  // Parse and validate every row before writing anything.
  std::vector<core::ResourceRow> incoming;
  std::map<std::int64_t, std::int64_t> seen_ids;  // id -> row number
  for (const auto& l : lines) {
    auto cell = [&](const std::string& c) {
      auto it = l.cells.find(c);
      return it == l.cells.end() ? std::string() : it->second;
    };
    auto bad = [&](const std::string& column, const std::string& value, const std::string& why) {
      problems.push_back({.file = file, .row = l.number, .field = column, .value = value, .reason = why});
    };
    core::ResourceRow x;
    if (std::string id = cell("id"); !id.empty()) {
      auto v = io::ParseInteger(id);
      if (!v || *v <= 0) {
        bad("id", id, "atteso il numero della riga esportata, o vuoto per una riga nuova");
      } else if (auto [it, fresh] = seen_ids.emplace(*v, l.number); !fresh) {
        bad("id", id, "riga ripetuta (già alla riga " + std::to_string(it->second) + ")");
      } else {
        x.id = *v;
      }
    }
    x.fund = cell("fondo");
    x.fund_type = cell("tipologia");
    if (auto y = io::ParseInteger(cell("anno"))) {
      x.year = static_cast<int>(*y);
    } else {
      bad("anno", cell("anno"), "atteso un anno (AAAA)");
    }
    x.area = cell("area");
    x.objective = cell("obiettivo");
    x.management = cell("gestione");
    x.comune = cell("comune");
    for (auto [column, target, required] :
         {std::tuple{"programmato", &x.programmed, true}, std::tuple{"impegnato", &x.committed, false},
          std::tuple{"liquidato", &x.paid, false}}) {
      std::string v = cell(column);
      if (v.empty() && !required) continue;
      if (auto c = io::ParseCents(v)) {
        *target = *c;
      } else {
        bad(column, v, "atteso un importo in euro (es. 1.234,56)");
      }
    }
    for (auto [column, target] :
         {std::pair{"data_impegnato", &x.committed_on}, std::pair{"data_liquidato", &x.paid_on}}) {
      std::string v = cell(column);
      if (v.empty()) continue;
      if (auto d = io::ParseDateCell(v)) {
        *target = *d;
      } else {
        bad(column, v, "attesa una data GG/MM/AAAA o AAAA-MM-GG");
      }
    }
    x.justification = cell("motivazione");
    x.note = cell("note");
    // Field names of the row model -> the file's column names, for the errors.
    static const std::map<std::string, std::string> kColumnOf = {{"fund", "fondo"},
                                                                 {"fund_type", "tipologia"},
                                                                 {"year", "anno"},
                                                                 {"area", "area"},
                                                                 {"objective", "obiettivo"},
                                                                 {"management", "gestione"},
                                                                 {"comune", "comune"},
                                                                 {"programmed_cents", "programmato"},
                                                                 {"committed_cents", "impegnato"},
                                                                 {"paid_cents", "liquidato"},
                                                                 {"committed_on", "data_impegnato"},
                                                                 {"paid_on", "data_liquidato"}};
    for (auto d : core::ValidateResourceRow(x, f.context, file, l.number)) {
      if (auto it = kColumnOf.find(d.field); it != kColumnOf.end()) {
        d.field = it->second;
        d.value = cell(d.field);  // as written in the file
      }
      bool already = std::any_of(problems.begin(), problems.end(),
                                 [&](const ErrorDetail& p) { return p.row == d.row && p.field == d.field; });
      if (!already) problems.push_back(d);
    }
    incoming.push_back(std::move(x));
  }
  PDZ_ASSIGN(auto existing, LoadRows(*conn, plan_id));
  std::map<std::int64_t, const StoredRow*> by_id;
  for (const auto& s : existing) by_id[s.row.id] = &s;
  for (size_t i = 0; i < incoming.size(); ++i) {
    if (incoming[i].id != 0 && !by_id.contains(incoming[i].id)) {
      problems.push_back({.file = file,
                          .row = lines[i].number,
                          .field = "id",
                          .value = std::to_string(incoming[i].id),
                          .reason = "la riga non esiste nel quadro di questo piano: lasciare vuoto per aggiungerla"});
    }
  }
  // A row without id takes the place of a stored row with the same fund, year and destination that
  // the file does not name: importing the same file twice changes nothing.
  auto key = [](const core::ResourceRow& x) {
    return x.fund + "|" + x.fund_type + "|" + std::to_string(x.year) + "|" + x.area + "|" + x.objective + "|" +
           x.management + "|" + x.comune;
  };
  std::multimap<std::string, std::int64_t> unclaimed;
  for (const auto& s : existing) {
    if (!seen_ids.contains(s.row.id)) unclaimed.emplace(key(s.row), s.row.id);
  }
  for (auto& x : incoming) {
    if (x.id != 0) continue;
    if (auto it = unclaimed.find(key(x)); it != unclaimed.end()) {
      x.id = it->second;
      unclaimed.erase(it);
    }
  }
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(),
                     [](const ErrorDetail& a, const ErrorDetail& b) { return a.row < b.row; });
    return MakeError(ErrorCode::kValidationFailed,
                     "Il file " + file + " contiene " + ErrorsCount(problems.size()) + ": nulla è stato importato.",
                     problems);
  }
  std::string why = reason.empty() ? "importazione da " + file : reason + " (importazione da " + file + ")";
  return InTransaction(*conn, [&]() -> Result<json> {
    std::string now = clock_.NowIso();
    int added = 0, changed = 0, removed = 0, unchanged = 0;
    std::set<std::int64_t> kept;
    for (auto& x : incoming) {
      if (x.id == 0) {
        PDZ_ASSIGN(x.id, InsertRow(*conn, plan_id, x, now));
        PDZ_TRY(RecordChange(*conn, plan_id, x.id, "added", now, actor, why, nullptr, RowFields(x)));
        ++added;
        continue;
      }
      kept.insert(x.id);
      json before = RowFields(by_id[x.id]->row);
      json after = RowFields(x);
      if (before == after) {
        ++unchanged;
        continue;
      }
      PDZ_TRY(UpdateRow(*conn, x, now));
      PDZ_TRY(RecordChange(*conn, plan_id, x.id, "changed", now, actor, why, before, after));
      ++changed;
    }
    for (const auto& s : existing) {
      if (kept.contains(s.row.id) || !replace) continue;
      PDZ_TRY(MarkRemoved(*conn, s.row.id, now));
      PDZ_TRY(RecordChange(*conn, plan_id, s.row.id, "removed", now, actor, why, RowFields(s.row), nullptr));
      ++removed;
    }
    json summary = {{"added", added}, {"changed", changed}, {"removed", removed}, {"unchanged", unchanged}};
    if (added + changed + removed > 0) {
      PDZ_TRY(detail::Audit(*conn, clock_, actor, "import", "plan_resources", std::to_string(plan_id), f.ambito,
                            nullptr, json{{"file", file}, {"result", summary}}));
    }
    summary["file"] = file;
    return summary;
  });
}

}  // namespace pdz::app
