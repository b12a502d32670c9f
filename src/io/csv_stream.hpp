// Streaming CSV reading: ParseCsv's dialect, row by row, in bounded memory, for files of millions of rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.hpp"

namespace pdz::io {

/// One row of a CsvStream: fields are views valid until the next call to CsvStream::Next.
struct CsvRowView {
  std::int64_t line = 0;  // 1-based line number in the file where the row starts
  std::vector<std::string_view> fields;
};

struct CsvStreamOptions {
  /// Initial size of the read buffer; it grows (doubling) only when a single row is larger. Tests use
  /// a few bytes to put rows across every buffer boundary.
  std::size_t buffer_size = std::size_t{4} << 20;
};

/// Reads a CSV file (or an in-memory text) chunk by chunk. Same dialect as ParseCsv, and the same rows:
/// ',' or ';' detected from the first line (whichever occurs more often, ',' on a tie), RFC 4180 quotes
/// (a quoted field may contain the separator, "" and newlines), UTF-8 with or without BOM, \n or \r\n
/// line ends (a '\r' outside quotes is dropped), blank lines skipped, header names trimmed of spaces and
/// tabs. Unlike ParseCsv, every field is checked to be valid UTF-8. Memory: the buffer (holding at least
/// the longest row) plus a scratch buffer of the same size for fields that need unescaping.
class CsvStream {
 public:
  /// Opens a file and reads its header. Errors: the file cannot be opened (kNotFound), it is empty or
  /// holds only blank lines, its header is not valid UTF-8 or has an unterminated quote (kValidationFailed).
  /// `display_name` is the name errors give to the file (e.g. the name the user uploaded).
  static Result<std::unique_ptr<CsvStream>> OpenFile(const std::string& path, const std::string& display_name,
                                                     CsvStreamOptions options = {});
  /// Reads an in-memory text (taking ownership of it) and its header; the same errors as OpenFile.
  static Result<std::unique_ptr<CsvStream>> FromText(std::string text, const std::string& display_name,
                                                     CsvStreamOptions options = {});

  ~CsvStream();
  CsvStream(const CsvStream&) = delete;
  CsvStream& operator=(const CsvStream&) = delete;

  /// Column names, trimmed of spaces and tabs.
  const std::vector<std::string>& header() const { return header_; }
  /// Index of a header column, or nullopt.
  std::optional<std::size_t> Column(std::string_view name) const;
  /// ',' or ';'.
  char separator() const { return separator_; }

  /// The next row: true and fills `row`, false at the end of the file. An Error (kValidationFailed, its
  /// detail naming file, line and, where there is one, column) for a row with a different number of
  /// fields than the header, an unterminated quote, or a field that is not valid UTF-8; kInternal when
  /// the file cannot be read. After an error every further call returns the same error.
  Result<bool> Next(CsvRowView& row);

  /// Bytes of the input consumed so far (for progress); equals total_bytes() once Next returned false.
  std::int64_t bytes_read() const { return consumed_base_ + static_cast<std::int64_t>(pos_); }
  /// Size of the file (or text) at open; 0 when not known (a pipe).
  std::int64_t total_bytes() const { return total_bytes_; }

  class Source;  // internal: where the bytes come from (a file descriptor or an owned text)

 private:
  CsvStream(std::unique_ptr<Source> source, std::string display_name, std::int64_t total_bytes, bool size_known,
            CsvStreamOptions options);
  static Result<std::unique_ptr<CsvStream>> Open(std::unique_ptr<CsvStream> stream);

  Result<void> Refill();
  Result<bool> ReadRow(CsvRowView& row);
  enum class Parsed { kRow, kNeedMore };
  Result<Parsed> ParseGeneralRow(CsvRowView& row, std::size_t& row_end, std::int64_t& newlines);
  Result<void> CheckUtf8(const CsvRowView& row, std::int64_t line, std::string_view raw) const;

  std::unique_ptr<Source> source_;
  std::string file_;
  std::int64_t total_bytes_ = 0;
  std::vector<std::string> header_;
  char separator_ = ',';

  std::unique_ptr<char[]> buffer_;  // input bytes [pos_, end_) not yet consumed
  std::size_t capacity_ = 0;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;                 // the source has no more bytes beyond end_
  std::int64_t consumed_base_ = 0;   // input offset of buffer_[0]
  std::unique_ptr<char[]> scratch_;  // unescaped fields of the current row; capacity_ bytes
  std::size_t scratch_capacity_ = 0;
  std::int64_t line_ = 1;  // line number at pos_
  std::unique_ptr<Error> error_;
};

}  // namespace pdz::io
