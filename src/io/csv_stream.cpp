// Streaming CSV reading: a big buffer, memchr and word-at-a-time scans for plain lines, a byte-level
// state machine (the same as ParseCsv's) for lines with quotes.
#include "io/csv_stream.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <utility>

namespace pdz::io {

/// Where the bytes come from: a file descriptor or an owned text.
class CsvStream::Source {
 public:
  virtual ~Source() = default;
  /// Up to `n` bytes into `dst`; 0 at the end.
  virtual Result<std::size_t> Read(char* dst, std::size_t n) = 0;
};

namespace {

static_assert(std::endian::native == std::endian::little, "the word-at-a-time scans assume little-endian");

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
constexpr std::size_t kNoError = static_cast<std::size_t>(-1);

/// Non-zero when some byte of `w` equals `c` (exact as a yes/no answer).
inline std::uint64_t HasByte(std::uint64_t w, unsigned char c) {
  std::uint64_t v = w ^ (kOnes * c);
  return (v - kOnes) & ~v & kHighBits;
}

/// 0x80 in exactly the bytes of `w` that are zero.
inline std::uint64_t ZeroBytes(std::uint64_t w) {
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  return ~(((w & kLow7) + kLow7) | w | kLow7);
}

/// 8 bytes, the first in the lowest bits (ZeroBytes' bit order relies on it).
inline std::uint64_t Load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

/// Offset of the first byte that does not start a valid UTF-8 sequence (overlong forms, surrogates and
/// code points above U+10FFFF rejected), or kNoError. ASCII runs are skipped 8 bytes at a time.
std::size_t Utf8ErrorOffset(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size(), i = 0;
  while (i < n) {
    while (i + 8 <= n && (Load8(text.data() + i) & kHighBits) == 0) i += 8;
    if (i >= n) break;
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n || s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return kNoError;
}

/// Splits a line whose quotes are all simple (a field "..." with no "" nor newline inside, followed by
/// the separator or the end) and that holds no '\r': the fields are views of the line, nothing is
/// copied. False when the line needs the general path.
bool SplitSimpleQuotes(const char* p, const char* end, char sep, std::vector<std::string_view>& fields) {
  if (std::memchr(p, '\r', end - p)) return false;
  fields.clear();
  for (;;) {
    if (p < end && *p == '"') {
      const auto* q = static_cast<const char*>(std::memchr(p + 1, '"', end - p - 1));
      if (!q || (q + 1 < end && q[1] != sep)) return false;
      fields.emplace_back(p + 1, q - p - 1);
      if (q + 1 == end) return true;
      p = q + 2;
      continue;
    }
    // Unquoted: a '"' inside it is a plain character, as in ParseCsv.
    const auto* s = static_cast<const char*>(std::memchr(p, sep, end - p));
    if (!s) {
      fields.emplace_back(p, end - p);
      return true;
    }
    fields.emplace_back(p, s - p);
    p = s + 1;
  }
}

class FileSource final : public CsvStream::Source {
 public:
  FileSource(int fd, std::string file) : fd_(fd), file_(std::move(file)) {}
  ~FileSource() override { ::close(fd_); }
  Result<std::size_t> Read(char* dst, std::size_t n) override {
    for (;;) {
      ssize_t got = ::read(fd_, dst, n);
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno == EINTR) continue;
      return MakeError(ErrorCode::kInternal,
                       "Lettura del file " + file_ + " non riuscita: " + std::strerror(errno) + ".", {{.file = file_}});
    }
  }

 private:
  int fd_;
  std::string file_;
};

class TextSource final : public CsvStream::Source {
 public:
  explicit TextSource(std::string text) : text_(std::move(text)) {}
  Result<std::size_t> Read(char* dst, std::size_t n) override {
    n = std::min(n, text_.size() - offset_);
    std::memcpy(dst, text_.data() + offset_, n);
    offset_ += n;
    return n;
  }

 private:
  std::string text_;
  std::size_t offset_ = 0;
};

}  // namespace

CsvStream::CsvStream(std::unique_ptr<Source> source, std::string display_name, std::int64_t total_bytes,
                     bool size_known, CsvStreamOptions options)
    : source_(std::move(source)), file_(std::move(display_name)), total_bytes_(total_bytes) {
  capacity_ = std::max<std::size_t>(options.buffer_size, 1);
  // A known size bounds the buffer: a small file does not need 4 MiB.
  if (size_known) capacity_ = std::min(capacity_, static_cast<std::size_t>(total_bytes_) + 1);
  buffer_.reset(new char[capacity_]);
}

CsvStream::~CsvStream() = default;

Result<std::unique_ptr<CsvStream>> CsvStream::OpenFile(const std::string& path, const std::string& display_name,
                                                       CsvStreamOptions options) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return MakeError(ErrorCode::kNotFound,
                     "Impossibile leggere il file " + display_name + ": " + std::strerror(errno) + ".",
                     {{.file = display_name}});
  }
  struct stat st {};
  std::int64_t size = 0;
  bool size_known = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (size_known) size = static_cast<std::int64_t>(st.st_size);
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  auto source = std::make_unique<FileSource>(fd, display_name);
  return Open(std::unique_ptr<CsvStream>(new CsvStream(std::move(source), display_name, size, size_known, options)));
}

Result<std::unique_ptr<CsvStream>> CsvStream::FromText(std::string text, const std::string& display_name,
                                                       CsvStreamOptions options) {
  auto size = static_cast<std::int64_t>(text.size());
  auto source = std::make_unique<TextSource>(std::move(text));
  return Open(std::unique_ptr<CsvStream>(new CsvStream(std::move(source), display_name, size, true, options)));
}

Result<std::unique_ptr<CsvStream>> CsvStream::Open(std::unique_ptr<CsvStream> stream) {
  CsvStream& s = *stream;
  // The BOM, then the whole first line: the separator is the one it holds more of, as in ParseCsv.
  while (!s.eof_ && s.end_ < 3) PDZ_TRY(s.Refill());
  if (s.end_ >= 3 && std::memcmp(s.buffer_.get(), "\xEF\xBB\xBF", 3) == 0) s.pos_ = 3;
  const char* nl = nullptr;
  while (!(nl = static_cast<const char*>(std::memchr(s.buffer_.get() + s.pos_, '\n', s.end_ - s.pos_))) && !s.eof_) {
    PDZ_TRY(s.Refill());
  }
  const char* first = s.buffer_.get() + s.pos_;
  const char* first_end = nl ? nl : s.buffer_.get() + s.end_;
  s.separator_ = std::count(first, first_end, ';') > std::count(first, first_end, ',') ? ';' : ',';

  CsvRowView row;
  PDZ_ASSIGN(bool found, s.ReadRow(row));
  if (!found) {
    return MakeError(
        ErrorCode::kValidationFailed, "Il file " + s.file_ + " è vuoto.",
        {{.file = s.file_, .row = 1, .reason = "serve una riga di intestazione con i nomi delle colonne"}});
  }
  for (std::string_view f : row.fields) {
    std::size_t b = f.find_first_not_of(" \t");
    f = b == std::string_view::npos ? std::string_view() : f.substr(b, f.find_last_not_of(" \t") + 1 - b);
    s.header_.emplace_back(f);
  }
  return stream;
}

std::optional<std::size_t> CsvStream::Column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  return std::nullopt;
}

Result<void> CsvStream::Refill() {
  if (pos_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + pos_, end_ - pos_);
    consumed_base_ += static_cast<std::int64_t>(pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ == capacity_) {  // one row fills the buffer: double it
    std::size_t grown = capacity_ * 2;
    std::unique_ptr<char[]> bigger(new char[grown]);
    std::memcpy(bigger.get(), buffer_.get(), end_);
    buffer_ = std::move(bigger);
    capacity_ = grown;
  }
  PDZ_ASSIGN(std::size_t got, source_->Read(buffer_.get() + end_, capacity_ - end_));
  if (got == 0) eof_ = true;
  end_ += got;
  return Ok();
}

Result<bool> CsvStream::Next(CsvRowView& row) {
  if (error_) return *error_;
  auto read = ReadRow(row);
  if (read && *read && row.fields.size() != header_.size()) {
    read = MakeError(ErrorCode::kValidationFailed, "Numero di colonne errato nel file " + file_ + ".",
                     {{.file = file_,
                       .row = row.line,
                       .value = std::to_string(row.fields.size()),
                       .reason = "attese " + std::to_string(header_.size()) + " colonne, trovate " +
                                 std::to_string(row.fields.size())}});
  }
  if (!read) error_ = std::make_unique<Error>(read.error());
  return read;
}

Result<bool> CsvStream::ReadRow(CsvRowView& row) {
  const char sep = separator_;
  const std::uint64_t sep_word = kOnes * static_cast<unsigned char>(sep);
  for (;;) {
    if (pos_ == end_) {
      if (eof_) return false;
      PDZ_TRY(Refill());
      continue;
    }
    const char* b = buffer_.get();
    const char* start = b + pos_;
    const auto* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
    if (!nl && !eof_) {
      PDZ_TRY(Refill());
      continue;
    }
    const char* line_end = nl ? nl : b + end_;
    const char* content_end = line_end;
    if (content_end > start && content_end[-1] == '\r') --content_end;

    if (content_end == start) {  // a blank line
      pos_ = nl ? static_cast<std::size_t>(nl - b) + 1 : end_;
      if (nl) ++line_;
      continue;
    }
    // One pass, 8 bytes at a time: split at the separators, and see whether the line holds a quote or
    // another '\r' (then it needs a closer look) or bytes above 0x7F (UTF-8 to check).
    std::uint64_t special = 0, high = 0;
    row.fields.clear();
    const char* field = start;
    const char* p = start;
    for (; p + 8 <= content_end; p += 8) {
      std::uint64_t w = Load8(p);
      high |= w;
      special |= HasByte(w, '"') | HasByte(w, '\r');
      for (std::uint64_t m = ZeroBytes(w ^ sep_word); m; m &= m - 1) {
        const char* at = p + (std::countr_zero(m) >> 3);
        row.fields.emplace_back(field, at - field);
        field = at + 1;
      }
    }
    for (; p < content_end; ++p) {
      high |= static_cast<unsigned char>(*p);
      special |= *p == '"' || *p == '\r';
      if (*p == sep) {
        row.fields.emplace_back(field, p - field);
        field = p + 1;
      }
    }
    row.fields.emplace_back(field, content_end - field);

    if (special && !SplitSimpleQuotes(start, content_end, separator_, row.fields)) {
      std::size_t row_end = 0;
      std::int64_t newlines = 0;
      PDZ_ASSIGN(Parsed parsed, ParseGeneralRow(row, row_end, newlines));
      if (parsed == Parsed::kNeedMore) {
        PDZ_TRY(Refill());
        continue;
      }
      row.line = line_;
      std::string_view raw(buffer_.get() + pos_, row_end - pos_);
      pos_ = row_end;
      line_ += newlines;
      if (row.fields.empty()) continue;  // a blank line
      PDZ_TRY(CheckUtf8(row, row.line, raw));
      return true;
    }

    pos_ = nl ? static_cast<std::size_t>(nl - b) + 1 : end_;
    row.line = line_;
    if (nl) ++line_;
    if (high & kHighBits) PDZ_TRY(CheckUtf8(row, row.line, std::string_view(start, content_end - start)));
    return true;
  }
}

Result<CsvStream::Parsed> CsvStream::ParseGeneralRow(CsvRowView& row, std::size_t& row_end, std::int64_t& newlines) {
  // The unescaped row is never longer than its raw bytes, which are in the buffer: a scratch buffer as
  // large as the buffer cannot overflow and never moves while the row's views point into it.
  if (scratch_capacity_ < capacity_) {
    scratch_.reset(new char[capacity_]);
    scratch_capacity_ = capacity_;
  }
  const char* b = buffer_.get();
  const char sep = separator_;
  char* out = scratch_.get();
  char* field = out;
  bool in_quotes = false, quoted = false, complete = false;
  newlines = 0;
  row.fields.clear();
  std::size_t i = pos_;
  for (; i < end_; ++i) {
    char c = b[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < end_ && b[i + 1] == '"') {
          *out++ = '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        newlines += c == '\n';
        *out++ = c;
      }
      continue;
    }
    if (c == '"' && out == field) {
      in_quotes = quoted = true;
    } else if (c == sep) {
      row.fields.emplace_back(field, out - field);
      field = out;
    } else if (c == '\n') {
      ++newlines;
      ++i;
      complete = true;
      break;
    } else if (c != '\r') {  // a '\r' outside quotes is dropped, as ParseCsv does
      *out++ = c;
    }
  }
  if (!complete) {  // the data ended before the row did: parse it again with more (even after a '"' at the
    if (!eof_) return Parsed::kNeedMore;  // end, which may be the first of a "")
    if (in_quotes) {
      return MakeError(ErrorCode::kValidationFailed, "Virgolette non chiuse nel file " + file_ + ".",
                       {{.file = file_, .row = line_, .reason = "un campo tra virgolette non è chiuso"}});
    }
  }
  row.fields.emplace_back(field, out - field);
  row_end = i;
  if (row.fields.size() == 1 && row.fields[0].empty() && !quoted) row.fields.clear();  // a blank line
  return Parsed::kRow;
}

Result<void> CsvStream::CheckUtf8(const CsvRowView& row, std::int64_t line, std::string_view raw) const {
  if (Utf8ErrorOffset(raw) == kNoError) return Ok();
  // Find the field (unescaping removes only ASCII bytes, so a valid raw row has valid fields, but not
  // always the other way round: a field may be fine although the raw row is not).
  for (std::size_t f = 0; f < row.fields.size(); ++f) {
    std::size_t at = Utf8ErrorOffset(row.fields[f]);
    if (at == kNoError) continue;
    static constexpr char kHex[] = "0123456789ABCDEF";
    auto byte = static_cast<unsigned char>(row.fields[f][at]);
    std::string hex = std::string("0x") + kHex[byte >> 4] + kHex[byte & 15];
    std::string column = f < header_.size() ? header_[f] : "colonna " + std::to_string(f + 1);
    return MakeError(
        ErrorCode::kValidationFailed,
        "Testo non valido nel file " + file_ + ", riga " + std::to_string(line) + ", colonna " + std::to_string(f + 1) +
            (f < header_.size() ? " (" + header_[f] + ")" : "") + ".",
        {{.file = file_,
          .row = line,
          .field = column,
          .value = hex,
          .reason = "il byte " + hex + " in posizione " + std::to_string(at + 1) + " del campo non è UTF-8 valido: " +
                    "salvare il file con codifica UTF-8 (es. 'CSV UTF-8' nel foglio di calcolo)"}});
  }
  return Ok();
}

}  // namespace pdz::io
