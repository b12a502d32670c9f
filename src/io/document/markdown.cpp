// The Markdown subset used by plan texts, read into document blocks.
#include "io/document/document.hpp"

#include <cctype>
#include <optional>

namespace pdz::io::doc {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// True when a delimiter `delim` opening at `pos` has a closing one later in `s`.
bool HasCloser(std::string_view s, size_t pos, std::string_view delim) {
  for (size_t i = pos + delim.size(); i + delim.size() <= s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
      continue;
    }
    if (s.substr(i, delim.size()) == delim && i > pos + delim.size()) {
      // A single '*' must not be the start of a "**".
      if (delim.size() == 1 && i + 1 < s.size() && s[i + 1] == '*') {
        ++i;
        continue;
      }
      return true;
    }
  }
  return false;
}

// Inline emphasis: "**bold**", "*italic*", '\' escapes; unmatched markers stay as text.
std::vector<Run> ParseInline(std::string_view s) {
  std::vector<Run> runs;
  bool bold = false, italic = false;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) runs.push_back(Run{std::move(current), bold, italic});
    current.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      current += s[++i];
      continue;
    }
    if (c == '*' && i + 1 < s.size() && s[i + 1] == '*' && (bold || HasCloser(s, i, "**"))) {
      flush();
      bold = !bold;
      ++i;
      continue;
    }
    if (c == '*' && (italic || HasCloser(s, i, "*"))) {
      flush();
      italic = !italic;
      continue;
    }
    current += c;
  }
  flush();
  return runs;
}

std::string PlainText(std::string_view s) {
  std::string out;
  for (const Run& r : ParseInline(s)) out += r.text;
  return out;
}

// Cells of a pipe-table line ("| a | b |" or "a | b"), trimmed; '\|' is a literal pipe.
std::vector<std::string> SplitRow(std::string_view line) {
  line = Trim(line);
  if (!line.empty() && line.front() == '|') line.remove_prefix(1);
  if (!line.empty() && line.back() == '|' && (line.size() < 2 || line[line.size() - 2] != '\\')) {
    line.remove_suffix(1);
  }
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += "\\|";
      ++i;
    } else if (line[i] == '|') {
      cells.push_back(PlainText(Trim(cell)));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  cells.push_back(PlainText(Trim(cell)));
  return cells;
}

bool IsSeparatorRow(std::string_view line) {
  line = Trim(line);
  if (line.find('-') == std::string_view::npos || line.find('|') == std::string_view::npos) return false;
  for (char c : line) {
    if (c != '|' && c != '-' && c != ':' && c != ' ' && c != '\t') return false;
  }
  return true;
}

bool IsTableLine(std::string_view line) { return Trim(line).find('|') != std::string_view::npos; }

std::optional<std::pair<ParagraphStyle, std::string_view>> Heading(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[n] == '#') ++n;
  if (n == 0 || n > 6 || (n < line.size() && line[n] != ' ' && line[n] != '\t')) return std::nullopt;
  std::string_view text = Trim(line.substr(n));
  while (!text.empty() && text.back() == '#') text.remove_suffix(1);  // closing "##"
  ParagraphStyle style = n == 1   ? ParagraphStyle::kHeading1
                         : n == 2 ? ParagraphStyle::kHeading2
                                  : ParagraphStyle::kHeading3;
  return std::make_pair(style, Trim(text));
}

std::optional<std::string_view> ListItem(std::string_view line) {
  std::string_view t = Trim(line);
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && (t[1] == ' ' || t[1] == '\t')) {
    return Trim(t.substr(2));
  }
  return std::nullopt;
}

}  // namespace

Paragraph Text(ParagraphStyle style, std::string text) { return Paragraph{style, {Run{std::move(text)}}}; }

std::vector<Block> MarkdownToBlocks(std::string_view markdown) {
  std::vector<std::string_view> lines;
  while (!markdown.empty()) {
    size_t nl = markdown.find('\n');
    lines.push_back(markdown.substr(0, nl));
    markdown = nl == std::string_view::npos ? std::string_view{} : markdown.substr(nl + 1);
  }

  std::vector<Block> blocks;
  std::string paragraph;            // the lines of the open paragraph, joined
  std::optional<std::string> item;  // the open list item, continued by indented lines
  auto flush = [&] {
    if (!paragraph.empty()) blocks.emplace_back(Paragraph{ParagraphStyle::kBody, ParseInline(paragraph)});
    if (item) blocks.emplace_back(Paragraph{ParagraphStyle::kListItem, ParseInline(*item)});
    paragraph.clear();
    item.reset();
  };

  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    std::string_view trimmed = Trim(line);
    if (trimmed.empty()) {
      flush();
      continue;
    }
    if (auto h = Heading(trimmed)) {
      flush();
      blocks.emplace_back(Paragraph{h->first, ParseInline(h->second)});
      continue;
    }
    if (IsTableLine(trimmed) && i + 1 < lines.size() && IsSeparatorRow(lines[i + 1])) {
      flush();
      Table table;
      table.header = SplitRow(trimmed);
      i += 1;
      while (i + 1 < lines.size() && !Trim(lines[i + 1]).empty() && IsTableLine(lines[i + 1])) {
        std::vector<std::string> row = SplitRow(lines[++i]);
        row.resize(table.header.size());
        table.rows.push_back(std::move(row));
      }
      blocks.emplace_back(std::move(table));
      continue;
    }
    if (auto text = ListItem(line)) {
      flush();
      item = std::string(*text);
      continue;
    }
    std::string& open = item ? *item : paragraph;
    if (!open.empty()) open += ' ';
    open += trimmed;
  }
  flush();
  return blocks;
}

}  // namespace pdz::io::doc
