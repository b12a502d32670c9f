// XLSX: what is written reads back, cell by cell; formulas and merged cells are refused by name.
#include "io/document/xlsx.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "io/document/archive.hpp"

namespace pdz::io::xlsx {

TEST(Xlsx, ColumnNames) {
  EXPECT_EQ(ColumnName(0), "A");
  EXPECT_EQ(ColumnName(25), "Z");
  EXPECT_EQ(ColumnName(26), "AA");
  EXPECT_EQ(ColumnName(701), "ZZ");
  EXPECT_EQ(ColumnName(702), "AAA");
}

TEST(Xlsx, WhatIsWrittenReadsBack) {
  Sheet s{.name = "Quadro: risorse [2019]", .header = {"fondo", "anno", "importo"}, .rows = {}, .widths = {}};
  s.rows.push_back({std::string("FNPS & <altro>"), std::int64_t{2019}, Euro{123456}});
  s.rows.push_back({std::string(""), std::int64_t{2020}, Euro{-5}});
  auto bytes = Write({s, Sheet{.name = "Totali", .header = {"x"}, .rows = {}, .widths = {}}});
  ASSERT_TRUE(bytes) << bytes.error().message;
  auto rows = Read(*bytes, "t.xlsx");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].cells, (std::vector<std::string>{"fondo", "anno", "importo"}));
  EXPECT_EQ((*rows)[1].cells, (std::vector<std::string>{"FNPS & <altro>", "2019", "1234,56"}));
  EXPECT_EQ((*rows)[2].number, 3);
  EXPECT_EQ((*rows)[2].cells, (std::vector<std::string>{"", "2020", "-0,05"}));
}

TEST(Xlsx, DecimalNumbersAreNumbersAndNotFiniteOnesAreLeftEmpty) {
  Sheet s{.name = "Matrice", .header = {"a", "b", "c"}, .rows = {}, .widths = {}};
  s.rows.push_back({Number{33.3}, Number{std::nan("")}, Number{-0.5}});
  auto bytes = Write({s});
  ASSERT_TRUE(bytes) << bytes.error().message;
  auto rows = Read(*bytes, "t.xlsx");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].cells, (std::vector<std::string>{"33,3", "", "-0,5"}));
}

TEST(Xlsx, RefusesFormulasAndMergedCellsNamingThem) {
  std::string sheet =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row>"
      "<row r=\"2\"><c r=\"B2\"><f>SUM(A1:A2)</f><v>3</v></c></row></sheetData>"
      "<mergeCells count=\"1\"><mergeCell ref=\"A3:B3\"/></mergeCells></worksheet>";
  auto bytes = doc::ZipFiles({{"xl/workbook.xml", "<workbook/>"}, {"xl/worksheets/sheet1.xml", sheet}}, "XLSX");
  ASSERT_TRUE(bytes);
  auto rows = Read(*bytes, "f.xlsx");
  ASSERT_FALSE(rows);
  ASSERT_EQ(rows.error().details.size(), 2u);
  EXPECT_EQ(rows.error().details[0].field, "A3:B3");
  EXPECT_EQ(rows.error().details[1].field, "B2");
  EXPECT_EQ(rows.error().details[1].row, 2);
}

TEST(Xlsx, NotAZipIsAClearError) {
  auto rows = Read("id;fondo\n1;FNPS\n", "quadro.xlsx");
  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error().code, ErrorCode::kValidationFailed);
  EXPECT_NE(rows.error().message.find("quadro.xlsx"), std::string::npos);
}

}  // namespace pdz::io::xlsx
