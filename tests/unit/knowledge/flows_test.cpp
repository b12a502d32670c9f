// Flow validation, the block encoding, and distinct counting across levels.
#include <gtest/gtest.h>

#include "knowledge/block.hpp"
#include "knowledge/catalogue.hpp"
#include "knowledge/cube.hpp"
#include "knowledge/flows.hpp"

namespace pdz::knowledge {
namespace {

CodeLists Lists() {
  CodeLists l;
  l.Put("aree", "Aree", {{"anziani", "Anziani"}, {"disabili", "Disabili"}});
  l.Put("interventi", "Interventi", {{"A1", "Segretariato"}, {"F1", "Buono"}});
  l.Put("fasce_eta", "Fasce", {{"65-79", "65-79"}, {"80+", "80+"}});
  l.Put("canali_finanziamento", "Canali", {{"comune", "Comune"}});
  return l;
}

TEST(FlowValidation, TypedValuesAndEveryProblemOfARow) {
  CodeLists lists = Lists();
  std::vector<RowError> errors;
  auto v =
      RowValidator::Create(*FindFlow("spesa"), lists,
                           {"istat_code", "year", "area", "intervention_code", "management", "amount_eur"}, errors);
  ASSERT_TRUE(v.has_value());
  TypedRow row;
  ASSERT_TRUE(v->Validate({"015182", "2024", "anziani", "A1", "associata", "1.234,56"}, 2, row, errors));
  EXPECT_EQ(row.istat, 15182);
  EXPECT_EQ(row.year, 2024);
  EXPECT_EQ(row.ints[FindFlow("spesa")->Column("amount_eur")], 123456);
  EXPECT_EQ(row.ints[FindFlow("spesa")->Column("users")], kNull);
  EXPECT_FALSE(v->Validate({"15182", "1999", "famiglia", "Z9", "mista", "-1"}, 3, row, errors));
  ASSERT_EQ(errors.size(), 6u);
  EXPECT_EQ(errors[0].field, "istat_code");
  EXPECT_EQ(errors[2].reason, "«famiglia» non è nella lista aree");
  EXPECT_EQ(errors[5].reason, "il valore non può essere negativo");
  for (const auto& e : errors) EXPECT_EQ(e.row, 3);
}

TEST(FlowValidation, HeaderProblemsAndIdentifyingData) {
  CodeLists lists = Lists();
  std::vector<RowError> errors;
  auto v =
      RowValidator::Create(*FindFlow("beneficiari"), lists, {"beneficiary_id", "codice_fiscale", "colore"}, errors);
  EXPECT_FALSE(v.has_value());
  bool identifying = false, unknown = false, missing = false;
  for (const auto& e : errors) {
    identifying |= e.field == "codice_fiscale";
    unknown |= e.field == "colore";
    missing |= e.field == "istat_code" && e.reason == "colonna obbligatoria mancante";
  }
  EXPECT_TRUE(identifying && unknown && missing);
  EXPECT_FALSE(ParsePseudonym("RSSMRA80A01H501U").has_value());
  EXPECT_TRUE(LooksLikeCodiceFiscale("RSSMRA80A01H501U"));
  EXPECT_EQ(ParsePseudonym("00000000000000ff"), 255u);
}

TEST(Block, RoundTripAndSelectedColumns) {
  const FlowDef& f = *FindFlow("spesa");
  CodeLists lists = Lists();
  std::vector<RowError> errors;
  auto v = RowValidator::Create(
      f, lists, {"istat_code", "year", "area", "intervention_code", "management", "amount_eur"}, errors);
  BlockBuilder b(f);
  TypedRow row;
  for (int i = 0; i < 1000; ++i) {
    std::string amount = std::to_string(i) + ",50";
    ASSERT_TRUE(
        v->Validate({"015182", "2024", i % 2 ? "anziani" : "disabili", "A1", "singola", amount}, i + 2, row, errors));
    b.Add(row);
  }
  std::string bytes = b.Encode();
  EXPECT_EQ(b.size(), 0u);
  auto all = DecodeBlock(bytes);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->rows, 1000u);
  EXPECT_EQ(all->columns[f.Column("amount_eur")].ints[999], 99950);
  EXPECT_EQ(all->columns[f.Column("area")].Text(1), "anziani");
  std::vector<bool> wanted(f.columns.size(), false);
  wanted[f.Column("area")] = true;
  auto some = DecodeBlock(bytes, wanted);
  EXPECT_FALSE(some->columns[f.Column("amount_eur")].loaded);
  EXPECT_TRUE(some->columns[f.Column("area")].loaded);
  bytes[bytes.size() / 2] ^= 0x55;
  bytes.resize(bytes.size() - 3);
  EXPECT_FALSE(DecodeBlock(bytes).has_value());
}

// Two comuni in one ambito and one in another, same Region. Person 1 moves between the first two and
// draws on two areas: counted once per entity and per area, never twice in a total.
TEST(Cube, DistinctBeneficiariesAreCountedFromRecordsAtEveryLevel) {
  Geo g;
  g.regions.push_back({"03", "Lombardia", -1});
  g.agencies.push_back({"ats", "ATS", 0});
  g.comuni = {{15001, "A", 0, 0, 1000, {0}}, {15002, "B", 0, 0, 1000, {0}}, {15003, "C", 0, 0, 2000, {1}}};
  g.ambiti = {{"uno", "Uno", 0, 0, true, {0, 1}}, {"due", "Due", 0, 0, true, {2}}};
  g.Index();
  CodeLists lists = Lists();
  const FlowDef& f = *FindFlow("beneficiari");
  std::vector<RowError> errors;
  std::vector<std::string> header = {"beneficiary_id", "istat_code", "year",    "intervention_code",
                                     "area",           "amount_eur", "age_band"};
  auto v = RowValidator::Create(f, lists, header, errors);
  ASSERT_TRUE(v.has_value());
  BlockBuilder b(f);
  TypedRow row;
  auto add = [&](const char* id, const char* istat, const char* area, const char* amount) {
    ASSERT_TRUE(v->Validate({id, istat, "2024", "F1", area, amount, "80+"}, 2, row, errors));
    b.Add(row);
  };
  add("0000000000000001", "015001", "anziani", "100");
  add("0000000000000001", "015002", "anziani", "100");
  add("0000000000000001", "015002", "disabili", "50");
  add("0000000000000002", "015003", "anziani", "300");
  std::string block = b.Encode();
  BlockSource source = [&](const std::string& flow, int,
                           const std::function<Result<void>(std::string_view)>& each) -> Result<void> {
    if (flow == "beneficiari") return each(block);
    return Ok();
  };
  CoverageSource coverage = [](const std::string&, int) -> Result<std::vector<int>> { return std::vector<int>{}; };
  MeasureDef distinct{"beneficiari", "distinct", "beneficiary_id", {}, "area"};
  MeasureDef amount{"beneficiari", "sum", "amount_eur", {}, "area"};
  auto cube = ComputeYear(g, lists, {distinct, amount}, 2024, source, coverage);
  ASSERT_TRUE(cube.has_value());
  const auto& n = (*cube)->measures.at(distinct.Key());
  EXPECT_EQ(n.Get(Level::kComune, 0, 0), 1.0);
  EXPECT_EQ(n.Get(Level::kComune, 1, 0), 1.0);
  EXPECT_EQ(n.Get(Level::kComune, 1, 1), 1.0);  // anziani
  EXPECT_EQ(n.Get(Level::kComune, 1, 2), 1.0);  // disabili
  EXPECT_EQ(n.Get(Level::kAmbito, 0, 0), 1.0);  // one person, though in two comuni and two areas
  EXPECT_EQ(n.Get(Level::kAmbito, 0, 1), 1.0);
  EXPECT_EQ(n.Get(Level::kRegion, 0, 0), 2.0);
  EXPECT_EQ(n.Get(Level::kItaly, 0, 1), 2.0);
  EXPECT_FALSE(n.Get(Level::kComune, 2, 2).has_value());
  const auto& a = (*cube)->measures.at(amount.Key());
  EXPECT_DOUBLE_EQ(*a.Get(Level::kAmbito, 0, 0), 250.0);
  EXPECT_DOUBLE_EQ(*a.Get(Level::kRegion, 0, 1), 500.0);
}

TEST(Catalogue, ErrorsNameThePath) {
  auto bad = ParseCatalogue(R"({"format":"pdz-indicators/1","indicators":[{"id":"x","name":"X","description":"d",
    "numerator":{"flow":"spesa","op":"sum","column":"nope"},"polarity":"up"}]})",
                            "c.json");
  ASSERT_FALSE(bad.has_value());
  std::string fields;
  for (const auto& d : bad.error().details) fields += d.field + ";";
  EXPECT_NE(fields.find("indicators[0].numerator.column"), std::string::npos);
  EXPECT_NE(fields.find("indicators[0].polarity"), std::string::npos);
}

}  // namespace
}  // namespace pdz::knowledge
