// CSV reading for imports.
#include "io/csv.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <string>

namespace pdz::io {

std::optional<size_t> CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return std::nullopt;
}

Result<CsvTable> ParseCsv(std::string_view text, const std::string& file) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t first_nl = text.find('\n');
  std::string_view first = text.substr(0, first_nl);
  char delim = std::count(first.begin(), first.end(), ';') > std::count(first.begin(), first.end(), ',') ? ';' : ',';

  CsvTable table;
  std::vector<std::string> fields;
  std::string field;
  std::int64_t line = 1, row_start = 1;
  bool in_quotes = false, field_quoted = false, any = false;
  auto end_row = [&]() -> Result<void> {
    fields.push_back(std::move(field));
    field.clear();
    bool blank = fields.size() == 1 && fields[0].empty() && !field_quoted;
    if (!blank) {
      if (table.header.empty()) {
        table.header = std::move(fields);
      } else if (fields.size() != table.header.size()) {
        return MakeError(ErrorCode::kValidationFailed, "Numero di colonne errato nel file " + file + ".",
                         {{.file = file,
                           .row = row_start,
                           .value = std::to_string(fields.size()),
                           .reason = "attese " + std::to_string(table.header.size()) + " colonne, trovate " +
                                     std::to_string(fields.size())}});
      } else {
        table.rows.push_back(CsvRow{row_start, std::move(fields)});
      }
    }
    fields.clear();
    field_quoted = false;
    any = false;
    return Ok();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      in_quotes = field_quoted = any = true;
    } else if (c == delim) {
      fields.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\r') {
      // part of CRLF
    } else if (c == '\n') {
      PDZ_TRY(end_row());
      ++line;
      row_start = line;
    } else {
      field += c;
      any = true;
    }
  }
  if (in_quotes) {
    return MakeError(ErrorCode::kValidationFailed, "Virgolette non chiuse nel file " + file + ".",
                     {{.file = file, .row = row_start, .reason = "un campo tra virgolette non è chiuso"}});
  }
  if (any || !field.empty() || !fields.empty()) PDZ_TRY(end_row());
  if (table.header.empty()) {
    return MakeError(ErrorCode::kValidationFailed, "Il file " + file + " è vuoto.", {{.file = file, .row = 1}});
  }
  for (auto& h : table.header) {
    h.erase(0, h.find_first_not_of(" \t"));
    h.erase(h.find_last_not_of(" \t") + 1);
  }
  return table;
}

std::string WriteCsv(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  auto field = [](const std::string& f) {
    if (f.find_first_of(";\"\n\r") == std::string::npos) return f;
    std::string q = "\"";
    for (char c : f) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out;
  auto line = [&](const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) out += (i ? ";" : "") + field(fields[i]);
    out += "\r\n";
  };
  line(header);
  for (const auto& r : rows) line(r);
  return out;
}

std::string CentsForCsv(std::int64_t cents) {
  bool negative = cents < 0;
  std::uint64_t abs = negative ? static_cast<std::uint64_t>(-(cents + 1)) + 1 : static_cast<std::uint64_t>(cents);
  std::string c = std::to_string(abs % 100);
  return (negative ? "-" : "") + std::to_string(abs / 100) + "," + (c.size() == 1 ? "0" + c : c);
}

std::optional<std::int64_t> ParseInteger(std::string_view s) {
  // Plain digits, or Italian thousands groups "1.234.567": first group 1-3 digits, then groups of 3.
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  std::string digits;
  size_t group_start = 0;
  bool grouped = false;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      digits += s[i];
      continue;
    }
    if (i < s.size() && s[i] != '.') return std::nullopt;
    size_t len = i - group_start;
    bool first = group_start == 0;
    bool is_sep = i < s.size();
    grouped = grouped || is_sep;
    if (grouped && (first ? (len < 1 || len > 3) : len != 3)) return std::nullopt;
    group_start = i + 1;
  }
  if (digits.empty()) return std::nullopt;
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  return negative ? -v : v;
}

std::optional<std::int64_t> ParseCents(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  std::string_view whole = s;
  std::string_view fraction;
  if (auto comma = s.find(','); comma != std::string_view::npos) {
    whole = s.substr(0, comma);
    fraction = s.substr(comma + 1);
  } else if (auto dot = s.rfind('.'); dot != std::string_view::npos && s.find('.') == dot && s.size() - dot - 1 != 3) {
    whole = s.substr(0, dot);  // one point not followed by a group of three: a decimal point
    fraction = s.substr(dot + 1);
  }
  if (fraction.size() > 2 || (s.find(',') != std::string_view::npos && fraction.empty())) return std::nullopt;
  for (char c : fraction) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  auto units = ParseInteger(whole);
  if (!units) return std::nullopt;
  std::int64_t cents = 0;
  if (!fraction.empty()) cents = std::stoll(std::string(fraction)) * (fraction.size() == 1 ? 10 : 1);
  bool negative = !whole.empty() && whole[0] == '-';
  if (*units > INT64_MAX / 100 - 100 || *units < INT64_MIN / 100 + 100) return std::nullopt;
  return *units * 100 + (negative ? -cents : cents);
}

std::optional<Date> ParseDateCell(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (auto iso = Date::Parse(s)) return iso;
  if (s.size() == 10 && s[2] == '/' && s[5] == '/') {
    std::string iso =
        std::string(s.substr(6, 4)) + "-" + std::string(s.substr(3, 2)) + "-" + std::string(s.substr(0, 2));
    return Date::Parse(iso);
  }
  // A spreadsheet day number: 25569 is 1970-01-01; accept 1950 to 2100.
  auto serial = ParseInteger(s);
  if (serial && s.find('.') == std::string_view::npos && *serial >= 18264 && *serial <= 73051) {
    return Date::FromDays(static_cast<long>(*serial - 25569));
  }
  return std::nullopt;
}

}  // namespace pdz::io
