// Row accessors and the adapter choice by URL.
#include "storage/database.hpp"

#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace pdz::storage {

bool Row::IsNull(size_t i) const { return std::holds_alternative<std::monostate>(At(i)); }

const Value& Row::At(size_t i) const {
  PDZ_ASSERT(i < values_.size(), "column index out of range");
  return values_[i];
}

std::int64_t Row::Int(size_t i) const {
  const auto& v = At(i);
  if (auto p = std::get_if<std::int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<std::int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::stoll(*p);
  return 0;
}

double Row::Real(size_t i) const {
  const auto& v = At(i);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::stod(*p);
  return 0;
}

std::string Row::Text(size_t i) const {
  const auto& v = At(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<Blob>(&v)) return p->bytes;
  return {};
}

const std::string& Row::Bytes(size_t i) const {
  static const std::string empty;
  const auto& v = At(i);
  if (auto p = std::get_if<Blob>(&v)) return p->bytes;
  if (auto p = std::get_if<std::string>(&v)) return *p;
  return empty;
}

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

bool IsPostgresUrl(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

std::string RedactedUrl(const std::string& url) {
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t at = url.find('@', scheme + 3);
  if (at == std::string::npos) return url;
  size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, bool create) {
  if (IsPostgresUrl(url)) return postgres::OpenPostgres(url, create);
  return sqlite::OpenSqlite(url, create);
}

}  // namespace pdz::storage
