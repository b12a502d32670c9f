// The plan as a document an officer files: title page, index, sections, the objectives matrix as tables.
#include "app/app.hpp"
#include "app/detail/internals.hpp"
#include "core/money/money.hpp"
#include "io/document/document.hpp"

namespace pdz::app {

namespace {

namespace doc = io::doc;

std::string Bullets(const json& items) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += "\n";
    // Texts (tools) or objects with a text (actions).
    out += (items.size() > 1 ? "• " : "") + (i.is_object() ? i["text"].get<std::string>() : i.get<std::string>());
  }
  return out;
}

std::string ItalianDate(const json& iso) {
  if (!iso.is_string()) return {};
  auto d = Date::Parse(iso.get<std::string>());
  return d ? d->ToItalian() : iso.get<std::string>();
}

std::string PointText(const json& p) {
  if (p.is_null()) return {};
  std::string v = p.contains("text") && !p["text"].get<std::string>().empty() ? p["text"].get<std::string>() : "";
  if (v.empty() && p["value"].is_number()) {
    double x = p["value"].get<double>();
    v = x == static_cast<double>(static_cast<long long>(x)) ? std::to_string(static_cast<long long>(x))
                                                            : std::to_string(x);
  }
  std::string date = ItalianDate(p["date"]);
  return date.empty() ? v : v + " al " + date;
}

std::string IndicatorsText(const json& indicators) {
  std::string out;
  for (const auto& i : indicators) {
    std::string line = (indicators.size() > 1 ? "• " : "") + i["name"].get<std::string>();
    std::string unit = i["unit"].get<std::string>();
    std::string base = PointText(i["baseline"]), target = PointText(i["target"]);
    if (!base.empty()) line += "\nValore di partenza: " + base + (unit.empty() ? "" : " " + unit);
    if (!target.empty()) line += "\nValore atteso: " + target + (unit.empty() ? "" : " " + unit);
    if (!i["source"].get<std::string>().empty()) line += "\nFonte: " + i["source"].get<std::string>();
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

std::string ResourcesText(const json& r) {
  std::string financial, professional;
  for (const auto& f : r["financial"]) {
    std::string item = f["description"].get<std::string>();
    if (f["amount_cents"].is_number_integer())
      item += " (" + core::FormatEuro(f["amount_cents"].get<std::int64_t>()) + ")";
    if (!f["fund"].get<std::string>().empty()) item += " [" + f["fund"].get<std::string>() + "]";
    financial += (financial.empty() ? "" : "; ") + item;
  }
  for (const auto& p : r["professional"]) professional += (professional.empty() ? "" : ", ") + p.get<std::string>();
  std::string out;
  if (!financial.empty()) out += "FINANZIARIE: " + financial;
  if (!professional.empty()) out += (out.empty() ? "" : "\n\n") + std::string("PROFESSIONALI: ") + professional;
  return out;
}

std::string TimingText(const json& t) {
  std::string text = t["text"].get<std::string>();
  if (!text.empty()) return text;
  return ItalianDate(t["date"]);
}

}  // namespace

namespace {

std::string Euro(const json& cents) { return core::FormatEuro(cents.get<std::int64_t>()); }

// The quadro unitario delle risorse: totals by fund and by year and stage, then the rows.
void AppendResourceFrame(std::vector<doc::Block>& b, const json& frame, Date today) {
  const json& summary = frame["summary"];
  b.push_back(doc::PageBreak{});
  b.push_back(doc::Text(doc::ParagraphStyle::kHeading1, "Quadro unitario delle risorse"));
  std::string share =
      summary["joint_share_bp"].is_null()
          ? ""
          : " Quota programmata in gestione associata: " + std::to_string(summary["joint_share_bp"].get<int>() / 100) +
                "," + (summary["joint_share_bp"].get<int>() % 100 < 10 ? "0" : "") +
                std::to_string(summary["joint_share_bp"].get<int>() % 100) + "%.";
  b.push_back(doc::Text(doc::ParagraphStyle::kBody,
                        "Importi programmati, impegnati e liquidati alle date di rilevazione indicate; situazione al " +
                            today.ToItalian() + "." + share));
  auto totals = [&](const char* key, const std::string& title, const std::string& first) {
    b.push_back(doc::Text(doc::ParagraphStyle::kHeading2, title));
    doc::Table t;
    t.header = {first, "Programmato", "Impegnato", "Liquidato"};
    t.widths = {2.4, 1, 1, 1};
    for (const auto& x : summary[key]) {
      t.rows.push_back({x["label"].get<std::string>(), Euro(x["programmed_cents"]), Euro(x["committed_cents"]),
                        Euro(x["paid_cents"])});
    }
    const json& total = summary["total"];
    t.rows.push_back(
        {"Totale", Euro(total["programmed_cents"]), Euro(total["committed_cents"]), Euro(total["paid_cents"])});
    b.push_back(std::move(t));
  };
  totals("by_fund", "Risorse per fondo", "Fondo");
  totals("by_year", "Risorse per anno", "Anno");
  totals("by_area", "Risorse per area", "Area");
  b.push_back(doc::Text(doc::ParagraphStyle::kHeading2, "Dettaglio delle risorse"));
  doc::Table rows;
  rows.header = {"Fondo", "Anno", "Destinazione", "Gestione", "Programmato", "Impegnato", "Liquidato", "Note"};
  rows.widths = {1.4, 0.5, 1.6, 0.9, 0.9, 1.1, 1.1, 1.6};
  for (const auto& r : frame["rows"]) {
    std::string destination = r["area_title"].get<std::string>();
    if (!r["objective"].get<std::string>().empty()) destination += "\nob. " + r["objective_title"].get<std::string>();
    std::string management =
        r["management"] == "associata" ? "associata" : "singola: " + r["comune_name"].get<std::string>();
    auto staged = [&](const char* amount, const char* on) {
      std::string text = Euro(r[amount]);
      if (r[on].is_string()) text += "\nal " + Date::Parse(r[on].get<std::string>())->ToItalian();
      return text;
    };
    std::string note = r["note"].get<std::string>();
    if (!r["justification"].get<std::string>().empty()) {
      note += (note.empty() ? "" : "\n") + std::string("Motivazione: ") + r["justification"].get<std::string>();
    }
    rows.rows.push_back({r["fund_title"].get<std::string>() + " (" + r["fund_type_label"].get<std::string>() + ")",
                         std::to_string(r["year"].get<int>()), destination, management, Euro(r["programmed_cents"]),
                         staged("committed_cents", "committed_on"), staged("paid_cents", "paid_on"), note});
  }
  b.push_back(std::move(rows));
}

}  // namespace

Result<App::File> App::ExportPlan(const Actor& actor, std::int64_t id, const std::string& format,
                                  std::optional<std::int64_t> revision) {
  if (format != "pdf" && format != "docx") {
    return MakeError(ErrorCode::kValidationFailed, "Formato '" + format + "' non disponibile: pdf o docx.",
                     {{.field = "format", .value = format, .reason = "ammessi: pdf, docx"}});
  }
  PDZ_ASSIGN(json view, GetPlan(actor, id, revision));
  const json& plan = view["plan"];
  auto from = Date::Parse(plan["period"]["from"].get<std::string>());
  PDZ_ASSIGN(json ambito, GetAmbito(view["ambito"], from));
  if (ambito["comuni"].empty()) {
    PDZ_ASSIGN(ambito, GetAmbito(view["ambito"], std::nullopt));
  }

  doc::Document d;
  d.title = plan["title"].get<std::string>() + " – Ambito " + ambito["name"].get<std::string>();
  d.author = "Ufficio di Piano – " + ambito["ufficio_di_piano"]["host_body"].get<std::string>();
  d.footer = d.title;
  d.landscape = true;
  auto& b = d.blocks;
  b.push_back(doc::Text(doc::ParagraphStyle::kTitle, plan["title"].get<std::string>()));
  if (!plan["subtitle"].get<std::string>().empty())
    b.push_back(doc::Text(doc::ParagraphStyle::kSubtitle, plan["subtitle"]));
  b.push_back(doc::Text(doc::ParagraphStyle::kHeading3, "Ambito territoriale " + ambito["name"].get<std::string>()));
  std::string comuni;
  for (const auto& c : ambito["comuni"]) comuni += (comuni.empty() ? "" : ", ") + c["name"].get<std::string>();
  b.push_back(doc::Paragraph{doc::ParagraphStyle::kBody, {{"Comuni: ", true}, {comuni}}});
  b.push_back(doc::Paragraph{doc::ParagraphStyle::kBody,
                             {{"Ente capofila: ", true},
                              {ambito["capofila"]["name"].get<std::string>() + " (" +
                               ambito["capofila"]["type_label"].get<std::string>() + ")"}}});
  b.push_back(
      doc::Paragraph{doc::ParagraphStyle::kBody, {{"ATS/ASL: ", true}, {ambito["agency"]["name"].get<std::string>()}}});
  b.push_back(
      doc::Paragraph{doc::ParagraphStyle::kBody,
                     {{"Triennio: ", true},
                      {"dal " + ItalianDate(plan["period"]["from"]) + " al " + ItalianDate(plan["period"]["to"])}}});
  b.push_back(
      doc::Paragraph{doc::ParagraphStyle::kBody, {{"Stato: ", true}, {view["status_label"].get<std::string>()}}});
  b.push_back(doc::Text(doc::ParagraphStyle::kSmall,
                        "Revisione " + std::to_string(view["revision"].get<std::int64_t>()) + " del " +
                            ItalianDate(json(view["revision_at"].get<std::string>().substr(0, 10))) + " (" +
                            view["revision_author"].get<std::string>() + ")."));
  b.push_back(doc::PageBreak{});
  b.push_back(doc::TableOfContents{});
  b.push_back(doc::PageBreak{});
  for (const auto& s : plan["sections"]) {
    b.push_back(doc::Text(doc::ParagraphStyle::kHeading1, s["title"].get<std::string>()));
    for (auto& block : doc::MarkdownToBlocks(s["body"].get<std::string>())) {
      if (auto* p = std::get_if<doc::Paragraph>(&block); p && p->style == doc::ParagraphStyle::kHeading1) {
        p->style = doc::ParagraphStyle::kHeading2;
      }
      b.push_back(std::move(block));
    }
  }
  b.push_back(doc::Text(doc::ParagraphStyle::kHeading1, "Obiettivi, azioni e indicatori"));
  size_t g = 0;
  for (const auto& go : plan["objectives"]) {
    ++g;
    b.push_back(doc::Text(doc::ParagraphStyle::kHeading2,
                          std::to_string(g) + ". Obiettivo generale: " + go["title"].get<std::string>()));
    doc::Table table;
    table.header = {"Obiettivo specifico", "Interventi/azioni di sistema",
                    "Indicatori di esito", "Strumenti utilizzati",
                    "Risorse impiegate",   "Tempistica"};
    table.widths = {1.2, 1.5, 1.3, 1.2, 1.5, 0.9};
    size_t s = 0;
    for (const auto& so : go["specific"]) {
      ++s;
      table.rows.push_back({std::to_string(g) + "." + std::to_string(s) + " " + so["title"].get<std::string>(),
                            Bullets(so["actions"]), IndicatorsText(so["indicators"]), Bullets(so["tools"]),
                            ResourcesText(so["resources"]), TimingText(so["timing"])});
    }
    if (!table.rows.empty()) b.push_back(std::move(table));
  }
  PDZ_ASSIGN(json frame, ListResources(actor, id));
  if (!frame["rows"].empty()) AppendResourceFrame(b, frame, clock_.Today());
  std::string base = "piano-" + view["ambito"].get<std::string>() + "-" +
                     plan["period"]["from"].get<std::string>().substr(0, 4) + "-" +
                     plan["period"]["to"].get<std::string>().substr(0, 4);
  return detail::RenderDocument(d, format, base);
}

namespace detail {

Result<App::File> RenderDocument(const io::doc::Document& d, const std::string& format, const std::string& base) {
  App::File file;
  if (format == "pdf") {
    PDZ_ASSIGN(file.bytes, io::doc::RenderPdf(d));
    file.content_type = "application/pdf";
    file.filename = base + ".pdf";
  } else {
    PDZ_ASSIGN(file.bytes, io::doc::RenderDocx(d));
    file.content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    file.filename = base + ".docx";
  }
  return file;
}

}  // namespace detail

}  // namespace pdz::app
