// CSV parsing: delimiters, quoting, line numbers, errors; comuni reference rows.
#include "io/csv.hpp"

#include <gtest/gtest.h>

#include "io/territory_file.hpp"

namespace pdz::io {

TEST(Csv, DetectsSemicolonsAndHandlesQuotes) {
  auto t = ParseCsv(
      "\xEF\xBB\xBF"
      "a;b;c\r\n1;\"x;y\";\"he said \"\"hi\"\"\"\r\n2;;\n",
      "f.csv");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->header, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].fields[1], "x;y");
  EXPECT_EQ(t->rows[0].fields[2], "he said \"hi\"");
  EXPECT_EQ(t->rows[1].line, 3);
  EXPECT_EQ(t->rows[1].fields[2], "");
}

TEST(Csv, QuotedNewlineKeepsLineNumbersRight) {
  auto t = ParseCsv("a,b\n\"x\ny\",1\nz,2\n", "f.csv");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->rows[0].fields[0], "x\ny");
  EXPECT_EQ(t->rows[1].line, 4);
}

TEST(Csv, WrongFieldCountNamesTheLine) {
  auto t = ParseCsv("a,b\n1,2\n3\n", "f.csv");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().details[0].row, 3);
  EXPECT_EQ(t.error().details[0].file, "f.csv");
}

TEST(Csv, UnterminatedQuoteIsAnError) { EXPECT_FALSE(ParseCsv("a\n\"x\n", "f.csv")); }

TEST(Csv, ParsesItalianIntegers) {
  EXPECT_EQ(ParseInteger("1.234"), 1234);
  EXPECT_EQ(ParseInteger("9.704.151"), 9704151);
  EXPECT_EQ(ParseInteger("50052"), 50052);
  EXPECT_FALSE(ParseInteger("12a"));
  EXPECT_FALSE(ParseInteger(""));
}

TEST(ComuniCsv, ReportsEveryBadRowAndImportsNone) {
  std::string text =
      "istat_code,name,province_code,province_name,province_abbr,region_code,region_name,population,population_year\n"
      "015182,Rho,015,Milano,MI,03,Lombardia,50052,2011\n"
      "15182,Rho bis,015,Milano,MI,03,Lombardia,10,2011\n"
      "015009,Arese,015,Milano,MI,03,Lombardia,-5,2011\n"
      "015182,Rho,015,Milano,MI,03,Lombardia,50052,2011\n";
  auto r = ParseComuniCsv(text, "comuni.csv");
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().details.size(), 3u);
  EXPECT_EQ(r.error().details[0].row, 3);
  EXPECT_EQ(r.error().details[0].field, "istat_code");
  EXPECT_EQ(r.error().details[1].row, 4);
  EXPECT_EQ(r.error().details[1].field, "population");
  EXPECT_EQ(r.error().details[2].row, 5);
}

TEST(TerritoryJson, NamesEveryProblemByPath) {
  std::string text = R"({"format":"pdz-territory/1","regions":[{"code":"03","name":"Lombardia"}],
    "agencies":[{"code":"ats-x","name":"ATS X","kind":"ATX","region":"03"}],
    "ambiti":[{"code":"a","name":"A","region":"03","agency":"ats-x","valid_from":"2019-02-29",
               "capofila":{"name":"C","type":"spa"},"comuni":["015182",15182,"015182"]}]})";
  auto r = ParseTerritoryJson(text, "t.json");
  ASSERT_FALSE(r);
  std::vector<std::string> fields;
  for (const auto& d : r.error().details) fields.push_back(d.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"agencies[0].kind", "ambiti[0].valid_from", "ambiti[0].capofila.type",
                                              "ambiti[0].comuni[1]", "ambiti[0].comuni[2]"}));
}

TEST(TerritoryJson, RejectsMalformedJson) {
  auto r = ParseTerritoryJson("{", "t.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidJson);
}

}  // namespace pdz::io

namespace pdz::io {

TEST(Csv, RejectsMisplacedThousandsSeparators) {
  EXPECT_FALSE(ParseInteger("1.23"));
  EXPECT_FALSE(ParseInteger("1234.567"));
  EXPECT_FALSE(ParseInteger(".123"));
  EXPECT_EQ(ParseInteger("-1.000"), -1000);
  EXPECT_EQ(ParseInteger("123"), 123);
}

}  // namespace pdz::io

namespace pdz::io {

TEST(Csv, ParsesEuroAmountsIntoCents) {
  EXPECT_EQ(ParseCents("1.234,56"), 123456);
  EXPECT_EQ(ParseCents("1234,5"), 123450);
  EXPECT_EQ(ParseCents("1234"), 123400);
  EXPECT_EQ(ParseCents("1234.56"), 123456);  // a spreadsheet's decimal point
  EXPECT_EQ(ParseCents("1.234"), 123400);    // Italian thousands
  EXPECT_EQ(ParseCents("-0,50"), -50);
  EXPECT_EQ(ParseCents(" 12,00 "), 1200);
  EXPECT_FALSE(ParseCents("12,345"));
  EXPECT_FALSE(ParseCents("mille"));
  EXPECT_FALSE(ParseCents(""));
  EXPECT_FALSE(ParseCents("1,2,3"));
  EXPECT_FALSE(ParseCents("12,"));
}

TEST(Csv, ParsesDatesWrittenThreeWays) {
  EXPECT_EQ(ParseDateCell("2019-12-31")->ToString(), "2019-12-31");
  EXPECT_EQ(ParseDateCell("31/12/2019")->ToString(), "2019-12-31");
  EXPECT_EQ(ParseDateCell("43830")->ToString(), "2019-12-31");  // spreadsheet day number
  EXPECT_FALSE(ParseDateCell("31/02/2019"));
  EXPECT_FALSE(ParseDateCell("ieri"));
}

}  // namespace pdz::io
