// DOCX rendering: WordprocessingML parts (styles, numbering, footer, TOC field) zipped in memory with libzip.
#include "io/document/document.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "io/document/archive.hpp"
#include "io/document/detail/text.hpp"

namespace pdz::io::doc {

namespace {

constexpr int kPageShort = 11906;  // A4 in twentieths of a point
constexpr int kPageLong = 16838;
constexpr int kMargin = 1134;  // 2 cm
constexpr char kHeadingColor[] = "17324D";
constexpr char kMutedColor[] = "5C6670";
constexpr char kBorderColor[] = "8C99A8";
constexpr char kHeaderFill[] = "DDE5EE";

constexpr char kXmlDecl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr char kNsW[] = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
constexpr char kNsR[] = "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

// Runs of text with the given properties; '\n' becomes <w:br/>, '\t' <w:tab/>.
std::string RunXml(std::string_view text, bool bold, bool italic) {
  std::string props;
  if (bold) props += "<w:b/><w:bCs/>";
  if (italic) props += "<w:i/><w:iCs/>";
  std::string r_open = "<w:r>" + (props.empty() ? std::string() : "<w:rPr>" + props + "</w:rPr>");
  std::string out = r_open;
  std::string piece;
  auto flush_text = [&] {
    if (!piece.empty()) out += "<w:t xml:space=\"preserve\">" + detail::XmlEscape(piece) + "</w:t>";
    piece.clear();
  };
  for (char c : detail::CleanText(text)) {
    if (c == '\n') {
      flush_text();
      out += "<w:br/>";
    } else if (c == '\t') {
      flush_text();
      out += "<w:tab/>";
    } else {
      piece += c;
    }
  }
  flush_text();
  return out + "</w:r>";
}

const char* StyleId(ParagraphStyle style) {
  switch (style) {
    case ParagraphStyle::kTitle:
      return "Title";
    case ParagraphStyle::kSubtitle:
      return "Subtitle";
    case ParagraphStyle::kHeading1:
      return "Heading1";
    case ParagraphStyle::kHeading2:
      return "Heading2";
    case ParagraphStyle::kHeading3:
      return "Heading3";
    case ParagraphStyle::kListItem:
      return "ListBullet";
    case ParagraphStyle::kSmall:
      return "Small";
    case ParagraphStyle::kBody:
      break;
  }
  return nullptr;
}

std::string ParagraphXml(const Paragraph& p) {
  std::string out = "<w:p>";
  if (const char* id = StyleId(p.style)) out += std::string("<w:pPr><w:pStyle w:val=\"") + id + "\"/></w:pPr>";
  for (const Run& run : p.runs) out += RunXml(run.text, run.bold, run.italic);
  return out + "</w:p>";
}

std::string CellXml(const std::string& text, int width, bool header) {
  std::string out = "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(width) + "\" w:type=\"dxa\"/>";
  if (header) out += std::string("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"") + kHeaderFill + "\"/>";
  out += "</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>";
  if (!text.empty()) out += RunXml(text, header, false);
  return out + "</w:p></w:tc>";
}

std::string TableXml(const Table& t, int text_width) {
  size_t columns = t.header.size();
  for (const auto& r : t.rows) columns = std::max(columns, r.size());
  if (columns == 0) return {};
  std::vector<double> rel(columns, 1.0);
  if (t.widths.size() == columns) {
    for (size_t c = 0; c < columns; ++c) rel[c] = std::max(t.widths[c], 0.0);
  }
  double sum = 0;
  for (double w : rel) sum += w;
  if (sum <= 0) {
    rel.assign(columns, 1.0);
    sum = static_cast<double>(columns);
  }
  std::vector<int> widths(columns);
  int used = 0;
  for (size_t c = 0; c < columns; ++c) {
    widths[c] = static_cast<int>(std::floor(rel[c] / sum * text_width));
    used += widths[c];
  }
  widths.back() += text_width - used;

  std::string out = "<w:tbl><w:tblPr><w:tblStyle w:val=\"PdzTable\"/><w:tblW w:w=\"" + std::to_string(text_width) +
                    "\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"
                    "<w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" "
                    "w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>";
  for (int w : widths) out += "<w:gridCol w:w=\"" + std::to_string(w) + "\"/>";
  out += "</w:tblGrid>";
  if (!t.header.empty()) {
    out += "<w:tr><w:trPr><w:cantSplit/>";
    if (t.repeat_header) out += "<w:tblHeader/>";
    out += "</w:trPr>";
    for (size_t c = 0; c < columns; ++c) out += CellXml(c < t.header.size() ? t.header[c] : "", widths[c], true);
    out += "</w:tr>";
  }
  for (const auto& row : t.rows) {
    out += "<w:tr>";
    for (size_t c = 0; c < columns; ++c) out += CellXml(c < row.size() ? row[c] : "", widths[c], false);
    out += "</w:tr>";
  }
  out += "</w:tbl>";
  // An empty paragraph after each table keeps consecutive tables apart and gives space below.
  return out + "<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:p>";
}

std::string PlainText(const std::vector<Run>& runs) {
  std::string s;
  for (const Run& r : runs) s += r.text;
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

// A TOC field (Heading 1-2, hyperlinked); its cached result lists the headings without page numbers
// until Word updates the field on open (settings: updateFields).
std::string TocXml(const Document& doc) {
  std::vector<std::pair<int, std::string>> entries;
  for (const Block& b : doc.blocks) {
    if (const auto* p = std::get_if<Paragraph>(&b)) {
      if (p->style == ParagraphStyle::kHeading1) entries.emplace_back(1, PlainText(p->runs));
      if (p->style == ParagraphStyle::kHeading2) entries.emplace_back(2, PlainText(p->runs));
    }
  }
  std::string out = "<w:p><w:pPr><w:pStyle w:val=\"TOCHeading\"/></w:pPr>" + RunXml("Indice", false, false) + "</w:p>";
  std::string begin =
      "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>"
      "<w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\" \\h \\z \\u </w:instrText></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>";
  std::string end = "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
  if (entries.empty()) {
    return out + "<w:p><w:pPr><w:pStyle w:val=\"TOC1\"/></w:pPr>" + begin +
           RunXml("Aggiornare l'indice per visualizzarlo.", false, true) + end + "</w:p>";
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    out += std::string("<w:p><w:pPr><w:pStyle w:val=\"TOC") + (entries[i].first == 1 ? "1" : "2") + "\"/></w:pPr>";
    if (i == 0) out += begin;
    out += RunXml(entries[i].second, false, false);
    if (i + 1 == entries.size()) out += end;
    out += "</w:p>";
  }
  return out;
}

std::string DocumentXml(const Document& doc, int page_w, int page_h, int text_width) {
  std::string body;
  for (const Block& b : doc.blocks) {
    if (const auto* p = std::get_if<Paragraph>(&b)) {
      body += ParagraphXml(*p);
    } else if (const auto* t = std::get_if<Table>(&b)) {
      body += TableXml(*t, text_width);
    } else if (std::holds_alternative<PageBreak>(b)) {
      body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
    } else {
      body += TocXml(doc);
    }
  }
  std::string size = "<w:pgSz w:w=\"" + std::to_string(page_w) + "\" w:h=\"" + std::to_string(page_h) + "\"" +
                     (doc.landscape ? " w:orient=\"landscape\"" : "") + "/>";
  std::string m = std::to_string(kMargin);
  return std::string(kXmlDecl) + "<w:document " + kNsW + " " + kNsR + "><w:body>" + body +
         "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/>" + size + "<w:pgMar w:top=\"" + m +
         "\" w:right=\"" + m + "\" w:bottom=\"" + m + "\" w:left=\"" + m +
         "\" w:header=\"567\" w:footer=\"454\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>";
}

std::string ParagraphStyleXml(const std::string& id, const std::string& name, const std::string& ppr,
                              const std::string& rpr, const std::string& extra = "") {
  return "<w:style w:type=\"paragraph\" w:styleId=\"" + id + "\"><w:name w:val=\"" + name +
         "\"/><w:basedOn w:val=\"Normal\"/>" + extra + "<w:qFormat/>" +
         (ppr.empty() ? "" : "<w:pPr>" + ppr + "</w:pPr>") + (rpr.empty() ? "" : "<w:rPr>" + rpr + "</w:rPr>") +
         "</w:style>";
}

std::string StylesXml(int text_width) {
  std::string hc = std::string("<w:color w:val=\"") + kHeadingColor + "\"/>";
  std::string muted = std::string("<w:color w:val=\"") + kMutedColor + "\"/>";
  std::string next = "<w:next w:val=\"Normal\"/>";
  std::string right_dots =
      "<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"" + std::to_string(text_width) + "\"/></w:tabs>";
  std::string border = std::string("w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"") + kBorderColor + "\"";
  std::string out = std::string(kXmlDecl) + "<w:styles " + kNsW + ">";
  out +=
      "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" "
      "w:cs=\"Arial\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/><w:lang w:val=\"it-IT\" w:eastAsia=\"it-IT\" "
      "w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" "
      "w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>";
  out +=
      "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
      "<w:pPr><w:widowControl/></w:pPr><w:rPr><w:color w:val=\"1A1A1A\"/></w:rPr></w:style>";
  out +=
      "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name "
      "w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>";
  out += ParagraphStyleXml("Title", "Title",
                           "<w:spacing w:before=\"0\" w:after=\"240\" w:line=\"240\" w:lineRule=\"auto\"/>",
                           "<w:b/><w:bCs/>" + hc + "<w:sz w:val=\"48\"/><w:szCs w:val=\"48\"/>", next);
  out += ParagraphStyleXml("Subtitle", "Subtitle", "<w:spacing w:after=\"200\"/>",
                           muted + "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>", next);
  const char* sizes[] = {"32", "26", "22"};
  const char* before[] = {"320", "240", "200"};
  const char* after[] = {"160", "120", "80"};
  for (int level = 0; level < 3; ++level) {
    std::string n = std::to_string(level + 1);
    out += ParagraphStyleXml("Heading" + n, "heading " + n,
                             std::string("<w:keepNext/><w:keepLines/><w:spacing w:before=\"") + before[level] +
                                 "\" w:after=\"" + after[level] + "\"/><w:outlineLvl w:val=\"" + std::to_string(level) +
                                 "\"/>",
                             "<w:b/><w:bCs/>" + (level < 2 ? hc : std::string()) + "<w:sz w:val=\"" + sizes[level] +
                                 "\"/><w:szCs w:val=\"" + sizes[level] + "\"/>",
                             next);
  }
  out += ParagraphStyleXml("ListBullet", "List Bullet",
                           "<w:numPr><w:numId w:val=\"1\"/></w:numPr><w:spacing w:after=\"60\"/>"
                           "<w:ind w:left=\"360\" w:hanging=\"360\"/>",
                           "");
  out += ParagraphStyleXml("Small", "Small", "<w:spacing w:after=\"80\"/>",
                           muted + "<w:sz w:val=\"17\"/><w:szCs w:val=\"17\"/>");
  out += ParagraphStyleXml("TableText", "Table Text", "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
                           "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>");
  out += ParagraphStyleXml("TOCHeading", "TOC Heading", "<w:keepNext/><w:spacing w:before=\"320\" w:after=\"200\"/>",
                           "<w:b/><w:bCs/>" + hc + "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>", next);
  out += ParagraphStyleXml("TOC1", "toc 1", right_dots + "<w:spacing w:before=\"100\" w:after=\"20\"/>",
                           "<w:b/><w:bCs/>", next);
  out +=
      ParagraphStyleXml("TOC2", "toc 2", right_dots + "<w:spacing w:after=\"20\"/><w:ind w:left=\"320\"/>", "", next);
  out += ParagraphStyleXml("Footer", "footer",
                           "<w:tabs><w:tab w:val=\"right\" w:pos=\"" + std::to_string(text_width) +
                               "\"/></w:tabs><w:spacing w:after=\"0\"/>",
                           muted + "<w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/>");
  out +=
      "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
      "<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" "
      "w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
      "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>";
  out +=
      "<w:style w:type=\"table\" w:styleId=\"PdzTable\"><w:name w:val=\"Table Grid\"/><w:basedOn "
      "w:val=\"TableNormal\"/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
      "<w:tblPr><w:tblBorders><w:top " +
      border + "/><w:left " + border + "/><w:bottom " + border + "/><w:right " + border + "/><w:insideH " + border +
      "/><w:insideV " + border +
      "/></w:tblBorders><w:tblCellMar><w:top w:w=\"57\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/>"
      "<w:bottom w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>";
  return out + "</w:styles>";
}

std::string NumberingXml() {
  return std::string(kXmlDecl) + "<w:numbering " + kNsW +
         "><w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/><w:lvl w:ilvl=\"0\">"
         "<w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\u2022\"/><w:lvlJc w:val=\"left\"/>"
         "<w:pPr><w:ind w:left=\"360\" w:hanging=\"360\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"Arial\" "
         "w:hAnsi=\"Arial\" w:cs=\"Arial\"/></w:rPr></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId "
         "w:val=\"0\"/></w:num></w:numbering>";
}

std::string FooterXml(const Document& doc) {
  std::string left = doc.footer.empty() ? doc.title : doc.footer;
  std::string field_begin = "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\">";
  std::string field_mid = "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>";
  std::string field_end = "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
  return std::string(kXmlDecl) + "<w:ftr " + kNsW + " " + kNsR +
         "><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:pBdr><w:top w:val=\"single\" w:sz=\"4\" w:space=\"4\" "
         "w:color=\"" +
         kBorderColor + "\"/></w:pBdr></w:pPr>" + RunXml(left, false, false) + "<w:r><w:tab/></w:r>" +
         RunXml("Pagina ", false, false) + field_begin + " PAGE " + field_mid + RunXml("1", false, false) + field_end +
         RunXml(" di ", false, false) + field_begin + " NUMPAGES " + field_mid + RunXml("1", false, false) + field_end +
         "</w:p></w:ftr>";
}

std::string SettingsXml() {
  return std::string(kXmlDecl) + "<w:settings " + kNsW +
         "><w:defaultTabStop w:val=\"709\"/><w:hyphenationZone w:val=\"283\"/><w:characterSpacingControl "
         "w:val=\"doNotCompress\"/><w:updateFields w:val=\"true\"/><w:compat><w:compatSetting "
         "w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
         "<w:themeFontLang w:val=\"it-IT\"/></w:settings>";
}

std::string CoreXml(const Document& doc) {
  return std::string(kXmlDecl) +
         "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
         "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
         "<dc:title>" +
         detail::XmlEscape(doc.title) + "</dc:title><dc:creator>" + detail::XmlEscape(doc.author) +
         "</dc:creator><cp:lastModifiedBy>" + detail::XmlEscape(doc.author) +
         "</cp:lastModifiedBy><dc:language>it-IT</dc:language></cp:coreProperties>";
}

std::string AppXml() {
  return std::string(kXmlDecl) +
         "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
         "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
         "<Application>pdz</Application></Properties>";
}

std::string ContentTypesXml() {
  std::string wml = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
  auto part = [](const std::string& name, const std::string& type) {
    return "<Override PartName=\"" + name + "\" ContentType=\"" + type + "\"/>";
  };
  return std::string(kXmlDecl) +
         "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
         part("/word/document.xml", wml + "document.main+xml") + part("/word/styles.xml", wml + "styles+xml") +
         part("/word/settings.xml", wml + "settings+xml") + part("/word/numbering.xml", wml + "numbering+xml") +
         part("/word/footer1.xml", wml + "footer+xml") +
         part("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml") +
         part("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml") +
         "</Types>";
}

std::string Relationships(const std::vector<std::pair<std::string, std::string>>& rels) {
  std::string out =
      std::string(kXmlDecl) + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  int n = 0;
  for (const auto& [type, target] : rels) {
    std::string id = target == "footer1.xml" ? "rIdFooter1" : "rId" + std::to_string(++n);
    out += "<Relationship Id=\"" + id + "\" Type=\"" + type + "\" Target=\"" + target + "\"/>";
  }
  return out + "</Relationships>";
}

}  // namespace

Result<std::string> RenderDocx(const Document& doc) {
  int page_w = doc.landscape ? kPageLong : kPageShort;
  int page_h = doc.landscape ? kPageShort : kPageLong;
  int text_width = page_w - 2 * kMargin;
  std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  std::vector<std::pair<std::string, std::string>> files = {
      {"[Content_Types].xml", ContentTypesXml()},
      {"_rels/.rels", Relationships({{rel + "officeDocument", "word/document.xml"},
                                     {"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                                      "core-properties",
                                      "docProps/core.xml"},
                                     {rel + "extended-properties", "docProps/app.xml"}})},
      {"word/_rels/document.xml.rels", Relationships({{rel + "styles", "styles.xml"},
                                                      {rel + "settings", "settings.xml"},
                                                      {rel + "numbering", "numbering.xml"},
                                                      {rel + "footer", "footer1.xml"}})},
      {"word/document.xml", DocumentXml(doc, page_w, page_h, text_width)},
      {"word/styles.xml", StylesXml(text_width)},
      {"word/settings.xml", SettingsXml()},
      {"word/numbering.xml", NumberingXml()},
      {"word/footer1.xml", FooterXml(doc)},
      {"docProps/core.xml", CoreXml(doc)},
      {"docProps/app.xml", AppXml()},
  };
  return ZipFiles(files, "DOCX");
}

}  // namespace pdz::io::doc
