// Reading typed fields out of JSON documents, collecting every problem with its JSON path.
// Used by file parsers here and by the API's request bodies.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/date.hpp"
#include "core/territory/territory.hpp"
#include "io/territory_file.hpp"

namespace pdz::io {

/// A JSON value as shown in error details: strings as they are, anything else as JSON text.
std::string ShownValue(const nlohmann::json& v);

class JsonFields {
 public:
  explicit JsonFields(std::string file = {}) { problems.file = std::move(file); }

  /// A string field; "" when absent (a problem when required) or of another type (a problem).
  std::string String(const nlohmann::json& obj, const char* key, const std::string& path, bool required);
  /// A stable code (lower-case letters, digits, '-', '_'); required.
  std::string Code(const nlohmann::json& obj, const char* key, const std::string& path);
  std::optional<Date> DateField(const nlohmann::json& obj, const char* key, const std::string& path, bool required);
  std::optional<std::int64_t> Integer(const nlohmann::json& obj, const char* key, const std::string& path,
                                      bool required);
  std::optional<bool> Bool(const nlohmann::json& obj, const char* key, const std::string& path, bool required);
  /// The elements of an array field with their paths ("ambiti[0]"); empty when absent or not an array.
  std::vector<std::pair<nlohmann::json, std::string>> Array(const nlohmann::json& obj, const char* key,
                                                            const std::string& path);
  core::Capofila CapofilaField(const nlohmann::json& obj, const char* key, const std::string& path);
  core::UfficioDiPiano UdpField(const nlohmann::json& obj, const char* key, const std::string& path);
  /// Flags every key of `obj` not in `known`.
  void RejectUnknown(const nlohmann::json& obj, const std::vector<std::string>& known, const std::string& path);

  bool ok() const { return problems.details.empty(); }
  /// A validation_failed error carrying every problem.
  Error ToError(const std::string& message) const;

  JsonProblems problems;
};

/// Reads one ambito object (as in territory files and the API's create body) at `path`.
AmbitoRecord ReadAmbito(const nlohmann::json& obj, const std::string& path, JsonFields& in, bool with_region);

}  // namespace pdz::io
