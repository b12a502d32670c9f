// ZIP archives in memory (libzip): the container of DOCX, XLSX and transmission packages.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/error.hpp"

namespace pdz::io::doc {

/// One member of an archive: its name (a path inside the archive) and its bytes.
using ArchiveFile = std::pair<std::string, std::string>;

/// The bytes of a zip archive holding `files`, in that order. `what` names the product in errors
/// ("DOCX", "XLSX", "pacchetto").
Result<std::string> ZipFiles(const std::vector<ArchiveFile>& files, std::string_view what);

/// The members of a zip archive (directories skipped). Fails with a validation error naming `file`
/// when the bytes are not a zip archive, or when the members would exceed `max_bytes` uncompressed
/// (a guard against zip bombs).
Result<std::vector<ArchiveFile>> UnzipFiles(std::string_view bytes, const std::string& file, size_t max_bytes);

}  // namespace pdz::io::doc
