// A plan document (paragraphs, tables, TOC) and its rendering to PDF and DOCX, plus a Markdown subset reader.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/base/error.hpp"

namespace pdz::io::doc {

/// A piece of text with one set of emphasis.
struct Run {
  std::string text;
  bool bold = false;
  bool italic = false;
};

enum class ParagraphStyle { kBody, kTitle, kSubtitle, kHeading1, kHeading2, kHeading3, kListItem, kSmall };

/// A paragraph: runs of UTF-8 text ('\n' inside a run is a line break) in one style.
struct Paragraph {
  ParagraphStyle style = ParagraphStyle::kBody;
  std::vector<Run> runs;
};

/// A table; cells may contain '\n' (line breaks) and are wrapped to the column width.
struct Table {
  std::vector<std::string> header;
  std::vector<double> widths;  // relative column widths (empty: equal)
  std::vector<std::vector<std::string>> rows;
  bool repeat_header = true;  // repeated at the top of every page the table spans
};

/// Starts a new page (in the PDF, nothing happens when the current page is still empty).
struct PageBreak {};

/// Lists Heading1/Heading2 with their page numbers, under the title "Indice".
struct TableOfContents {};

using Block = std::variant<Paragraph, Table, PageBreak, TableOfContents>;

/// A whole document: A4, margins of 2 cm, the blocks in order (a title page is just the first blocks).
struct Document {
  std::string title;  // metadata and running footer
  std::string author;
  bool landscape = false;  // A4
  std::vector<Block> blocks;
  std::string footer;  // left of the footer (the title when empty); the right shows "Pagina N di M"
};

/// A paragraph made of one plain run.
Paragraph Text(ParagraphStyle style, std::string text);

/// Markdown subset -> blocks: '#'..'###' headings (to Heading1..3), paragraphs, '- ' / '* ' list items,
/// '**bold**', '*italic*', pipe tables (header row + '---' separator), blank lines.
/// Lines of one paragraph are joined with a space; a backslash escapes the next character.
std::vector<Block> MarkdownToBlocks(std::string_view markdown);

/// A .docx (Office Open XML) file's bytes.
Result<std::string> RenderDocx(const Document& doc);

/// A PDF file's bytes (text as real text, selectable and extractable by pdftotext).
Result<std::string> RenderPdf(const Document& doc);

}  // namespace pdz::io::doc
