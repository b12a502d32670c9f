// CSV reading: RFC 4180 quoting, ',' or ';' detected from the header, UTF-8 with or without BOM.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/date.hpp"
#include "core/base/error.hpp"

namespace pdz::io {

struct CsvRow {
  std::int64_t line = 0;  // 1-based line number in the file where the row starts
  std::vector<std::string> fields;
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
  /// Index of a header column, or nullopt.
  std::optional<size_t> Column(std::string_view name) const;
};

/// Parses a whole CSV text. Errors name the file and line (unterminated quote, wrong field count).
Result<CsvTable> ParseCsv(std::string_view text, const std::string& file);

/// Writes CSV with ';' (what Italian spreadsheets open directly), quoting fields that need it.
std::string WriteCsv(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

/// "1234,56" from cents: the Italian decimal comma, no thousands separator (spreadsheet-friendly).
std::string CentsForCsv(std::int64_t cents);

/// Parses an integer written the Italian way or plainly ("1.234" or "1234"); nullopt if not one.
std::optional<std::int64_t> ParseInteger(std::string_view s);

/// Parses an amount in euro into cents: "1.234,56", "1234,5", "1234" (Italian), or "1234.56" (a
/// plain decimal point, as spreadsheets store numbers); at most two decimals; nullopt otherwise.
std::optional<std::int64_t> ParseCents(std::string_view s);

/// Parses a date written "AAAA-MM-GG" or "GG/MM/AAAA", or a spreadsheet's day number (1900 system,
/// as XLSX stores dates); nullopt otherwise.
std::optional<Date> ParseDateCell(std::string_view s);

}  // namespace pdz::io
