// PDF rendering with cairo and Pango: a layout pass places every line on A4 pages, then the pages are drawn.
#include "io/document/document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <utility>

#include "io/document/detail/text.hpp"

#if defined(__SANITIZE_ADDRESS__)
// Fontconfig leaks a few hundred bytes once while parsing its configuration (FcInitLoadConfigAndFonts,
// reached from Pango); LeakSanitizer would fail every sanitized program that renders a PDF.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
#endif

namespace pdz::io::doc {

namespace {

constexpr double kMm = 72.0 / 25.4;
constexpr double kMarginSide = 20 * kMm;
constexpr double kMarginTop = 20 * kMm;
constexpr double kMarginBottom = 22 * kMm;  // the footer sits inside it
constexpr char kFontFamily[] = "Liberation Sans,Arimo,DejaVu Sans,sans-serif";
constexpr double kCellPadX = 4.0;
constexpr double kCellPadY = 3.0;
constexpr double kTableFontSize = 9.0;
constexpr double kTocNumberWidth = 30.0;

struct Rgb {
  double r = 0, g = 0, b = 0;
};
constexpr Rgb kText{0.10, 0.10, 0.10};
constexpr Rgb kHeadingColor{0x17 / 255.0, 0x32 / 255.0, 0x4D / 255.0};  // Bootstrap Italia dark blue
constexpr Rgb kMuted{0.36, 0.40, 0.45};
constexpr Rgb kBorder{0.55, 0.60, 0.66};
constexpr Rgb kHeaderFill{0.87, 0.90, 0.94};

struct StyleSpec {
  double size = 10.5;
  bool bold = false;
  bool italic = false;
  double before = 0;  // points of space above (dropped at the top of a page)
  double after = 6;
  double indent = 0;
  Rgb color = kText;
};

StyleSpec Spec(ParagraphStyle style) {
  switch (style) {
    case ParagraphStyle::kTitle:
      return {.size = 24, .bold = true, .before = 0, .after = 12, .color = kHeadingColor};
    case ParagraphStyle::kSubtitle:
      return {.size = 14, .before = 0, .after = 10, .color = kMuted};
    case ParagraphStyle::kHeading1:
      return {.size = 16, .bold = true, .before = 16, .after = 8, .color = kHeadingColor};
    case ParagraphStyle::kHeading2:
      return {.size = 13, .bold = true, .before = 12, .after = 6, .color = kHeadingColor};
    case ParagraphStyle::kHeading3:
      return {.size = 11, .bold = true, .italic = false, .before = 10, .after = 4, .color = kText};
    case ParagraphStyle::kListItem:
      return {.size = 10.5, .before = 0, .after = 3, .indent = 18};
    case ParagraphStyle::kSmall:
      return {.size = 8.5, .before = 0, .after = 4, .color = kMuted};
    case ParagraphStyle::kBody:
      break;
  }
  return {};
}

bool IsHeading(ParagraphStyle s) {
  return s == ParagraphStyle::kHeading1 || s == ParagraphStyle::kHeading2 || s == ParagraphStyle::kHeading3;
}

struct GObjectDeleter {
  void operator()(void* p) const { g_object_unref(p); }
};
using LayoutPtr = std::shared_ptr<PangoLayout>;

// One line of a laid-out text, relative to the layout's top-left corner, in points.
struct LineBox {
  double top = 0, bottom = 0, baseline = 0, x = 0, width = 0;
};

std::vector<LineBox> Lines(PangoLayout* layout) {
  std::vector<LineBox> lines;
  PangoLayoutIter* it = pango_layout_get_iter(layout);
  do {
    int y0 = 0, y1 = 0;
    pango_layout_iter_get_line_yrange(it, &y0, &y1);
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    lines.push_back({pango_units_to_double(y0), pango_units_to_double(y1),
                     pango_units_to_double(pango_layout_iter_get_baseline(it)), pango_units_to_double(logical.x),
                     pango_units_to_double(logical.width)});
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  return lines;
}

// A laid-out text and its lines.
struct TextBlock {
  LayoutPtr layout;
  std::vector<LineBox> lines;
  double Height(size_t from, size_t to) const { return from >= to ? 0 : lines[to - 1].bottom - lines[from].top; }
};

// What a page shows, in drawing order.
struct TextLineItem {
  LayoutPtr layout;
  int line = 0;
  double x = 0, baseline = 0;
  Rgb color;
  std::string link;  // cairo link attributes, or empty
};
struct RectItem {
  double x = 0, y = 0, w = 0, h = 0;
  Rgb color;
  bool fill = false;
};
struct LineItem {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  Rgb color;
};
using Item = std::variant<TextLineItem, RectItem, LineItem>;

struct Page {
  std::vector<Item> items;
};

struct HeadingMark {
  int level = 1;
  std::string text;
  int page = 0;  // 1-based
  double y = 0;
};

std::string RunsText(const std::vector<Run>& runs) {
  std::string s;
  for (const Run& r : runs) s += r.text;
  std::replace(s.begin(), s.end(), '\n', ' ');
  return detail::CleanText(s);
}

// Places the blocks on pages. Run it once to learn the headings' pages, then again with them for the TOC.
class Layouter {
 public:
  Layouter(PangoContext* context, double page_w, double page_h, std::vector<HeadingMark> toc)
      : context_(context), page_w_(page_w), page_h_(page_h), toc_(std::move(toc)) {
    content_w_ = page_w_ - 2 * kMarginSide;
    top_ = kMarginTop;
    bottom_ = page_h_ - kMarginBottom;
  }

  void Run(const Document& doc) {
    NewPage();
    for (size_t i = 0; i < doc.blocks.size(); ++i) {
      const Block& block = doc.blocks[i];
      if (const auto* p = std::get_if<Paragraph>(&block)) {
        PlaceParagraph(*p, i + 1 < doc.blocks.size() ? LeadHeight(doc.blocks[i + 1]) : 0);
      } else if (const auto* t = std::get_if<Table>(&block)) {
        PlaceTable(*t);
      } else if (std::holds_alternative<PageBreak>(block)) {
        if (!PageEmpty()) NewPage();
      } else {
        PlaceToc();
      }
    }
  }

  std::vector<Page>& pages() { return pages_; }
  const std::vector<HeadingMark>& headings() const { return headings_; }

  TextBlock MakeText(const std::vector<doc::Run>& runs, double size, bool bold, bool italic, double width,
                     PangoAlignment align = PANGO_ALIGN_LEFT) {
    std::string text;
    PangoAttrList* attrs = pango_attr_list_new();
    for (const doc::Run& run : runs) {
      std::string piece = detail::CleanText(run.text);
      auto start = static_cast<guint>(text.size());
      text += piece;
      auto end = static_cast<guint>(text.size());
      if (run.bold && !bold) {
        PangoAttribute* a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
        a->start_index = start;
        a->end_index = end;
        pango_attr_list_insert(attrs, a);
      }
      if (run.italic && !italic) {
        PangoAttribute* a = pango_attr_style_new(PANGO_STYLE_ITALIC);
        a->start_index = start;
        a->end_index = end;
        pango_attr_list_insert(attrs, a);
      }
    }
    LayoutPtr layout(pango_layout_new(context_), GObjectDeleter{});
    PangoFontDescription* font = pango_font_description_from_string(kFontFamily);
    pango_font_description_set_size(font, static_cast<int>(size * PANGO_SCALE));
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(font, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout.get(), font);
    pango_font_description_free(font);
    pango_layout_set_width(layout.get(), pango_units_from_double(std::max(width, 1.0)));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_spacing(layout.get(), pango_units_from_double(size * 0.18));
    pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
    pango_layout_set_attributes(layout.get(), attrs);
    pango_attr_list_unref(attrs);
    TextBlock block{layout, Lines(layout.get())};
    return block;
  }

  TextBlock MakePlain(std::string_view text, double size, bool bold, double width,
                      PangoAlignment align = PANGO_ALIGN_LEFT) {
    return MakeText({doc::Run{std::string(text)}}, size, bold, false, width, align);
  }

 private:
  void NewPage() {
    pages_.emplace_back();
    y_ = top_;
  }
  bool PageEmpty() const { return pages_.back().items.empty(); }
  Page& page() { return pages_.back(); }
  int PageNumber() const { return static_cast<int>(pages_.size()); }

  void Space(double points) {
    if (!PageEmpty()) y_ = std::min(y_ + points, bottom_);
  }

  // Places lines [from, to) of `text` at x, moving to a new page when a line does not fit.
  void PlaceLines(const TextBlock& text, double x, Rgb color, const std::string& link = {}) {
    for (size_t i = 0; i < text.lines.size(); ++i) {
      const LineBox& line = text.lines[i];
      double h = line.bottom - line.top;
      if (y_ + h > bottom_ && !PageEmpty()) NewPage();
      page().items.push_back(
          TextLineItem{text.layout, static_cast<int>(i), x + line.x, y_ + line.baseline - line.top, color, link});
      y_ += h;
    }
  }

  // The room the start of a block needs on a page: a paragraph's first two lines, a table's header and
  // first row. A heading is moved to the next page with it.
  double LeadHeight(const Block& block) {
    if (const auto* p = std::get_if<Paragraph>(&block)) {
      StyleSpec spec = Spec(p->style);
      TextBlock text = MakeText(p->runs, spec.size, spec.bold, spec.italic, content_w_ - spec.indent);
      return spec.before + text.Height(0, std::min<size_t>(text.lines.size(), 2));
    }
    if (const auto* t = std::get_if<Table>(&block)) {
      std::vector<double> widths = ColumnWidths(*t);
      auto [header_h, first_row_h] = TableLead(*t, widths);
      return 4 + header_h + first_row_h;
    }
    return 0;
  }

  void PlaceParagraph(const Paragraph& p, double next_lead) {
    StyleSpec spec = Spec(p.style);
    TextBlock text = MakeText(p.runs, spec.size, spec.bold, spec.italic, content_w_ - spec.indent);
    Space(spec.before);
    double first = text.Height(0, 1);
    // A heading takes along the start of what follows (a table's header and first row), unless that
    // start could not fit even on a fresh page together with the heading.
    double own = text.Height(0, text.lines.size()) + spec.after;
    double needed = IsHeading(p.style) ? own + std::min(next_lead, std::max(0.0, (bottom_ - top_) - own))
                                       : first * std::min<size_t>(text.lines.size(), 2);  // no lone first line
    if (y_ + needed > bottom_ && !PageEmpty()) NewPage();
    if (IsHeading(p.style)) {
      int level = p.style == ParagraphStyle::kHeading1 ? 1 : p.style == ParagraphStyle::kHeading2 ? 2 : 3;
      headings_.push_back({level, RunsText(p.runs), PageNumber(), y_});
    }
    if (p.style == ParagraphStyle::kListItem) {
      TextBlock bullet = MakePlain("\u2022", spec.size, false, spec.indent);
      const LineBox& l = text.lines[0];
      page().items.push_back(TextLineItem{bullet.layout, 0, kMarginSide + 6, y_ + l.baseline - l.top, spec.color, {}});
    }
    PlaceLines(text, kMarginSide + spec.indent, spec.color);
    Space(spec.after);
  }

  // ---- tables

  struct Row {
    std::vector<TextBlock> cells;
  };

  Row MeasureRow(const std::vector<std::string>& cells, const std::vector<double>& widths, bool bold) {
    Row row;
    for (size_t c = 0; c < widths.size(); ++c) {
      std::string text = c < cells.size() ? cells[c] : std::string();
      row.cells.push_back(MakePlain(text, kTableFontSize, bold, widths[c] - 2 * kCellPadX));
    }
    return row;
  }

  static double RowHeight(const Row& row, const std::vector<size_t>& from) {
    double h = 0;
    for (size_t c = 0; c < row.cells.size(); ++c) {
      h = std::max(h, row.cells[c].Height(from[c], row.cells[c].lines.size()));
    }
    return h + 2 * kCellPadY;
  }

  // Draws lines [from, to) of each cell as one row band at y_, with its borders; advances y_.
  void PlaceRowBand(const Row& row, const std::vector<double>& widths, const std::vector<size_t>& from,
                    const std::vector<size_t>& to, bool header) {
    double h = 0;
    for (size_t c = 0; c < row.cells.size(); ++c) h = std::max(h, row.cells[c].Height(from[c], to[c]));
    h += 2 * kCellPadY;
    double total_w = 0;
    for (double w : widths) total_w += w;
    if (header) page().items.push_back(RectItem{kMarginSide, y_, total_w, h, kHeaderFill, true});
    double x = kMarginSide;
    for (size_t c = 0; c < row.cells.size(); ++c) {
      const TextBlock& cell = row.cells[c];
      for (size_t i = from[c]; i < to[c]; ++i) {
        const LineBox& l = cell.lines[i];
        double baseline = y_ + kCellPadY + (l.top - cell.lines[from[c]].top) + (l.baseline - l.top);
        page().items.push_back(TextLineItem{
            cell.layout, static_cast<int>(i), x + kCellPadX + l.x, baseline, header ? kHeadingColor : kText, {}});
      }
      if (c > 0) page().items.push_back(LineItem{x, y_, x, y_ + h, kBorder});
      x += widths[c];
    }
    page().items.push_back(RectItem{kMarginSide, y_, total_w, h, kBorder, false});
    y_ += h;
  }

  // Column widths in points (relative widths scaled to the text width; equal when not given).
  std::vector<double> ColumnWidths(const Table& t) const {
    size_t columns = t.header.size();
    for (const auto& r : t.rows) columns = std::max(columns, r.size());
    std::vector<double> widths(columns, 1.0);
    if (t.widths.size() == columns) {
      for (size_t c = 0; c < columns; ++c) widths[c] = t.widths[c] > 0 ? t.widths[c] : 0;
    }
    double sum = 0;
    for (double w : widths) sum += w;
    if (sum <= 0) {
      widths.assign(columns, 1.0);
      sum = static_cast<double>(columns);
    }
    for (double& w : widths) w = w / sum * content_w_;
    return widths;
  }

  // The header's height and the room the first row needs below it (its first lines when taller than a page).
  std::pair<double, double> TableLead(const Table& t, const std::vector<double>& widths) {
    size_t columns = widths.size();
    if (columns == 0) return {0, 0};
    double header_h =
        t.header.empty() ? 0 : RowHeight(MeasureRow(t.header, widths, true), std::vector<size_t>(columns, 0));
    double fresh_room = bottom_ - top_ - (t.repeat_header ? header_h : 0);
    double first_row_h =
        t.rows.empty() ? 0 : RowHeight(MeasureRow(t.rows[0], widths, false), std::vector<size_t>(columns, 0));
    if (first_row_h > fresh_room) first_row_h = 3 * 15.0;
    return {header_h, first_row_h};
  }

  void PlaceTable(const Table& t) {
    std::vector<double> widths = ColumnWidths(t);
    size_t columns = widths.size();
    if (columns == 0) return;
    std::optional<Row> header;
    double header_h = 0;
    if (!t.header.empty()) {
      header = MeasureRow(t.header, widths, true);
      header_h = RowHeight(*header, std::vector<size_t>(columns, 0));
    }
    auto place_header = [&] {
      if (!header) return;
      std::vector<size_t> from(columns, 0), to(columns);
      for (size_t c = 0; c < columns; ++c) to[c] = header->cells[c].lines.size();
      PlaceRowBand(*header, widths, from, to, true);
    };
    auto new_page = [&](bool with_header) {
      NewPage();
      if (with_header) place_header();
    };

    Space(4);
    // The header stays with the first row.
    double fresh_room = bottom_ - top_ - (t.repeat_header ? header_h : 0);
    double first_row_h = TableLead(t, widths).second;
    if (y_ + header_h + first_row_h > bottom_ && !PageEmpty()) NewPage();
    place_header();

    for (const auto& cells : t.rows) {
      Row row = MeasureRow(cells, widths, false);
      std::vector<size_t> from(columns, 0);
      bool started = false;
      while (true) {
        double remaining = RowHeight(row, from);
        if (y_ + remaining <= bottom_ + 0.01) {
          std::vector<size_t> to(columns);
          for (size_t c = 0; c < columns; ++c) to[c] = row.cells[c].lines.size();
          PlaceRowBand(row, widths, from, to, false);
          break;
        }
        if (!started && remaining <= fresh_room) {  // the whole row fits on the next page
          new_page(t.repeat_header);
          started = true;  // (a row never moves twice)
          continue;
        }
        // Split the row: each cell gives the lines that fit in the room left.
        double room = bottom_ - y_ - 2 * kCellPadY;
        std::vector<size_t> to(from);
        bool any = false;
        for (size_t c = 0; c < columns; ++c) {
          const TextBlock& cell = row.cells[c];
          while (to[c] < cell.lines.size() && cell.Height(from[c], to[c] + 1) <= room) ++to[c];
          any = any || to[c] > from[c];
        }
        if (any) {
          PlaceRowBand(row, widths, from, to, false);
          from = to;
        } else if (PageEmpty() || y_ <= top_ + header_h + 0.01) {
          // Not even one line fits on a fresh page: place one line per cell to make progress.
          for (size_t c = 0; c < columns; ++c) to[c] = std::min(from[c] + 1, row.cells[c].lines.size());
          PlaceRowBand(row, widths, from, to, false);
          from = to;
        }
        new_page(t.repeat_header);
        started = true;
      }
    }
    Space(8);
  }

  // ---- table of contents

  void PlaceToc() {
    StyleSpec spec = Spec(ParagraphStyle::kHeading1);
    Space(spec.before);
    TextBlock title = MakePlain("Indice", spec.size, true, content_w_);
    if (y_ + title.Height(0, 1) + 40 > bottom_ && !PageEmpty()) NewPage();
    PlaceLines(title, kMarginSide, spec.color);
    Space(spec.after + 4);
    TextBlock dot = MakePlain(". ", 10, false, content_w_);
    double dot_w = dot.lines.empty() ? 3 : std::max(dot.lines[0].width, 1.0);
    // Leaders end at the same x on every line (room for two-digit numbers).
    TextBlock widest = MakePlain("88", 10.5, true, kTocNumberWidth);
    double number_room = widest.lines.empty() ? 12 : widest.lines[0].width;
    for (const HeadingMark& h : toc_) {
      if (h.level > 2) continue;
      double indent = h.level == 1 ? 0 : 16;
      bool bold = h.level == 1;
      Space(h.level == 1 ? 5 : 1);
      double text_w = content_w_ - indent - kTocNumberWidth - 12;
      TextBlock text = MakePlain(h.text, 10.5, bold, text_w);
      std::string number = h.page > 0 ? std::to_string(h.page) : "";
      TextBlock num = MakePlain(number, 10.5, bold, kTocNumberWidth, PANGO_ALIGN_RIGHT);
      char link[96];
      std::snprintf(link, sizeof link, "page=%d pos=[%.1f %.1f]", std::max(h.page, 1), kMarginSide,
                    std::max(h.y - 4, 0.0));
      if (y_ + text.Height(0, text.lines.size()) > bottom_ && !PageEmpty()) NewPage();
      PlaceLines(text, kMarginSide + indent, kText, link);
      // Dot leaders and the number on the last line.
      const LineBox& last = text.lines.back();
      double baseline = y_ - last.bottom + last.baseline;
      double number_x = kMarginSide + content_w_ - kTocNumberWidth;
      double dots_from = kMarginSide + indent + last.x + last.width + 4;
      double dots_to =
          number_x + kTocNumberWidth - std::max(number_room, num.lines.empty() ? 0 : num.lines[0].width) - 4;
      // Dots sit on a grid from the left margin, so they line up from one entry to the next.
      int first_dot = static_cast<int>(std::ceil((dots_from - kMarginSide) / dot_w));
      int end_dot = static_cast<int>(std::floor((dots_to - kMarginSide) / dot_w));
      int count = end_dot - first_dot;
      if (count > 0) {
        std::string dots;
        for (int i = 0; i < count; ++i) dots += ". ";
        TextBlock leader = MakePlain(dots, 10, false, (count + 1) * dot_w);
        page().items.push_back(TextLineItem{leader.layout, 0, kMarginSide + first_dot * dot_w, baseline, kMuted, {}});
      }
      if (!num.lines.empty()) {
        page().items.push_back(TextLineItem{num.layout, 0, number_x + num.lines[0].x, baseline, kText, link});
      }
    }
    Space(12);
  }

  PangoContext* context_;
  double page_w_, page_h_, content_w_ = 0, top_ = 0, bottom_ = 0, y_ = 0;
  std::vector<HeadingMark> toc_;
  std::vector<HeadingMark> headings_;
  std::vector<Page> pages_;
};

void SetColor(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

void DrawItem(cairo_t* cr, const Item& item) {
  if (const auto* t = std::get_if<TextLineItem>(&item)) {
    PangoLayoutLine* line = pango_layout_get_line_readonly(t->layout.get(), t->line);
    if (line == nullptr) return;
    if (!t->link.empty()) cairo_tag_begin(cr, CAIRO_TAG_LINK, t->link.c_str());
    SetColor(cr, t->color);
    cairo_move_to(cr, t->x, t->baseline);
    pango_cairo_show_layout_line(cr, line);
    if (!t->link.empty()) cairo_tag_end(cr, CAIRO_TAG_LINK);
  } else if (const auto* r = std::get_if<RectItem>(&item)) {
    SetColor(cr, r->color);
    cairo_rectangle(cr, r->x, r->y, r->w, r->h);
    if (r->fill) {
      cairo_fill(cr);
    } else {
      cairo_set_line_width(cr, 0.6);
      cairo_stroke(cr);
    }
  } else if (const auto* l = std::get_if<LineItem>(&item)) {
    SetColor(cr, l->color);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, l->x1, l->y1);
    cairo_line_to(cr, l->x2, l->y2);
    cairo_stroke(cr);
  }
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

Error PdfError(std::string_view what, cairo_status_t status) {
  return MakeError(ErrorCode::kInternal,
                   "Impossibile generare il PDF (" + std::string(what) + "): " + cairo_status_to_string(status) + ".");
}

}  // namespace

Result<std::string> RenderPdf(const Document& doc) {
  double page_w = 210 * kMm, page_h = 297 * kMm;
  if (doc.landscape) std::swap(page_w, page_h);

  std::string bytes;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_pdf_surface_create_for_stream(AppendToString, &bytes, page_w, page_h), cairo_surface_destroy);
  if (cairo_status_t s = cairo_surface_status(surface.get()); s != CAIRO_STATUS_SUCCESS) {
    return PdfError("superficie", s);
  }
  std::string title = detail::CleanText(doc.title), author = detail::CleanText(doc.author);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, author.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "pdz");
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()), cairo_destroy);

  // Unhinted metrics, so that measured widths are the printed ones.
  // A font map of our own, released at the end (the default one lives as long as the thread).
  std::unique_ptr<PangoFontMap, GObjectDeleter> font_map(pango_cairo_font_map_new());
  std::unique_ptr<PangoContext, GObjectDeleter> context(pango_font_map_create_context(font_map.get()));
  pango_cairo_update_context(cr.get(), context.get());
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context.get(), options);
  cairo_font_options_destroy(options);
  PangoLanguage* italian = pango_language_from_string("it-IT");
  pango_context_set_language(context.get(), italian);

  // Pass 1 learns on which page each heading falls; pass 2 lays out the TOC with those numbers
  // (the TOC takes the same room in both passes, so the numbers stay right).
  std::vector<HeadingMark> toc;
  for (const Block& block : doc.blocks) {
    if (const auto* p = std::get_if<Paragraph>(&block)) {
      if (p->style == ParagraphStyle::kHeading1) toc.push_back({1, RunsText(p->runs)});
      if (p->style == ParagraphStyle::kHeading2) toc.push_back({2, RunsText(p->runs)});
    }
  }
  Layouter first(context.get(), page_w, page_h, toc);
  first.Run(doc);
  std::vector<HeadingMark> marks = first.headings();
  toc.clear();
  for (const HeadingMark& m : marks) {
    if (m.level <= 2) toc.push_back(m);
  }
  Layouter layout(context.get(), page_w, page_h, toc);
  layout.Run(doc);

  std::vector<Page>& pages = layout.pages();
  std::string footer_left = detail::CleanText(doc.footer.empty() ? doc.title : doc.footer);
  int total = static_cast<int>(pages.size());
  double footer_rule_y = page_h - kMarginBottom + 8;
  for (int n = 1; n <= total; ++n) {
    for (const Item& item : pages[n - 1].items) DrawItem(cr.get(), item);
    // Footer: a thin rule, the document on the left, "Pagina N di M" on the right.
    std::string right = "Pagina " + std::to_string(n) + " di " + std::to_string(total);
    double content_w = page_w - 2 * kMarginSide;
    TextBlock number = layout.MakePlain(right, 8, false, 90, PANGO_ALIGN_RIGHT);
    TextBlock left = layout.MakePlain(footer_left, 8, false, content_w - 100);
    pango_layout_set_ellipsize(left.layout.get(), PANGO_ELLIPSIZE_END);
    left.lines = Lines(left.layout.get());
    DrawItem(cr.get(), LineItem{kMarginSide, footer_rule_y, kMarginSide + content_w, footer_rule_y, kBorder});
    double baseline = footer_rule_y + 4 + left.lines[0].baseline;
    DrawItem(cr.get(), TextLineItem{left.layout, 0, kMarginSide + left.lines[0].x, baseline, kMuted, {}});
    DrawItem(cr.get(),
             TextLineItem{number.layout, 0, kMarginSide + content_w - 90 + number.lines[0].x, baseline, kMuted, {}});
    cairo_show_page(cr.get());
  }

  // Bookmarks: Heading1 at the top level, Heading2/3 below the previous one.
  int parents[4] = {CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT};
  for (const HeadingMark& m : layout.headings()) {
    char link[96];
    std::snprintf(link, sizeof link, "page=%d pos=[%.1f %.1f]", m.page, kMarginSide, std::max(m.y - 4, 0.0));
    int id = cairo_pdf_surface_add_outline(surface.get(), parents[m.level - 1], m.text.c_str(), link,
                                           CAIRO_PDF_OUTLINE_FLAG_OPEN);
    for (int l = m.level; l < 4; ++l) parents[l] = id;
  }

  if (cairo_status_t s = cairo_status(cr.get()); s != CAIRO_STATUS_SUCCESS) return PdfError("disegno", s);
  pages.clear();
  context.reset();
  font_map.reset();
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_status_t s = cairo_surface_status(surface.get()); s != CAIRO_STATUS_SUCCESS) {
    return PdfError("scrittura", s);
  }
  surface.reset();
  return bytes;
}

}  // namespace pdz::io::doc
