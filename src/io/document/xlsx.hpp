// XLSX (SpreadsheetML) writing and reading, for exports and imports of tabular data.
// Writing: one or more sheets with a bold header, euro amounts as numbers formatted "#.##0,00", other
// numbers as numbers.
// Reading: the first sheet's cells as text; formulas and merged cells are refused, because what a
// spreadsheet shows there is not what the file holds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/base/error.hpp"

namespace pdz::io::xlsx {

/// Euro cents, written as a number of euro with two decimals.
struct Euro {
  std::int64_t cents = 0;
};

/// A decimal number (a percentage, a measured value), written as a number in the General format.
struct Number {
  double value = 0;
};

/// A cell to write: text, an integer, an amount in euro, or a decimal number (not finite: left empty).
using Value = std::variant<std::string, std::int64_t, Euro, Number>;

struct Sheet {
  std::string name;  // at most 31 characters, no []:*?/\ (trimmed and replaced)
  std::vector<std::string> header;
  std::vector<std::vector<Value>> rows;
  std::vector<int> widths;  // in characters, per column; default 14
};

/// The media type of an .xlsx file, for downloads.
inline constexpr char kContentType[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The bytes of an .xlsx workbook with `sheets` (at least one).
Result<std::string> Write(const std::vector<Sheet>& sheets);

/// A row read from a sheet: its 1-based number and its cells as text (missing cells are "").
/// Numbers are given as written in the file with the decimal point turned into a comma, so that
/// they parse as Italian numbers ("1234,5"); dates stored as numbers are returned as numbers.
struct Row {
  std::int64_t number = 0;
  std::vector<std::string> cells;
};

/// The first sheet's rows (empty rows skipped). Errors name `file`, and the cell for formulas and
/// merged cells; every such cell is listed.
Result<std::vector<Row>> Read(std::string_view bytes, const std::string& file);

/// "A", "B", …, "Z", "AA" for 0-based column `index`.
std::string ColumnName(size_t index);

}  // namespace pdz::io::xlsx
