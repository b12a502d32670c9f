// XLSX with libzip (the container) and pugixml (reading the sheet XML).
#include "io/document/xlsx.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "io/document/archive.hpp"
#include "io/document/detail/text.hpp"

namespace pdz::io::xlsx {

namespace {

constexpr char kXmlDecl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr char kNsMain[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr char kNsRel[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr size_t kMaxUnzipped = 512u * 1024u * 1024u;

std::string SheetName(const std::string& raw, size_t index) {
  std::string name;
  for (char c : raw) name += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '-';
  if (name.size() > 31) {
    name.resize(31);
    while (!name.empty() && (static_cast<unsigned char>(name.back()) & 0xC0) == 0x80) name.pop_back();
    if (!name.empty() && (static_cast<unsigned char>(name.back()) & 0x80) != 0) name.pop_back();
  }
  return name.empty() ? "Foglio" + std::to_string(index + 1) : name;
}

std::string EuroText(std::int64_t cents) {
  bool negative = cents < 0;
  std::uint64_t abs = negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
  std::string frac = std::to_string(abs % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return (negative ? "-" : "") + std::to_string(abs / 100) + "." + frac;
}

// Styles: 0 default, 1 bold header with fill, 2 euro "#,##0.00", 3 wrapped text.
std::string StylesXml() {
  return std::string(kXmlDecl) + "<styleSheet xmlns=\"" + kNsMain +
         "\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"#,##0.00\"/></numFmts>"
         "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
         "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
         "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill "
         "patternType=\"gray125\"/></fill><fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDE5EE\"/>"
         "</patternFill></fill></fills>"
         "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
         "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
         "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
         "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/>"
         "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
         "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
         "</styleSheet>";
}

std::string SheetXml(const Sheet& sheet) {
  std::string out = std::string(kXmlDecl) + "<worksheet xmlns=\"" + kNsMain + "\" xmlns:r=\"" + kNsRel + "\">";
  out +=
      "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
      "state=\"frozen\"/></sheetView></sheetViews>";
  size_t columns = sheet.header.size();
  for (const auto& row : sheet.rows) columns = std::max(columns, row.size());
  if (columns > 0) {
    out += "<cols>";
    for (size_t c = 0; c < columns; ++c) {
      int width = c < sheet.widths.size() ? sheet.widths[c] : 14;
      out += "<col min=\"" + std::to_string(c + 1) + "\" max=\"" + std::to_string(c + 1) + "\" width=\"" +
             std::to_string(width) + "\" customWidth=\"1\"/>";
    }
    out += "</cols>";
  }
  out += "<sheetData>";
  auto text_cell = [](const std::string& ref, const std::string& text, int style) {
    return "<c r=\"" + ref + "\" t=\"inlineStr\"" + (style ? " s=\"" + std::to_string(style) + "\"" : "") +
           "><is><t xml:space=\"preserve\">" + doc::detail::XmlEscape(text) + "</t></is></c>";
  };
  std::int64_t r = 1;
  if (!sheet.header.empty()) {
    out += "<row r=\"1\">";
    for (size_t c = 0; c < sheet.header.size(); ++c) out += text_cell(ColumnName(c) + "1", sheet.header[c], 1);
    out += "</row>";
    ++r;
  }
  for (const auto& row : sheet.rows) {
    std::string n = std::to_string(r++);
    out += "<row r=\"" + n + "\">";
    for (size_t c = 0; c < row.size(); ++c) {
      std::string ref = ColumnName(c) + n;
      if (const auto* s = std::get_if<std::string>(&row[c])) {
        if (!s->empty()) out += text_cell(ref, *s, 0);
      } else if (const auto* i = std::get_if<std::int64_t>(&row[c])) {
        out += "<c r=\"" + ref + "\"><v>" + std::to_string(*i) + "</v></c>";
      } else if (const auto* x = std::get_if<Number>(&row[c])) {
        if (!std::isfinite(x->value)) continue;
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.15g", x->value);  // the C locale: a decimal point, as XML wants
        out += "<c r=\"" + ref + "\"><v>" + buf + "</v></c>";
      } else {
        out += "<c r=\"" + ref + "\" s=\"2\"><v>" + EuroText(std::get<Euro>(row[c]).cents) + "</v></c>";
      }
    }
    out += "</row>";
  }
  out += "</sheetData>";
  if (!sheet.header.empty() && columns > 0) {
    out +=
        "<autoFilter ref=\"A1:" + ColumnName(columns - 1) + std::to_string(std::max<std::int64_t>(r - 1, 1)) + "\"/>";
  }
  return out +
         "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
         "</worksheet>";
}

Error ReadError(const std::string& file, const std::string& reason) {
  return MakeError(ErrorCode::kValidationFailed, "Il file " + file + " non è un XLSX leggibile: " + reason + ".",
                   {{.file = file, .reason = reason}});
}

// "C12" -> 0-based column 2 (and nothing else is needed of the reference).
std::optional<size_t> ColumnOf(std::string_view ref) {
  size_t col = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) col = col * 26 + static_cast<size_t>(ref[i] - 'A' + 1);
  if (i == 0 || col > 16384) return std::nullopt;
  return col - 1;
}

// The sheet part of the first sheet, from the workbook and its relationships.
std::string FirstSheetPath(const std::map<std::string, std::string>& parts) {
  auto workbook = parts.find("xl/workbook.xml");
  auto rels = parts.find("xl/_rels/workbook.xml.rels");
  if (workbook != parts.end() && rels != parts.end()) {
    pugi::xml_document wb;
    pugi::xml_document rl;
    if (wb.load_buffer(workbook->second.data(), workbook->second.size()) &&
        rl.load_buffer(rels->second.data(), rels->second.size())) {
      pugi::xml_node sheet = wb.child("workbook").child("sheets").child("sheet");
      std::string id = sheet.attribute("r:id").as_string();
      for (pugi::xml_node rel : rl.child("Relationships").children("Relationship")) {
        if (id == rel.attribute("Id").as_string()) {
          std::string target = rel.attribute("Target").as_string();
          if (!target.empty() && target[0] == '/') return target.substr(1);
          return "xl/" + target;
        }
      }
    }
  }
  return "xl/worksheets/sheet1.xml";
}

std::string InlineText(pugi::xml_node is) {
  std::string text = is.child("t").text().as_string();
  for (pugi::xml_node run : is.children("r")) text += run.child("t").text().as_string();
  return text;
}

}  // namespace

std::string ColumnName(size_t index) {
  std::string name;
  size_t n = index + 1;
  while (n > 0) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
    n = (n - 1) / 26;
  }
  return name;
}

Result<std::string> Write(const std::vector<Sheet>& sheets) {
  if (sheets.empty()) return MakeError(ErrorCode::kInternal, "Un file XLSX deve avere almeno un foglio.");
  std::string content_types =
      std::string(kXmlDecl) +
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" "
      "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/xl/workbook.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
      "<Override PartName=\"/xl/styles.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>";
  std::string workbook =
      std::string(kXmlDecl) + "<workbook xmlns=\"" + kNsMain + "\" xmlns:r=\"" + kNsRel + "\"><sheets>";
  std::string rels =
      std::string(kXmlDecl) + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  std::vector<doc::ArchiveFile> files;
  std::vector<std::string> used;
  for (size_t i = 0; i < sheets.size(); ++i) {
    std::string n = std::to_string(i + 1);
    std::string name = SheetName(sheets[i].name, i);
    while (std::find(used.begin(), used.end(), name) != used.end()) name = SheetName(name.substr(0, 28) + " " + n, i);
    used.push_back(name);
    content_types +=
        "<Override PartName=\"/xl/worksheets/sheet" + n +
        ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
    workbook += "<sheet name=\"" + doc::detail::XmlEscape(name) + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
    rels += "<Relationship Id=\"rId" + n +
            "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
            "Target=\"worksheets/sheet" +
            n + ".xml\"/>";
    files.emplace_back("xl/worksheets/sheet" + n + ".xml", SheetXml(sheets[i]));
  }
  std::string styles_id = std::to_string(sheets.size() + 1);
  rels += "<Relationship Id=\"rId" + styles_id +
          "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
          "Target=\"styles.xml\"/></Relationships>";
  workbook += "</sheets></workbook>";
  content_types += "</Types>";
  std::string root_rels = std::string(kXmlDecl) +
                          "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                          "<Relationship Id=\"rId1\" "
                          "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
                          "Target=\"xl/workbook.xml\"/></Relationships>";
  std::vector<doc::ArchiveFile> all = {{"[Content_Types].xml", content_types},
                                       {"_rels/.rels", root_rels},
                                       {"xl/workbook.xml", workbook},
                                       {"xl/_rels/workbook.xml.rels", rels},
                                       {"xl/styles.xml", StylesXml()}};
  for (auto& f : files) all.push_back(std::move(f));
  return doc::ZipFiles(all, "XLSX");
}

Result<std::vector<Row>> Read(std::string_view bytes, const std::string& file) {
  PDZ_ASSIGN(auto members, doc::UnzipFiles(bytes, file, kMaxUnzipped));
  std::map<std::string, std::string> parts;
  for (auto& [name, content] : members) parts[name] = std::move(content);
  if (!parts.contains("xl/workbook.xml")) return ReadError(file, "manca la cartella di lavoro (xl/workbook.xml)");
  std::vector<std::string> shared;
  if (auto it = parts.find("xl/sharedStrings.xml"); it != parts.end()) {
    pugi::xml_document sst;
    if (!sst.load_buffer(it->second.data(), it->second.size())) return ReadError(file, "testi condivisi illeggibili");
    for (pugi::xml_node si : sst.child("sst").children("si")) shared.push_back(InlineText(si));
  }
  std::string path = FirstSheetPath(parts);
  auto sheet_part = parts.find(path);
  if (sheet_part == parts.end()) return ReadError(file, "manca il primo foglio (" + path + ")");
  pugi::xml_document sheet;
  if (!sheet.load_buffer(sheet_part->second.data(), sheet_part->second.size())) {
    return ReadError(file, "il primo foglio non è XML valido");
  }
  pugi::xml_node ws = sheet.child("worksheet");
  std::vector<ErrorDetail> problems;
  for (pugi::xml_node merge : ws.child("mergeCells").children("mergeCell")) {
    problems.push_back({.file = file,
                        .field = merge.attribute("ref").as_string(),
                        .reason = "celle unite: separare le celle, una informazione per cella"});
  }
  std::vector<Row> rows;
  std::int64_t next_row = 1;
  for (pugi::xml_node row : ws.child("sheetData").children("row")) {
    Row out;
    out.number = row.attribute("r").as_llong(next_row);
    next_row = out.number + 1;
    size_t next_col = 0;
    bool any = false;
    for (pugi::xml_node c : row.children("c")) {
      std::string ref = c.attribute("r").as_string();
      size_t col = next_col;
      if (!ref.empty()) {
        auto parsed = ColumnOf(ref);
        if (!parsed) return ReadError(file, "riferimento di cella non valido '" + ref + "'");
        col = *parsed;
      } else {
        ref = ColumnName(col) + std::to_string(out.number);
      }
      next_col = col + 1;
      if (c.child("f")) {
        problems.push_back({.file = file,
                            .row = out.number,
                            .field = ref,
                            .value = c.child("f").text().as_string(),
                            .reason = "la cella contiene una formula: incollare i valori al suo posto"});
        continue;
      }
      std::string type = c.attribute("t").as_string();
      std::string value;
      if (type == "s") {
        std::int64_t index = c.child("v").text().as_llong(-1);
        if (index < 0 || static_cast<size_t>(index) >= shared.size()) {
          return ReadError(file, "la cella " + ref + " rimanda a un testo inesistente");
        }
        value = shared[static_cast<size_t>(index)];
      } else if (type == "inlineStr") {
        value = InlineText(c.child("is"));
      } else if (type == "str" || type == "e") {
        value = c.child("v").text().as_string();
      } else if (type == "b") {
        value = c.child("v").text().as_string() == std::string("1") ? "VERO" : "FALSO";
      } else {
        value = c.child("v").text().as_string();
        std::replace(value.begin(), value.end(), '.', ',');
      }
      if (out.cells.size() <= col) out.cells.resize(col + 1);
      out.cells[col] = value;
      any = any || !value.empty();
    }
    if (any) rows.push_back(std::move(out));
  }
  if (!problems.empty()) {
    return MakeError(
        ErrorCode::kValidationFailed,
        "Il file " + file + " ha " + std::to_string(problems.size()) +
            (problems.size() == 1 ? " cella che non si può importare." : " celle che non si possono importare."),
        problems);
  }
  return rows;
}

}  // namespace pdz::io::xlsx
