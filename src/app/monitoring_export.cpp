// Monitoring views as spreadsheets (docs/monitoring.md §5): a plan's matrix, and the Cabina di regia's
// and the Region's table of plans, as CSV (';', UTF-8 with BOM, Italian decimal comma) or XLSX (numbers
// as numbers). Both are written from the JSON views, so a file always says what the page shows.
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

#include "app/app.hpp"
#include "core/monitoring/progress.hpp"
#include "io/csv.hpp"
#include "io/document/xlsx.hpp"

namespace pdz::app {
namespace {

using Cell = io::xlsx::Value;
using Row = std::vector<Cell>;

Error BadFormat(const std::string& format) {
  return MakeError(ErrorCode::kBadRequest, "Formato non previsto: json, csv o xlsx.",
                   {{.field = "format", .value = format, .reason = "json, csv o xlsx"}});
}

std::string Text(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

/// A number of the view, or an empty cell when absent or null.
Cell Decimal(const json& j) {
  if (!j.is_number()) return std::string();
  return io::xlsx::Number{j.get<double>()};
}

Cell Decimal(const json& j, const char* key) { return j.contains(key) ? Decimal(j[key]) : Cell(std::string()); }

/// A share 0..1 of the view as a percentage with one decimal, or an empty cell.
Cell Percent(const json& share) {
  if (!share.is_number()) return std::string();
  return io::xlsx::Number{std::round(share.get<double>() * 1000.0) / 10.0};
}

Cell Integer(const json& j) {
  if (!j.is_number()) return std::string();
  return static_cast<std::int64_t>(std::llround(j.get<double>()));
}

/// "1234,5": the CSV text of a cell (Italian decimal comma, no thousands separator).
std::string CsvText(const Cell& c) {
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&c)) return std::to_string(*i);
  if (const auto* e = std::get_if<io::xlsx::Euro>(&c)) return io::CentsForCsv(e->cents);
  double v = std::get<io::xlsx::Number>(c).value;
  if (!std::isfinite(v)) return "";
  // Four decimals (eight below 1), trailing zeros dropped: what a reader compares, not float noise.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", std::fabs(v) >= 1 ? 4 : 8, v);
  std::string out = buf;
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  for (char& ch : out)
    if (ch == '.') ch = ',';
  return out;
}

/// "31/12/2017" from "2017-12-31" (what an Italian spreadsheet shows); other text as it is.
std::string ItalianDate(const std::string& iso) {
  auto d = Date::Parse(iso);
  return d ? d->ToItalian() : iso;
}

constexpr core::Judgement kJudgements[] = {core::Judgement::kAchieved,    core::Judgement::kOnTrack,
                                           core::Judgement::kAtRisk,      core::Judgement::kOffTrack,
                                           core::Judgement::kNotMeasured, core::Judgement::kNotComputable};

/// The Italian word for a judgement's code (core::JudgementLabel).
std::string Judgement(const std::string& code) {
  for (auto j : kJudgements)
    if (core::JudgementCode(j) == code) return std::string(core::JudgementLabel(j));
  return code;
}

/// The label the view carries, else the word for its code.
std::string JudgementOf(const json& j) {
  std::string label = Text(j, "label");
  return label.empty() ? Judgement(Text(j, "judgement")) : label;
}

std::string Dimension(const std::string& code) {
  if (code == "conoscenze") return "Conoscenze";
  if (code == "risorse") return "Risorse";
  if (code == "servizi") return "Servizi";
  if (code == "nessuna" || code.empty()) return "Nessuna dimensione";
  return code;
}

/// "Raggiunto: 1, Non misurato: 3" from {"achieved": 1, "not_measured": 3}.
std::string Counts(const json& counts) {
  std::string out;
  if (!counts.is_object()) return out;
  for (auto j : kJudgements) {
    std::string code(core::JudgementCode(j));
    if (!counts.contains(code) || !counts[code].is_number() || counts[code].get<int>() == 0) continue;
    out += (out.empty() ? "" : ", ") + std::string(core::JudgementLabel(j)) + ": " +
           std::to_string(counts[code].get<int>());
  }
  return out;
}

/// An indicator's baseline or target: the number, else the words.
Cell Point(const json& p) {
  if (!p.is_object()) return std::string();
  if (p.contains("value") && p["value"].is_number()) return Decimal(p["value"]);
  return Text(p, "text");
}

/// Letters, digits, '-' and '_' only: a safe part of a file name.
std::string FilePart(const std::string& s) {
  std::string out;
  for (unsigned char c : s) out += std::isalnum(c) || c == '-' || c == '_' ? static_cast<char>(c) : '-';
  return out.empty() ? "x" : out;
}

Result<App::File> Write(const std::vector<io::xlsx::Sheet>& sheets, const std::string& format,
                        const std::string& base) {
  if (format == "csv") {
    const auto& first = sheets.front();
    std::vector<std::vector<std::string>> rows;
    rows.reserve(first.rows.size());
    for (const auto& r : first.rows) {
      std::vector<std::string> fields;
      for (const auto& c : r) fields.push_back(CsvText(c));
      rows.push_back(std::move(fields));
    }
    // The BOM: spreadsheets then read the file as UTF-8.
    return App::File{"\xEF\xBB\xBF" + io::WriteCsv(first.header, rows), "text/csv; charset=utf-8", base + ".csv"};
  }
  PDZ_ASSIGN(auto bytes, io::xlsx::Write(sheets));
  return App::File{std::move(bytes), io::xlsx::kContentType, base + ".xlsx"};
}

std::string Yes(bool b) { return b ? "sì" : "no"; }

}  // namespace

Result<App::File> App::MonitoringFile(const json& view, const std::string& format) {
  if (format != "csv" && format != "xlsx") return BadFormat(format);
  std::string as_of = Text(view, "as_of");
  io::xlsx::Sheet matrix;
  matrix.name = "Matrice";
  matrix.header = {"Livello",  "Codice",     "Descrizione", "Stato",  "Avanzamento %", "Atteso %",           "Giudizio",
                   "Scadenza", "In ritardo", "Baseline",    "Target", "Ultimo valore", "Data ultimo valore", "Fonte",
                   "Peso",     "Note"};
  matrix.widths = {20, 10, 60, 14, 14, 10, 16, 12, 10, 12, 12, 14, 14, 30, 8, 40};
  auto objective_row = [](const char* level, const json& o) -> Row {
    const json& p = o.value("progress", json::object());
    std::string code = Text(o, "id");
    std::string number = Text(o, "number");
    std::string title = Text(o, "title");
    return {std::string(level),
            code.empty() ? number : code,
            number.empty() ? title : number + " " + title,
            std::string(),
            Percent(p.value("value", json())),
            Percent(p.value("expected", json())),
            JudgementOf(p),
            std::string(),
            std::string(),
            std::string(),
            std::string(),
            std::string(),
            std::string(),
            std::string(),
            Decimal(o, "weight"),
            std::string()};
  };
  for (const auto& g : view.value("objectives", json::array())) {
    matrix.rows.push_back(objective_row("Obiettivo generale", g));
    for (const auto& s : g.value("specific", json::array())) {
      matrix.rows.push_back(objective_row("Obiettivo specifico", s));
      for (const auto& a : s.value("actions", json::array())) {
        std::string due = Text(a, "due");
        matrix.rows.push_back({std::string("Azione"), Text(a, "id"), Text(a, "text"), Text(a, "status_label"),
                               Decimal(a, "progress"), Percent(a.value("expected", json())), std::string(),
                               due.empty() ? std::string() : ItalianDate(due), Yes(a.value("overdue", false)),
                               std::string(), std::string(), std::string(), std::string(), std::string(),
                               Decimal(a, "weight"), Text(a, "notes")});
      }
      for (const auto& i : s.value("indicators", json::array())) {
        std::string target_date =
            i.contains("target") && i["target"].is_object() ? Text(i["target"], "date") : std::string();
        std::string note;
        if (i.contains("binding") && i["binding"].is_object()) {
          note = "Collegato ai flussi: " + (i["binding"].contains("label") ? Text(i["binding"], "label")
                                                                           : Text(i["binding"], "knowledge_indicator"));
        }
        std::string unit = Text(i, "unit");
        if (!unit.empty()) note = note.empty() ? "Unità: " + unit : "Unità: " + unit + "; " + note;
        std::string latest_on = Text(i, "latest_on");
        matrix.rows.push_back({std::string("Indicatore"), Text(i, "id"), Text(i, "name"), std::string(),
                               Percent(i.value("progress", json())), Percent(i.value("expected", json())),
                               JudgementOf(i), target_date.empty() ? std::string() : ItalianDate(target_date),
                               std::string(), Point(i.value("baseline", json())), Point(i.value("target", json())),
                               Decimal(i, "latest"), latest_on.empty() ? std::string() : ItalianDate(latest_on),
                               Text(i, "latest_source"), Decimal(i, "weight"), note});
      }
    }
  }

  const json& plan = view.value("plan", json::object());
  const json& period = plan.value("period", json::object());
  std::string from = Text(period, "from"), to = Text(period, "to");
  std::string base = "monitoraggio-" + FilePart(Text(plan, "ambito")) + "-" + FilePart(from.substr(0, 4)) + "-" +
                     FilePart(to.substr(0, 4)) + "-" + FilePart(as_of);
  if (format == "csv") return Write({matrix}, format, base);

  io::xlsx::Sheet summary;
  summary.name = "Sintesi";
  summary.header = {"Sezione", "Voce", "Avanzamento %", "Atteso %", "Giudizio", "Dettaglio"};
  summary.widths = {22, 50, 14, 10, 16, 60};
  const json& progress = view.value("progress", json::object());
  summary.rows.push_back({std::string("Piano"), Text(plan, "title"), Percent(progress.value("value", json())),
                          Percent(progress.value("expected", json())), JudgementOf(progress),
                          "Ambito " + Text(plan, "ambito") + ", dal " + ItalianDate(from) + " al " + ItalianDate(to) +
                              ", stato «" + Text(plan, "status_label") + "», situazione al " + ItalianDate(as_of)});
  const json& th = view.value("thresholds", json::object());
  if (th.contains("on_track") && th.contains("at_risk")) {
    summary.rows.push_back({std::string("Soglie di giudizio"), Text(th, "source"), std::string(), std::string(),
                            std::string(),
                            "In linea da " + CsvText(Percent(th["on_track"])) + "% dell'atteso, a rischio da " +
                                CsvText(Percent(th["at_risk"])) + "%"});
  }
  for (const auto& a : view.value("by_area", json::array()))
    summary.rows.push_back({std::string("Area"), Text(a, "area"), Percent(a.value("progress", json())), std::string(),
                            std::string(), std::string()});
  for (const auto& d : view.value("by_dimension", json::array()))
    summary.rows.push_back({std::string("Dimensione"), Dimension(Text(d, "dimension")),
                            Percent(d.value("progress", json())), std::string(), std::string(),
                            Counts(d.value("judgements", json::object()))});
  for (const auto& o : view.value("by_strategic_objective", json::array()))
    summary.rows.push_back({std::string("Obiettivo strategico"), Text(o, "strategic_objective"),
                            Percent(o.value("progress", json())), std::string(), std::string(), std::string()});

  io::xlsx::Sheet late;
  late.name = "In ritardo";
  late.header = {"Obiettivo", "Obiettivo specifico", "Azione", "Descrizione", "Scadenza", "Stato", "Giorni di ritardo"};
  late.widths = {10, 50, 10, 60, 12, 14, 16};
  for (const auto& o : view.value("overdue", json::array()))
    late.rows.push_back({Text(o, "objective"), Text(o, "specific_title"), Text(o, "action_id"), Text(o, "text"),
                         ItalianDate(Text(o, "due")), Text(o, "status_label"), Integer(o.value("days_late", json()))});
  return Write({matrix, summary, late}, format, base);
}

Result<App::File> App::TerritoryMonitoringFile(const json& view, const std::string& format) {
  if (format != "csv" && format != "xlsx") return BadFormat(format);
  const json& ambiti = view.value("ambiti", json::array());
  // The monitoring reports not yet delivered (due within 90 days or late), when the view counts them.
  std::vector<std::pair<const char*, const char*>> optional;
  for (auto column :
       {std::pair{"reports_due", "Relazioni da presentare"}, std::pair{"reports_overdue", "Relazioni in ritardo"}}) {
    bool present = false;
    for (const auto& a : ambiti) present = present || a.contains(column.first);
    if (present) optional.push_back(column);
  }
  io::xlsx::Sheet plans;
  plans.name = "Piani";
  plans.header = {"Ambito",
                  "Codice ambito",
                  "Piano",
                  "Dal",
                  "Al",
                  "Stato",
                  "Avanzamento %",
                  "Atteso %",
                  "Giudizio",
                  "Azioni",
                  "Azioni concluse",
                  "Azioni in ritardo",
                  "Indicatori raggiunti",
                  "Indicatori in linea",
                  "Indicatori a rischio",
                  "Indicatori in ritardo",
                  "Indicatori non misurati",
                  "Indicatori non calcolabili"};
  for (const auto& [key, header] : optional) plans.header.push_back(header);
  plans.widths = {28, 18, 40, 12, 12, 18, 14, 10, 14};
  for (const auto& a : ambiti) {
    const json& ambito = a.value("ambito", json::object());
    Row row = {Text(ambito, "name"), Text(ambito, "code")};
    const json& plan = a.value("plan", json());
    if (!plan.is_object()) {
      row.insert(row.end(), {std::string(), std::string(), std::string(), std::string("Nessun piano in attuazione")});
      row.resize(plans.header.size(), std::string());
    } else {
      const json& period = plan.value("period", json::object());
      const json& p = a.value("progress", json::object());
      const json& counts = a.value("indicator_judgements", json::object());
      row.insert(row.end(), {Text(plan, "title"), ItalianDate(Text(period, "from")), ItalianDate(Text(period, "to")),
                             Text(plan, "status_label"), Percent(p.value("value", json())),
                             Percent(p.value("expected", json())), JudgementOf(p), Integer(a.value("actions", json())),
                             Integer(a.value("actions_done", json())), Integer(a.value("overdue", json()))});
      for (const char* code : {"achieved", "on_track", "at_risk", "off_track", "not_measured", "not_computable"})
        row.push_back(Integer(counts.is_object() && counts.contains(code) ? counts[code] : json(0)));
      for (const auto& [key, header] : optional) {
        const json& n = a.value(key, json());
        row.push_back(n.is_number() ? Integer(n) : Cell(Text(a, key)));
      }
    }
    plans.rows.push_back(std::move(row));
  }
  std::string level = Text(view, "level");
  std::string base = std::string("monitoraggio-") + (level == "agency" ? "ats" : "regione") + "-" +
                     FilePart(Text(view, "code")) + "-" + FilePart(Text(view, "as_of"));
  if (format == "csv") return Write({plans}, format, base);

  auto groups = [&](const char* name, const char* first, const char* key, bool dimension) {
    io::xlsx::Sheet s;
    s.name = name;
    s.header = {first, "Avanzamento medio %", "Piani"};
    s.widths = {40, 20, 10};
    for (const auto& g : view.value(key, json::array())) {
      std::string k = Text(g, dimension ? "dimension" : "strategic_objective");
      s.rows.push_back(
          {dimension ? Dimension(k) : k, Percent(g.value("progress", json())), Integer(g.value("plans", json()))});
    }
    return s;
  };
  return Write({plans, groups("Per dimensione", "Dimensione", "by_dimension", true),
                groups("Per obiettivo strategico", "Obiettivo strategico", "by_strategic_objective", false)},
               format, base);
}

}  // namespace pdz::app
