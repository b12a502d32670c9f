// ZIP archives in memory with libzip.
#include "io/document/archive.hpp"

#include <zip.h>

namespace pdz::io::doc {

namespace {

Error ZipError(std::string_view product, std::string_view what, std::string_view detail) {
  return MakeError(ErrorCode::kInternal, "Impossibile generare il " + std::string(product) + " (" + std::string(what) +
                                             "): " + std::string(detail) + ".");
}

Error NotAnArchive(const std::string& file, std::string_view reason) {
  return MakeError(ErrorCode::kValidationFailed, "Il file " + file + " non è leggibile: " + std::string(reason) + ".",
                   {{.file = file, .reason = std::string(reason)}});
}

}  // namespace

Result<std::string> ZipFiles(const std::vector<ArchiveFile>& files, std::string_view what) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) {
    Error e = ZipError(what, "buffer", zip_error_strerror(&error));
    zip_error_fini(&error);
    return e;
  }
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    Error e = ZipError(what, "apertura", zip_error_strerror(&error));
    zip_error_fini(&error);
    zip_source_free(buffer);
    return e;
  }
  zip_error_fini(&error);
  zip_source_keep(buffer);  // the archive's close must leave the buffer to us
  for (const auto& [name, content] : files) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    if (source == nullptr || zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      Error e = ZipError(what, name, zip_strerror(archive));
      if (source != nullptr) zip_source_free(source);
      zip_discard(archive);
      zip_source_free(buffer);
      return e;
    }
  }
  if (zip_close(archive) < 0) {
    Error e = ZipError(what, "chiusura", zip_strerror(archive));
    zip_discard(archive);
    zip_source_free(buffer);
    return e;
  }
  std::string bytes;
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_source_stat(buffer, &stat) < 0 || zip_source_open(buffer) < 0) {
    Error e = ZipError(what, "lettura", zip_error_strerror(zip_source_error(buffer)));
    zip_source_free(buffer);
    return e;
  }
  bytes.resize(static_cast<size_t>(stat.size));
  zip_int64_t read = zip_source_read(buffer, bytes.data(), bytes.size());
  zip_source_close(buffer);
  zip_source_free(buffer);
  if (read < 0 || static_cast<size_t>(read) != bytes.size()) return ZipError(what, "lettura", "archivio incompleto");
  return bytes;
}

Result<std::vector<ArchiveFile>> UnzipFiles(std::string_view bytes, const std::string& file, size_t max_bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return NotAnArchive(file, "memoria insufficiente");
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (archive == nullptr) {
    zip_source_free(source);
    return NotAnArchive(file, "non è un archivio ZIP (un file XLSX lo è)");
  }
  std::vector<ArchiveFile> out;
  size_t total = 0;
  zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat) < 0 || stat.name == nullptr) continue;
    std::string name = stat.name;
    if (!name.empty() && name.back() == '/') continue;
    total += static_cast<size_t>(stat.size);
    if (total > max_bytes) {
      zip_discard(archive);
      return NotAnArchive(file, "contenuto decompresso oltre " + std::to_string(max_bytes / (1024 * 1024)) + " MB");
    }
    zip_file_t* member = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    if (member == nullptr) {
      zip_discard(archive);
      return NotAnArchive(file, "la parte " + name + " non si può leggere");
    }
    std::string content(static_cast<size_t>(stat.size), '\0');
    zip_int64_t read = zip_fread(member, content.data(), content.size());
    zip_fclose(member);
    if (read < 0 || static_cast<size_t>(read) != content.size()) {
      zip_discard(archive);
      return NotAnArchive(file, "la parte " + name + " è danneggiata");
    }
    out.emplace_back(std::move(name), std::move(content));
  }
  zip_discard(archive);
  return out;
}

}  // namespace pdz::io::doc
