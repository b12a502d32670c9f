// The data flows (debito informativo): their columns and rules, the code lists they use, and the
// validation of one row into typed values. Pure: files are read by the caller.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pdz::knowledge {

enum class ColumnType { kIstat, kYear, kCode, kText, kInteger, kAmount, kDecimal, kDate, kPseudonym, kChoice };

std::string_view ColumnTypeName(ColumnType t);

/// How a column is stored: as a 64-bit integer, or as text (dictionary-encoded in blocks).
inline bool StoredAsText(ColumnType t) {
  return t == ColumnType::kCode || t == ColumnType::kText || t == ColumnType::kChoice;
}

struct ColumnDef {
  std::string name;
  ColumnType type = ColumnType::kText;
  bool required = true;
  std::string list;                  // kCode: the code list
  std::vector<std::string> choices;  // kChoice
  std::string description;           // Italian
  std::string example;
};

struct FlowDef {
  std::string id;
  std::string name;  // Italian
  std::string description;
  std::vector<ColumnDef> columns;
  std::vector<std::string> key;  // empty: the whole row is the key
  bool has_comune = true;        // false: the comune comes from the unit registry (fsr)

  int Column(std::string_view name) const;  // -1 when absent
};

/// Every flow, in documentation order.
const std::vector<FlowDef>& Flows();
const FlowDef* FindFlow(std::string_view id);

/// A null integer value (an optional column left empty).
inline constexpr std::int64_t kNull = INT64_MIN;

/// Code lists by id ("aree", "interventi", …): code -> label, in file order.
class CodeLists {
 public:
  struct List {
    std::string id;
    std::string name;
    std::vector<std::pair<std::string, std::string>> items;
    std::unordered_map<std::string, int> index;
  };
  void Put(std::string id, std::string name, std::vector<std::pair<std::string, std::string>> items);
  const List* Find(std::string_view id) const;
  bool Contains(std::string_view list, std::string_view code) const;
  std::string Label(std::string_view list, std::string_view code) const;
  const std::vector<List>& all() const { return lists_; }

 private:
  std::vector<List> lists_;
};

/// One validation problem: row (file line), column, value, reason (Italian).
struct RowError {
  std::int64_t row = 0;
  std::string field;
  std::string value;
  std::string reason;
};

/// A validated row: per column, an integer (kNull when empty) or a text view (empty when empty).
struct TypedRow {
  std::vector<std::int64_t> ints;
  std::vector<std::string_view> texts;
  int year = 0;
  int istat = -1;  // the comune (as a number), -1 when the flow has none
};

/// Maps a file's header onto a flow and validates rows against it.
class RowValidator {
 public:
  /// Checks the header: unknown columns, missing required ones, identifying columns (nome,
  /// codice fiscale) — each problem appended to `errors` (row 1).
  static std::optional<RowValidator> Create(const FlowDef& flow, const CodeLists& lists,
                                            const std::vector<std::string>& header, std::vector<RowError>& errors);

  /// Validates one row; appends its problems to `errors` and returns false when there are any.
  bool Validate(const std::vector<std::string_view>& fields, std::int64_t line, TypedRow& out,
                std::vector<RowError>& errors) const;

  const FlowDef& flow() const { return *flow_; }
  /// For each flow column, the file column holding it, or -1.
  const std::vector<int>& mapping() const { return mapping_; }

 private:
  RowValidator(const FlowDef& flow, const CodeLists& lists) : flow_(&flow), lists_(&lists) {}
  const FlowDef* flow_;
  const CodeLists* lists_;
  std::vector<int> mapping_;
  std::vector<const CodeLists::List*> column_lists_;
  // Columns of the rules across columns (-1 when the flow has none), found once.
  int opened_ = -1, closed_ = -1, start_ = -1, end_ = -1, staff_ = -1, total_ = -1, fee_ = -1, cost_ = -1, status_ = -1;
};

/// Parses an amount in euro ("1.234,56", "1234,56", "1234.56", "1234") into cents.
std::optional<std::int64_t> ParseAmount(std::string_view s);
/// Parses a 16-hex-digit pseudonym.
std::optional<std::uint64_t> ParsePseudonym(std::string_view s);
/// True when the text looks like a codice fiscale (16 characters, letters and digits in its pattern).
bool LooksLikeCodiceFiscale(std::string_view s);
/// "015182" from 15182.
std::string IstatText(std::int64_t istat);

}  // namespace pdz::knowledge
