// Monitoring views as CSV and XLSX: one row per node in the plan's order, Italian words and numbers,
// the sheets of the workbook, and an unknown format refused by name.
#include <gtest/gtest.h>

#include "app/app.hpp"
#include "io/csv.hpp"
#include "io/document/archive.hpp"
#include "io/document/xlsx.hpp"

namespace pdz::app {
namespace {

json PlanView() {
  json progress = {{"value", 0.5}, {"expected", 0.75}, {"judgement", "at_risk"}, {"label", "A rischio"}};
  json action = {{"id", "a1"},          {"text", "Tavolo; \"anziani\""}, {"weight", 1},
                 {"due", "2016-03-31"}, {"status", "in_progress"},       {"status_label", "In corso"},
                 {"progress", 40},      {"expected", 1.0 / 3},           {"notes", "avviato"},
                 {"overdue", true}};
  json indicator = {
      {"id", "i1"},
      {"name", "Utenti SAD"},
      {"unit", "persone"},
      {"weight", 2},
      {"baseline", {{"value", 10}, {"text", ""}, {"date", "2015-01-01"}}},
      {"target", {{"value", nullptr}, {"text", "in aumento"}, {"date", "2017-12-31"}}},
      {"binding", nullptr},
      {"measurements",
       json::array({{{"measured_on", "2016-03-31"}, {"value", 20}, {"source", "UdP"}, {"corrected_by", 7}},
                    {{"measured_on", "2016-03-31"}, {"value", 12.5}, {"source", "Ufficio di Piano"}},
                    {{"measured_on", "2017-03-31"}, {"value", 30}, {"source", "dopo"}}})},
      {"latest", 24.4040172603546},
      {"latest_on", "2016-03-31"},
      {"latest_source", "Ufficio di Piano"},  // as GetMonitoring gives it: the correction's source
      {"progress", nullptr},
      {"expected", 0.5},
      {"judgement", "not_computable"},
      {"label", "Non calcolabile"}};
  json specific = {{"id", "s1"},          {"number", "1.1"},           {"title", "Domiciliarità"}, {"weight", 1},
                   {"actions", {action}}, {"indicators", {indicator}}, {"progress", progress}};
  json general = {{"id", "g1"},  {"number", "1"},          {"title", "Anziani"},
                  {"weight", 1}, {"specific", {specific}}, {"progress", progress}};
  return {
      {"plan",
       {{"id", 3},
        {"title", "Piano di Zona 2015-2017"},
        {"ambito", "medio-olona"},
        {"period", {{"from", "2015-01-01"}, {"to", "2017-12-31"}}},
        {"status_label", "In attuazione"}}},
      {"as_of", "2016-06-30"},
      {"thresholds", {{"on_track", 0.9}, {"at_risk", 0.6}, {"source", "predefinito"}}},
      {"progress", progress},
      {"objectives", {general}},
      {"overdue",
       {{{"objective", "1.1"},
         {"specific_title", "Domiciliarità"},
         {"action_id", "a1"},
         {"text", "Tavolo"},
         {"due", "2016-03-31"},
         {"status_label", "In corso"},
         {"days_late", 91}}}},
      {"by_area", {{{"area", "anziani"}, {"progress", 0.5}}}},
      {"by_dimension", {{{"dimension", "servizi"}, {"progress", nullptr}, {"judgements", {{"not_computable", 1}}}}}},
      {"by_strategic_objective", json::array()}};
}

TEST(MonitoringExport, CsvHasTheBomTheHeaderAndOneRowPerNodeInOrder) {
  auto f = App::MonitoringFile(PlanView(), "csv");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->filename, "monitoraggio-medio-olona-2015-2017-2016-06-30.csv");
  EXPECT_EQ(f->content_type, "text/csv; charset=utf-8");
  ASSERT_EQ(f->bytes.rfind("\xEF\xBB\xBF", 0), 0u);
  auto table = io::ParseCsv(f->bytes, "m.csv");
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->header.front(), "Livello");
  EXPECT_EQ(table->header.size(), 16u);
  ASSERT_EQ(table->rows.size(), 4u);
  std::vector<std::string> levels;
  for (const auto& r : table->rows) levels.push_back(r.fields[0]);
  EXPECT_EQ(levels, (std::vector<std::string>{"Obiettivo generale", "Obiettivo specifico", "Azione", "Indicatore"}));
  const auto& g = table->rows[0].fields;
  EXPECT_EQ(g[2], "1 Anziani");
  EXPECT_EQ(g[4], "50");
  EXPECT_EQ(g[5], "75");
  EXPECT_EQ(g[6], "A rischio");
  const auto& a = table->rows[2].fields;
  EXPECT_EQ(a[1], "a1");
  EXPECT_EQ(a[2], "Tavolo; \"anziani\"") << "quoted and read back";
  EXPECT_EQ(a[3], "In corso");
  EXPECT_EQ(a[4], "40");
  EXPECT_EQ(a[5], "33,3");
  EXPECT_EQ(a[7], "31/03/2016");
  EXPECT_EQ(a[8], "sì");
  EXPECT_EQ(a[15], "avviato");
  const auto& i = table->rows[3].fields;
  EXPECT_EQ(i[4], "") << "not computable: no percentage";
  EXPECT_EQ(i[6], "Non calcolabile");
  EXPECT_EQ(i[7], "31/12/2017");
  EXPECT_EQ(i[9], "10");
  EXPECT_EQ(i[10], "in aumento");
  EXPECT_EQ(i[11], "24,404") << "four decimals at most, trailing zeros dropped";
  EXPECT_EQ(i[12], "31/03/2016");
  EXPECT_EQ(i[13], "Ufficio di Piano") << "the correction's source, not the corrected value's nor a later one";
  EXPECT_EQ(i[14], "2");
}

TEST(MonitoringExport, XlsxHasTheMatrixTheSummaryAndTheOverdueActions) {
  auto f = App::MonitoringFile(PlanView(), "xlsx");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->filename, "monitoraggio-medio-olona-2015-2017-2016-06-30.xlsx");
  auto rows = io::xlsx::Read(f->bytes, "m.xlsx");  // the first sheet
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 5u);
  EXPECT_EQ((*rows)[3].cells[5], "33,3") << "a number, read back with a comma";
  auto parts = io::doc::UnzipFiles(f->bytes, "m.xlsx", 1u << 24);
  ASSERT_TRUE(parts) << parts.error().message;
  std::string workbook;
  for (const auto& p : *parts)
    if (p.first == "xl/workbook.xml") workbook = p.second;
  for (const char* name : {"\"Matrice\"", "\"Sintesi\"", "\"In ritardo\""})
    EXPECT_NE(workbook.find(name), std::string::npos) << name;
}

TEST(MonitoringExport, TerritoryRowsAreTheAmbitiWithTheirPlans) {
  json view = {{"level", "agency"},
               {"code", "ATS 321"},
               {"as_of", "2016-06-30"},
               {"ambiti",
                {{{"ambito", {{"code", "medio-olona"}, {"name", "Medio Olona"}}},
                  {"plan",
                   {{"id", 3},
                    {"title", "Piano di Zona 2015-2017"},
                    {"period", {{"from", "2015-01-01"}, {"to", "2017-12-31"}}},
                    {"status_label", "In attuazione"}}},
                  {"progress", {{"value", 0.25}, {"expected", 0.5}, {"label", "In ritardo"}}},
                  {"actions", 10},
                  {"actions_done", 2},
                  {"overdue", 3},
                  {"indicator_judgements", {{"not_measured", 4}}},
                  {"reports_due", 2},
                  {"reports_overdue", 1}},
                 {{"ambito", {{"code", "rhodense"}, {"name", "Rhodense"}}}, {"plan", nullptr}}}},
               {"by_dimension", json::array()},
               {"by_strategic_objective", json::array()}};
  auto f = App::TerritoryMonitoringFile(view, "csv");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->filename, "monitoraggio-ats-ATS-321-2016-06-30.csv");
  auto table = io::ParseCsv(f->bytes, "t.csv");
  ASSERT_TRUE(table) << table.error().message;
  ASSERT_EQ(table->rows.size(), 2u);
  const auto& mo = table->rows[0].fields;
  EXPECT_EQ(mo[2], "Piano di Zona 2015-2017");
  EXPECT_EQ(mo[6], "25");
  EXPECT_EQ(mo[11], "3");
  EXPECT_EQ(mo[16], "4");
  ASSERT_EQ(table->header.size(), 20u) << "the reports' columns, as the view counts them";
  EXPECT_EQ(table->header[18], "Relazioni da presentare");
  EXPECT_EQ(mo[18], "2");
  EXPECT_EQ(mo[19], "1");
  EXPECT_EQ(table->rows[1].fields[5], "Nessun piano in attuazione");
  EXPECT_EQ(table->rows[1].fields.size(), table->header.size());
  view["level"] = "region";
  auto x = App::TerritoryMonitoringFile(view, "xlsx");
  ASSERT_TRUE(x) << x.error().message;
  EXPECT_EQ(x->filename, "monitoraggio-regione-ATS-321-2016-06-30.xlsx");
}

TEST(MonitoringExport, AnUnknownFormatIsRefusedByName) {
  auto f = App::MonitoringFile(PlanView(), "pdf");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(f.error().details.at(0).field, "format");
  EXPECT_FALSE(App::TerritoryMonitoringFile(json::object(), "ods"));
}

}  // namespace
}  // namespace pdz::app
