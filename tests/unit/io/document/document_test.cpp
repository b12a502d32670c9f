// Document rendering: PDF checked through pdftotext, DOCX parts through unzip, and the Markdown subset.
#include "io/document/document.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace pdz::io::doc {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kHeader = {"Codice intervento", "Area di bisogno",    "Descrizione",
                                          "Comuni coinvolti",  "Spesa prevista (€)", "Note"};
const std::string kAccents = "Attività, città, perché";

// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("pdz_document_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    // PDZ_DOCUMENT_OUT=dir keeps a copy of the rendered files, to look at them.
    if (const char* keep = std::getenv("PDZ_DOCUMENT_OUT"))
      fs::copy(path_, keep, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
    fs::remove_all(path_, ec);
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// Runs a shell command and returns its standard output; the exit status goes to *status.
std::string Capture(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    *status = -1;
    return out;
  }
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  *status = ::pclose(pipe);
  return out;
}

bool HasTool(const std::string& name) {
  int status = 0;
  Capture("command -v " + name + " >/dev/null 2>&1", &status);
  return status == 0;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

std::string CellText(int row, int column) {
  std::string token = "R" + std::to_string(row) + "C" + std::to_string(column);
  switch (column) {
    case 2:
      return token +
             " servizio di assistenza domiciliare integrata per persone anziane e fragili, con presa in "
             "carico multidimensionale e progetto individuale condiviso con la famiglia";
    case 3:
      return token + "\nRho\nPero\nPregnana Milanese";
    case 5:
      return row % 7 == 0 ? token + " " + kAccents + ": la qualità è più alta perché l'équipe è unica" : token;
    default:
      return token;
  }
}

std::vector<std::string> Headings() {
  return {"Introduzione", "Analisi del contesto", "Bisogni della città", "Programmazione degli interventi",
          "Governance e attività"};
}

Document PlanDocument(bool landscape) {
  Document doc;
  doc.title = "Piano di Zona 2025-2027 - Ambito Rhodense";
  doc.author = "Ufficio di Piano";
  doc.footer = "Piano di Zona 2025-2027 - Ambito Rhodense";
  doc.landscape = landscape;
  auto& b = doc.blocks;
  b.emplace_back(Text(ParagraphStyle::kTitle, "Piano di Zona 2025-2027"));
  b.emplace_back(Text(ParagraphStyle::kSubtitle, "Ambito territoriale Rhodense"));
  b.emplace_back(PageBreak{});
  b.emplace_back(TableOfContents{});
  b.emplace_back(PageBreak{});
  std::vector<std::string> h = Headings();
  b.emplace_back(Text(ParagraphStyle::kHeading1, h[0]));
  b.emplace_back(Paragraph{ParagraphStyle::kBody,
                           {Run{"Il presente documento descrive le "}, Run{"priorità", true}, Run{" del triennio. "},
                            Run{kAccents, false, true}, Run{"."}}});
  for (int i = 0; i < 6; ++i) {
    b.emplace_back(Text(ParagraphStyle::kBody,
                        "Paragrafo " + std::to_string(i) +
                            ": l'Ambito coordina la rete dei servizi sociali dei comuni associati, promuove "
                            "l'integrazione sociosanitaria con l'ASST e l'ATS e garantisce l'accesso uniforme alle "
                            "prestazioni su tutto il territorio."));
  }
  b.emplace_back(Text(ParagraphStyle::kHeading2, h[1]));
  b.emplace_back(Text(ParagraphStyle::kListItem, "Popolazione anziana in crescita nei comuni più piccoli"));
  b.emplace_back(Text(ParagraphStyle::kListItem, "Nuove fragilità: povertà educativa e disagio abitativo"));
  b.emplace_back(Text(ParagraphStyle::kHeading2, h[2]));
  b.emplace_back(Text(ParagraphStyle::kSmall, "Fonte: elaborazione dell'Ufficio di Piano su dati ISTAT."));
  b.emplace_back(Text(ParagraphStyle::kHeading1, h[3]));
  Table table;
  table.header = kHeader;
  table.widths = {1.5, 1.2, 3, 1.4, 1.2, 1.6};
  for (int r = 1; r <= 80; ++r) {
    std::vector<std::string> row;
    for (int c = 0; c < 6; ++c) row.push_back(CellText(r, c));
    table.rows.push_back(std::move(row));
  }
  b.emplace_back(std::move(table));
  b.emplace_back(PageBreak{});
  b.emplace_back(Text(ParagraphStyle::kHeading1, h[4]));
  b.emplace_back(Text(ParagraphStyle::kHeading3, "Cabina di regia"));
  b.emplace_back(Text(ParagraphStyle::kBody, "La cabina di regia si riunisce ogni trimestre."));
  return doc;
}

// Renders with an empty PATH: no external program (LibreOffice or other) may be needed.
template <typename Render>
auto WithoutExternalPrograms(const TempDir& dir, Render render) {
  std::string saved = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  fs::create_directories(dir / "empty");
  ::setenv("PATH", (dir / "empty").c_str(), 1);
  auto result = render();
  ::setenv("PATH", saved.c_str(), 1);
  return result;
}

std::vector<std::string> SplitPages(const std::string& text) {
  std::vector<std::string> pages;
  std::string current;
  for (char c : text) {
    if (c == '\f') {
      pages.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) pages.push_back(current);
  return pages;
}

TEST(DocumentPdf, RendersTextTablesFooterAndToc) {
  ASSERT_TRUE(HasTool("pdftotext")) << "pdftotext not found: run scripts/bootstrap (poppler-utils)";
  TempDir dir;
  Document doc = PlanDocument(false);
  auto pdf = WithoutExternalPrograms(dir, [&] { return RenderPdf(doc); });
  ASSERT_TRUE(pdf) << pdf.error().message;
  ASSERT_EQ(pdf->substr(0, 5), "%PDF-");
  WriteFile(dir / "plan.pdf", *pdf);

  int status = 0;
  std::string text = Capture("pdftotext -layout -enc UTF-8 '" + (dir / "plan.pdf").string() + "' -", &status);
  ASSERT_EQ(status, 0);
  std::vector<std::string> pages = SplitPages(text);
  ASSERT_GE(pages.size(), 6u) << "the 80-row table must span several pages";
  int total = static_cast<int>(pages.size());

  // Every cell, the accents, the footer on every page.
  for (int r = 1; r <= 80; ++r) {
    for (int c = 0; c < 6; ++c) {
      std::string token = "R" + std::to_string(r) + "C" + std::to_string(c);
      EXPECT_EQ(Count(text, token + " ") + Count(text, token + "\n"), 1u) << token;
    }
  }
  EXPECT_NE(text.find(kAccents), std::string::npos);
  EXPECT_EQ(Count(text, "Pregnana"), 80u);
  EXPECT_NE(text.find("l'équipe"), std::string::npos);
  for (int n = 1; n <= total; ++n) {
    std::string footer = "Pagina " + std::to_string(n) + " di " + std::to_string(total);
    EXPECT_NE(pages[n - 1].find(footer), std::string::npos) << footer;
    EXPECT_NE(pages[n - 1].find("Ambito Rhodense"), std::string::npos) << "footer left, page " << n;
  }

  // The header row is repeated on every page the table spans.
  size_t table_pages = 0;
  for (const std::string& page : pages) {
    if (page.find("R80C0") != std::string::npos || page.find("C0 ") != std::string::npos) {
      ++table_pages;
      EXPECT_NE(page.find("Codice"), std::string::npos) << page.substr(0, 400);
    }
  }
  EXPECT_GE(table_pages, 3u);
  EXPECT_GE(Count(text, "Codice"), table_pages);

  // The TOC (page 2) lists each Heading1/Heading2 with dot leaders and the page it is really on.
  const std::string& toc = pages[1];
  EXPECT_NE(toc.find("Indice"), std::string::npos);
  for (const std::string& heading : Headings()) {
    std::smatch m;
    std::regex line(heading + " [ .]*\\. +([0-9]+)\\s*\n");
    ASSERT_TRUE(std::regex_search(toc, m, line)) << heading << " not in the TOC:\n" << toc;
    int page = std::stoi(m[1]);
    ASSERT_GE(page, 3);
    ASSERT_LE(page, total);
    EXPECT_NE(pages[page - 1].find(heading), std::string::npos) << heading << " is not on page " << page;
    if (page > 3) {
      EXPECT_EQ(pages[page - 2].find(heading), std::string::npos) << heading << " before page " << page;
    }
  }
  EXPECT_EQ(toc.find("Cabina di regia"), std::string::npos) << "Heading3 stays out of the TOC";

  // Metadata.
  std::string info = Capture("pdfinfo '" + (dir / "plan.pdf").string() + "'", &status);
  EXPECT_NE(info.find("Piano di Zona 2025-2027"), std::string::npos) << info;
  EXPECT_NE(info.find("Ufficio di Piano"), std::string::npos) << info;
  EXPECT_NE(info.find("595.276 x 841.89"), std::string::npos) << info;
}

TEST(DocumentPdf, LandscapeIsA4Landscape) {
  ASSERT_TRUE(HasTool("pdfinfo")) << "pdfinfo not found: run scripts/bootstrap (poppler-utils)";
  TempDir dir;
  auto pdf = RenderPdf(PlanDocument(true));
  ASSERT_TRUE(pdf) << pdf.error().message;
  WriteFile(dir / "wide.pdf", *pdf);
  int status = 0;
  std::string info = Capture("pdfinfo '" + (dir / "wide.pdf").string() + "'", &status);
  EXPECT_NE(info.find("841.89 x 595.276"), std::string::npos) << info;
}

TEST(DocumentPdf, SurvivesEmptyAndBrokenInput) {
  Document empty;
  auto a = RenderPdf(empty);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->substr(0, 5), "%PDF-");

  Document odd;
  odd.title = "bad \xff utf-8";
  odd.blocks.emplace_back(Text(ParagraphStyle::kBody, "invalid \xC3 byte and \x01 control"));
  odd.blocks.emplace_back(Table{});
  odd.blocks.emplace_back(Table{.header = {}, .widths = {0, 0}, .rows = {{"a", "b"}, {"c"}}});
  odd.blocks.emplace_back(Paragraph{});
  Table tall;
  tall.header = {"Unica"};
  std::string huge;
  for (int i = 0; i < 120; ++i) huge += "riga " + std::to_string(i) + "\n";
  tall.rows = {{huge}};
  odd.blocks.emplace_back(tall);
  auto b = RenderPdf(odd);
  ASSERT_TRUE(b) << b.error().message;
  auto c = RenderDocx(odd);
  ASSERT_TRUE(c) << c.error().message;

  // The row taller than a page is split across pages, header repeated, no line lost or doubled.
  ASSERT_TRUE(HasTool("pdftotext")) << "pdftotext not found: run scripts/bootstrap (poppler-utils)";
  TempDir dir;
  WriteFile(dir / "odd.pdf", *b);
  int status = 0;
  std::string text = Capture("pdftotext -layout -enc UTF-8 '" + (dir / "odd.pdf").string() + "' -", &status);
  ASSERT_EQ(status, 0);
  std::vector<std::string> pages = SplitPages(text);
  ASSERT_GE(pages.size(), 3u);
  for (int i = 0; i < 120; ++i) EXPECT_EQ(Count(text, "riga " + std::to_string(i) + "\n"), 1u) << i;
  for (size_t p = 1; p < pages.size(); ++p) EXPECT_NE(pages[p].find("Unica"), std::string::npos) << p;
  EXPECT_NE(text.find("invalid \xEF\xBF\xBD byte and control"), std::string::npos);
  EXPECT_NE(pages[0].find("bad \xEF\xBF\xBD utf-8"), std::string::npos) << "the title is the default footer";
}

TEST(DocumentDocx, WritesWordPartsWithFieldsAndStyles) {
  ASSERT_TRUE(HasTool("unzip")) << "unzip not found: run scripts/bootstrap";
  TempDir dir;
  Document doc = PlanDocument(false);
  doc.blocks.emplace_back(Text(ParagraphStyle::kBody, "Escape: <tag> & \"quote\""));
  auto docx = WithoutExternalPrograms(dir, [&] { return RenderDocx(doc); });
  ASSERT_TRUE(docx) << docx.error().message;
  ASSERT_EQ(docx->substr(0, 2), "PK");
  std::string file = (dir / "plan.docx").string();
  WriteFile(file, *docx);

  int status = 0;
  std::string list = Capture("unzip -l '" + file + "'", &status);
  ASSERT_EQ(status, 0) << list;
  for (const char* part :
       {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/settings.xml",
        "word/footer1.xml", "word/numbering.xml", "word/_rels/document.xml.rels", "docProps/core.xml"}) {
    EXPECT_NE(list.find(part), std::string::npos) << part;
  }
  auto part = [&](const std::string& name) { return Capture("unzip -p '" + file + "' '" + name + "'", &status); };

  std::string body = part("word/document.xml");
  EXPECT_NE(body.find(kAccents), std::string::npos);
  for (int r = 1; r <= 80; ++r) {
    for (int c = 0; c < 6; ++c) {
      std::string xml = "<w:t xml:space=\"preserve\">" + CellText(r, c) + "</w:t>";
      for (size_t nl = xml.find('\n'); nl != std::string::npos; nl = xml.find('\n', nl)) {
        xml.replace(nl, 1, "</w:t><w:br/><w:t xml:space=\"preserve\">");
      }
      EXPECT_NE(body.find(xml), std::string::npos) << xml;
    }
  }
  for (const std::string& h : kHeader) EXPECT_NE(body.find(h), std::string::npos) << h;
  EXPECT_EQ(Count(body, "<w:tblHeader/>"), 1u);
  EXPECT_NE(body.find("<w:t xml:space=\"preserve\">Rho</w:t><w:br/>"), std::string::npos) << "'\\n' -> w:br";
  EXPECT_NE(body.find(" TOC \\o \"1-2\""), std::string::npos);
  EXPECT_NE(body.find("<w:br w:type=\"page\"/>"), std::string::npos);
  EXPECT_NE(body.find("<w:pStyle w:val=\"Heading1\"/>"), std::string::npos);
  EXPECT_NE(body.find("<w:pStyle w:val=\"ListBullet\"/>"), std::string::npos);
  EXPECT_NE(body.find("<w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">priorità"), std::string::npos);
  EXPECT_NE(body.find("Escape: &lt;tag&gt; &amp; &quot;quote&quot;"), std::string::npos);
  EXPECT_EQ(body.find("<tag>"), std::string::npos);
  EXPECT_EQ(body.find("landscape"), std::string::npos);

  std::string footer = part("word/footer1.xml");
  EXPECT_NE(footer.find(" PAGE "), std::string::npos);
  EXPECT_NE(footer.find(" NUMPAGES "), std::string::npos);
  EXPECT_NE(footer.find("Pagina "), std::string::npos);
  EXPECT_NE(footer.find("Ambito Rhodense"), std::string::npos);

  std::string styles = part("word/styles.xml");
  for (int level = 0; level < 3; ++level) {
    EXPECT_NE(styles.find("<w:outlineLvl w:val=\"" + std::to_string(level) + "\"/>"), std::string::npos);
  }
  EXPECT_NE(styles.find("w:styleId=\"Title\""), std::string::npos);
  EXPECT_NE(styles.find("<w:insideH "), std::string::npos);
  EXPECT_NE(part("word/settings.xml").find("<w:updateFields w:val=\"true\"/>"), std::string::npos);
  std::string core = part("docProps/core.xml");
  EXPECT_NE(core.find("<dc:language>it-IT</dc:language>"), std::string::npos);
  EXPECT_NE(core.find("<dc:title>Piano di Zona 2025-2027 - Ambito Rhodense</dc:title>"), std::string::npos);
  EXPECT_NE(core.find("<dc:creator>Ufficio di Piano</dc:creator>"), std::string::npos);
  EXPECT_NE(part("?Content_Types?.xml").find("/word/footer1.xml"), std::string::npos);
}

TEST(DocumentDocx, LandscapeAndNoRepeatedHeader) {
  ASSERT_TRUE(HasTool("unzip")) << "unzip not found: run scripts/bootstrap";
  TempDir dir;
  Document doc;
  doc.landscape = true;
  doc.blocks.emplace_back(Table{.header = {"a", "b"}, .rows = {{"1", "2"}}, .repeat_header = false});
  doc.blocks.emplace_back(Text(ParagraphStyle::kBody, "bad \xff byte"));
  auto docx = RenderDocx(doc);
  ASSERT_TRUE(docx) << docx.error().message;
  WriteFile(dir / "wide.docx", *docx);
  int status = 0;
  std::string body = Capture("unzip -p '" + (dir / "wide.docx").string() + "' word/document.xml", &status);
  EXPECT_NE(body.find("w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\""), std::string::npos);
  EXPECT_EQ(body.find("<w:tblHeader/>"), std::string::npos);
  EXPECT_NE(body.find("bad \xEF\xBF\xBD byte"), std::string::npos) << "invalid UTF-8 replaced";
}

// ---- Markdown

const Paragraph& ParagraphAt(const std::vector<Block>& blocks, size_t i) { return std::get<Paragraph>(blocks.at(i)); }

TEST(DocumentMarkdown, HeadingsParagraphsAndLists) {
  auto blocks = MarkdownToBlocks(
      "# Titolo uno\n\nPrima riga\nseconda riga.\n\n## Sotto\n### Terzo ###\n- voce uno\n* voce due\n  continua\n\n"
      "#senza spazio\n");
  ASSERT_EQ(blocks.size(), 7u);
  EXPECT_EQ(ParagraphAt(blocks, 0).style, ParagraphStyle::kHeading1);
  EXPECT_EQ(ParagraphAt(blocks, 0).runs.at(0).text, "Titolo uno");
  EXPECT_EQ(ParagraphAt(blocks, 1).style, ParagraphStyle::kBody);
  EXPECT_EQ(ParagraphAt(blocks, 1).runs.at(0).text, "Prima riga seconda riga.");
  EXPECT_EQ(ParagraphAt(blocks, 2).style, ParagraphStyle::kHeading2);
  EXPECT_EQ(ParagraphAt(blocks, 3).style, ParagraphStyle::kHeading3);
  EXPECT_EQ(ParagraphAt(blocks, 3).runs.at(0).text, "Terzo");
  EXPECT_EQ(ParagraphAt(blocks, 4).style, ParagraphStyle::kListItem);
  EXPECT_EQ(ParagraphAt(blocks, 4).runs.at(0).text, "voce uno");
  EXPECT_EQ(ParagraphAt(blocks, 5).style, ParagraphStyle::kListItem);
  EXPECT_EQ(ParagraphAt(blocks, 5).runs.at(0).text, "voce due continua");
  EXPECT_EQ(ParagraphAt(blocks, 6).style, ParagraphStyle::kBody);
  EXPECT_EQ(ParagraphAt(blocks, 6).runs.at(0).text, "#senza spazio");
}

TEST(DocumentMarkdown, BoldAndItalicRuns) {
  auto blocks = MarkdownToBlocks("Le **priorità** sono *tre*: 5 * 3 e \\*letterale\\*.");
  ASSERT_EQ(blocks.size(), 1u);
  const auto& runs = ParagraphAt(blocks, 0).runs;
  ASSERT_EQ(runs.size(), 5u);
  EXPECT_EQ(runs[0].text, "Le ");
  EXPECT_FALSE(runs[0].bold);
  EXPECT_EQ(runs[1].text, "priorità");
  EXPECT_TRUE(runs[1].bold);
  EXPECT_FALSE(runs[1].italic);
  EXPECT_EQ(runs[2].text, " sono ");
  EXPECT_EQ(runs[3].text, "tre");
  EXPECT_TRUE(runs[3].italic);
  EXPECT_FALSE(runs[3].bold);
  EXPECT_EQ(runs[4].text, ": 5 * 3 e *letterale*.");
  EXPECT_FALSE(runs[4].italic);
}

TEST(DocumentMarkdown, PipeTable) {
  auto blocks = MarkdownToBlocks(
      "Prima\n\n| Comune | Spesa |\n|---|---:|\n| Rho | **1.000** |\n| Pero |\n| a \\| b | 2 |\n\nDopo");
  ASSERT_EQ(blocks.size(), 3u);
  const auto& table = std::get<Table>(blocks[1]);
  EXPECT_EQ(table.header, (std::vector<std::string>{"Comune", "Spesa"}));
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_EQ(table.rows[0], (std::vector<std::string>{"Rho", "1.000"}));
  EXPECT_EQ(table.rows[1], (std::vector<std::string>{"Pero", ""}));
  EXPECT_EQ(table.rows[2], (std::vector<std::string>{"a | b", "2"}));
  EXPECT_EQ(ParagraphAt(blocks, 2).runs.at(0).text, "Dopo");
}

TEST(DocumentMarkdown, PipeWithoutSeparatorIsText) {
  auto blocks = MarkdownToBlocks("a | b\nc | d\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(ParagraphAt(blocks, 0).runs.at(0).text, "a | b c | d");
}

}  // namespace
}  // namespace pdz::io::doc
