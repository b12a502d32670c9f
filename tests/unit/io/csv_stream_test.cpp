// Streaming CSV: ParseCsv's cases, UTF-8 checks, rows across buffer boundaries, and a property test
// against ParseCsv on random files.
#include "io/csv_stream.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "io/csv.hpp"

namespace pdz::io {
namespace {

struct Read {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
};

/// Every row of a text, or the first error (from the open or from a row).
Result<Read> ReadAll(std::string text, std::size_t buffer_size = 4 << 20) {
  PDZ_ASSIGN(auto stream, CsvStream::FromText(std::move(text), "f.csv", {.buffer_size = buffer_size}));
  Read out{stream->header(), {}};
  CsvRowView row;
  for (;;) {
    PDZ_ASSIGN(bool more, stream->Next(row));
    if (!more) break;
    out.rows.push_back(CsvRow{row.line, {row.fields.begin(), row.fields.end()}});
  }
  EXPECT_EQ(stream->bytes_read(), stream->total_bytes());
  return out;
}

const std::size_t kBufferSizes[] = {1, 2, 3, 7, 16, 4 << 20};

TEST(CsvStream, DetectsSemicolonsAndHandlesQuotes) {
  for (std::size_t size : kBufferSizes) {
    auto t = ReadAll(
        "\xEF\xBB\xBF"
        "a;b;c\r\n1;\"x;y\";\"he said \"\"hi\"\"\"\r\n2;;\n",
        size);
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(t->header, (std::vector<std::string>{"a", "b", "c"}));
    ASSERT_EQ(t->rows.size(), 2u);
    EXPECT_EQ(t->rows[0].fields, (std::vector<std::string>{"1", "x;y", "he said \"hi\""}));
    EXPECT_EQ(t->rows[1].line, 3);
    EXPECT_EQ(t->rows[1].fields, (std::vector<std::string>{"2", "", ""}));
  }
}

TEST(CsvStream, DetectsCommasAndTrimsTheHeader) {
  auto s = CsvStream::FromText(" a ,\tb\n1,2", "f.csv");
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->separator(), ',');
  EXPECT_EQ((*s)->header(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((*s)->Column("b"), 1u);
  EXPECT_FALSE((*s)->Column("c"));
  CsvRowView row;
  ASSERT_TRUE(*(*s)->Next(row));
  EXPECT_EQ(row.fields, (std::vector<std::string_view>{"1", "2"}));  // no newline at the end
  EXPECT_FALSE(*(*s)->Next(row));
  EXPECT_FALSE(*(*s)->Next(row));  // and it stays at the end
}

TEST(CsvStream, QuotedNewlineKeepsLineNumbersRight) {
  for (std::size_t size : kBufferSizes) {
    auto t = ReadAll("a,b\n\"x\ny\",1\nz,2\n", size);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->rows[0].fields[0], "x\ny");
    EXPECT_EQ(t->rows[0].line, 2);
    EXPECT_EQ(t->rows[1].line, 4);
  }
}

TEST(CsvStream, SkipsBlankLines) {
  for (std::size_t size : kBufferSizes) {
    auto t = ReadAll("a;b\n\n1;2\r\n\r\n\n3;4\n\n", size);
    ASSERT_TRUE(t);
    ASSERT_EQ(t->rows.size(), 2u);
    EXPECT_EQ(t->rows[0].line, 3);
    EXPECT_EQ(t->rows[1].line, 6);
    EXPECT_EQ(t->rows[1].fields, (std::vector<std::string>{"3", "4"}));
  }
  auto quoted_empty = ReadAll("a\n\"\"\n");  // a quoted empty field is a row, not a blank line
  ASSERT_TRUE(quoted_empty);
  ASSERT_EQ(quoted_empty->rows.size(), 1u);
  EXPECT_EQ(quoted_empty->rows[0].fields, (std::vector<std::string>{""}));
}

TEST(CsvStream, WrongFieldCountNamesTheLine) {
  for (std::size_t size : kBufferSizes) {
    auto s = CsvStream::FromText("a,b\n1,2\n3\n4,5\n", "f.csv", {.buffer_size = size});
    ASSERT_TRUE(s);
    CsvRowView row;
    ASSERT_TRUE(*(*s)->Next(row));
    auto bad = (*s)->Next(row);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kValidationFailed);
    EXPECT_EQ(bad.error().details[0].row, 3);
    EXPECT_EQ(bad.error().details[0].file, "f.csv");
    EXPECT_EQ(bad.error().details[0].reason, "attese 2 colonne, trovate 1");
    EXPECT_FALSE((*s)->Next(row));  // an error is final
  }
}

TEST(CsvStream, UnterminatedQuoteIsAnError) {
  for (std::size_t size : kBufferSizes) {
    auto t = ReadAll("a\n1\n\"x\ny\n", size);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().details[0].row, 3);
    EXPECT_NE(t.error().message.find("Virgolette non chiuse"), std::string::npos);
  }
  EXPECT_FALSE(CsvStream::FromText("\"a\n", "f.csv"));  // in the header: the open fails
}

TEST(CsvStream, EmptyFileIsAnError) {
  for (std::string text : {"", "\xEF\xBB\xBF", "\n\r\n\n"}) {
    auto s = CsvStream::FromText(text, "vuoto.csv");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message, "Il file vuoto.csv è vuoto.");
  }
  auto only_header = ReadAll("a;b\n");
  ASSERT_TRUE(only_header);
  EXPECT_TRUE(only_header->rows.empty());
}

TEST(CsvStream, InvalidUtf8NamesLineAndColumn) {
  for (std::size_t size : kBufferSizes) {
    // 0xE8 is 'è' in Windows-1252: the usual way a spreadsheet export is not UTF-8.
    for (std::string bad :
         {"citt\xE8", "\"citt\xE8\"", "\"a\"\"\xE8\"", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "ab\xE2\x82"}) {
      auto s = CsvStream::FromText("comune;note\nRho;ok\nArese;" + bad + "\n", "f.csv", {.buffer_size = size});
      ASSERT_TRUE(s);
      CsvRowView row;
      ASSERT_TRUE(*(*s)->Next(row));
      auto r = (*s)->Next(row);
      ASSERT_FALSE(r) << bad;
      const ErrorDetail& d = r.error().details[0];
      EXPECT_EQ(d.row, 3);
      EXPECT_EQ(d.field, "note");
      EXPECT_NE(r.error().message.find("riga 3, colonna 2 (note)"), std::string::npos) << r.error().message;
    }
  }
  auto first = ReadAll("a;b\n\xE8;1\n");
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().details[0].field, "a");
  EXPECT_EQ(first.error().details[0].value, "0xE8");
  auto header = CsvStream::FromText("comune;citt\xE0\n", "f.csv");
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().details[0].row, 1);
}

TEST(CsvStream, AcceptsValidUtf8) {
  for (std::size_t size : kBufferSizes) {
    auto t = ReadAll("città;€\nPerché;\xF0\x9F\x98\x80 ok\n\"Cantù, \"\"Brianza\"\"\";ü\n", size);
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(t->rows[0].fields, (std::vector<std::string>{"Perché", "\xF0\x9F\x98\x80 ok"}));
    EXPECT_EQ(t->rows[1].fields, (std::vector<std::string>{"Cantù, \"Brianza\"", "ü"}));
  }
}

TEST(CsvStream, RowLargerThanTheBufferGrowsIt) {
  std::string big(100000, 'x');
  std::string quoted = "\"" + std::string(50000, 'y') + "\"\"\n" + std::string(50000, 'z') + "\"";
  auto t = ReadAll("a,b\n" + big + ",1\n2," + quoted + "\n3,4\n", 16);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[0].fields[0], big);
  EXPECT_EQ(t->rows[1].fields[1], std::string(50000, 'y') + "\"\n" + std::string(50000, 'z'));
  EXPECT_EQ(t->rows[2].line, 5);
}

TEST(CsvStream, ReadsAFileFromDiskWithProgress) {
  auto path = std::filesystem::temp_directory_path() / ("pdz_csv_stream_" + std::to_string(::getpid()) + ".csv");
  std::string text = "id;nome\r\n";
  for (int i = 0; i < 5000; ++i) text += std::to_string(i) + ";\"nome " + std::to_string(i) + "\"\r\n";
  std::ofstream(path, std::ios::binary) << text;
  for (std::size_t size : {std::size_t{16}, std::size_t{4} << 20}) {
    auto s = CsvStream::OpenFile(path.string(), "anagrafe.csv", {.buffer_size = size});
    ASSERT_TRUE(s) << s.error().message;
    CsvStream& stream = **s;
    EXPECT_EQ(stream.total_bytes(), static_cast<std::int64_t>(text.size()));
    CsvRowView row;
    std::int64_t rows = 0, last_progress = 0;
    for (;;) {
      auto more = stream.Next(row);
      ASSERT_TRUE(more);
      if (!*more) break;
      EXPECT_EQ(row.fields[0], std::to_string(rows));
      EXPECT_EQ(row.fields[1], "nome " + std::to_string(rows));
      EXPECT_EQ(row.line, rows + 2);
      EXPECT_GE(stream.bytes_read(), last_progress);
      EXPECT_LE(stream.bytes_read(), stream.total_bytes());
      last_progress = stream.bytes_read();
      ++rows;
    }
    EXPECT_EQ(rows, 5000);
    EXPECT_EQ(stream.bytes_read(), stream.total_bytes());
  }
  std::filesystem::remove(path);
  auto missing = CsvStream::OpenFile(path.string(), "anagrafe.csv");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().details[0].file, "anagrafe.csv");
}

/// A random CSV-ish text: mostly well-formed rows (quoted fields with separators, "" and newlines,
/// CRLF, blank lines, a BOM, sometimes a wrong field count or no final newline), sometimes token soup.
std::string RandomCsv(std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  static const char* kSoup[] = {"a", "bc", ",", ";", "\"", "\"\"", "\n", "\r\n", "\r", " ", "é", "€"};
  std::string text = pick(8) == 0 ? "\xEF\xBB\xBF" : "";
  if (pick(6) == 0) {
    for (int i = pick(60); i > 0; --i) text += kSoup[pick(12)];
    return text;
  }
  char sep = pick(2) ? ';' : ',';
  int columns = 1 + pick(5);
  int rows = pick(12);
  const char* eol = pick(2) ? "\n" : "\r\n";
  auto field = [&]() {
    std::string f;
    switch (pick(5)) {
      case 0:
        break;
      case 1:
      case 2:
        for (int i = pick(8); i > 0; --i) f += kSoup[pick(2) ? 0 : 10 + pick(2)];
        break;
      default:
        f = "\"";
        for (int i = pick(8); i > 0; --i) {
          static const char* kQuoted[] = {"x", "\"\"", ",", ";", "\n", "\r\n", "à", " "};
          f += kQuoted[pick(8)];
        }
        f += "\"";
    }
    return f;
  };
  for (int r = 0; r <= rows; ++r) {
    if (pick(8) == 0) text += eol;  // a blank line
    int n = pick(15) == 0 ? 1 + pick(6) : columns;
    for (int c = 0; c < n; ++c) text += (c ? std::string(1, sep) : "") + field();
    if (r < rows || pick(2)) text += eol;
  }
  return text;
}

TEST(CsvStream, MatchesParseCsvOnRandomFiles) {
  std::mt19937 rng(20240607);
  int compared_ok = 0, compared_errors = 0;
  for (int iteration = 0; iteration < 600; ++iteration) {
    std::string text = RandomCsv(rng);
    auto expected = ParseCsv(text, "f.csv");
    for (std::size_t size : {std::size_t{1}, std::size_t{5}, std::size_t{16}, std::size_t{4} << 20}) {
      auto got = ReadAll(text, size);
      ASSERT_EQ(bool(got), bool(expected))
          << "text: [" << text << "] buffer " << size << ": " << (got ? expected.error().message : got.error().message);
      if (expected) {
        ASSERT_EQ(got->header, expected->header) << text;
        ASSERT_EQ(got->rows.size(), expected->rows.size()) << text;
        for (std::size_t i = 0; i < got->rows.size(); ++i) {
          ASSERT_EQ(got->rows[i].line, expected->rows[i].line) << text;
          ASSERT_EQ(got->rows[i].fields, expected->rows[i].fields) << text;
        }
      } else {
        ASSERT_EQ(got.error().message, expected.error().message) << text;
        ASSERT_EQ(got.error().details[0].row, expected.error().details[0].row) << text;
      }
    }
    expected ? ++compared_ok : ++compared_errors;
  }
  // The generator must exercise both outcomes.
  EXPECT_GT(compared_ok, 300);
  EXPECT_GT(compared_errors, 30);
}

}  // namespace
}  // namespace pdz::io
