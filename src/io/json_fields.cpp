// Typed JSON field reading with path-named problems.
#include "io/json_fields.hpp"

#include <algorithm>

namespace pdz::io {

using nlohmann::json;

namespace {
std::string Join(const std::string& path, const char* key) { return path.empty() ? key : path; }
std::string Shown(const json& v) { return ShownValue(v); }
}  // namespace

std::string ShownValue(const json& v) {
  std::string s = v.is_string() ? v.get<std::string>() : v.dump();
  return s.size() > 200 ? s.substr(0, 200) + "…" : s;
}

std::string JsonFields::String(const json& obj, const char* key, const std::string& path, bool required) {
  std::string p = Join(path, key);
  if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) {
    if (required) problems.Add(p, "", "campo obbligatorio mancante");
    return {};
  }
  const auto& v = obj[key];
  if (!v.is_string()) {
    problems.Add(p, Shown(v), "atteso un testo");
    return {};
  }
  std::string s = v.get<std::string>();
  if (required && s.find_first_not_of(" \t\r\n") == std::string::npos) {
    problems.Add(p, s, "il campo non può essere vuoto");
  } else if (s.size() > 10000) {
    problems.Add(p, Shown(v), "testo troppo lungo (massimo 10.000 caratteri)");
  }
  return s;
}

std::string JsonFields::Code(const json& obj, const char* key, const std::string& path) {
  size_t before = problems.details.size();
  std::string s = String(obj, key, path, true);
  if (problems.details.size() == before && !core::IsStableCode(s)) {
    problems.Add(Join(path, key), s, "codice non valido: lettere minuscole, cifre, '-' e '_', ad es. 'medio-olona'");
  }
  return s;
}

std::optional<Date> JsonFields::DateField(const json& obj, const char* key, const std::string& path, bool required) {
  size_t before = problems.details.size();
  std::string s = String(obj, key, path, required);
  if (s.empty() || problems.details.size() != before) return std::nullopt;
  auto d = Date::Parse(s);
  if (!d) problems.Add(Join(path, key), s, "attesa una data reale nel formato AAAA-MM-GG, ad es. 2018-06-30");
  return d;
}

std::optional<std::int64_t> JsonFields::Integer(const json& obj, const char* key, const std::string& path,
                                                bool required) {
  std::string p = Join(path, key);
  if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) {
    if (required) problems.Add(p, "", "campo obbligatorio mancante");
    return std::nullopt;
  }
  const auto& v = obj[key];
  if (!v.is_number_integer()) {
    problems.Add(p, Shown(v), "atteso un numero intero");
    return std::nullopt;
  }
  return v.get<std::int64_t>();
}

std::optional<bool> JsonFields::Bool(const json& obj, const char* key, const std::string& path, bool required) {
  std::string p = Join(path, key);
  if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) {
    if (required) problems.Add(p, "", "campo obbligatorio mancante");
    return std::nullopt;
  }
  if (!obj[key].is_boolean()) {
    problems.Add(p, Shown(obj[key]), "atteso true o false");
    return std::nullopt;
  }
  return obj[key].get<bool>();
}

std::vector<std::pair<json, std::string>> JsonFields::Array(const json& obj, const char* key, const std::string& path) {
  std::vector<std::pair<json, std::string>> out;
  if (!obj.is_object() || !obj.contains(key)) return out;
  const auto& v = obj[key];
  if (!v.is_array()) {
    problems.Add(path, Shown(v), "atteso un elenco (array JSON)");
    return out;
  }
  for (size_t i = 0; i < v.size(); ++i) out.emplace_back(v[i], path + "[" + std::to_string(i) + "]");
  return out;
}

core::Capofila JsonFields::CapofilaField(const json& obj, const char* key, const std::string& path) {
  core::Capofila c;
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_object()) {
    problems.Add(path, obj.is_object() && obj.contains(key) ? Shown(obj[key]) : "",
                 "atteso un oggetto {\"name\", \"type\"}");
    return c;
  }
  const auto& v = obj[key];
  c.name = String(v, "name", path + ".name", true);
  std::string type = String(v, "type", path + ".type", true);
  if (!type.empty()) {
    if (auto t = core::ParseCapofilaType(type))
      c.type = *t;
    else
      problems.Add(path + ".type", type, "tipo di capofila non valido: ammessi " + core::CapofilaTypeCodes());
  }
  return c;
}

core::UfficioDiPiano JsonFields::UdpField(const json& obj, const char* key, const std::string& path) {
  core::UfficioDiPiano u;
  if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) return u;
  const auto& v = obj[key];
  if (!v.is_object()) {
    problems.Add(path, Shown(v), "atteso un oggetto");
    return u;
  }
  RejectUnknown(v, {"host_body", "address", "email", "phone", "pec", "head"}, path);
  u.host_body = String(v, "host_body", path + ".host_body", false);
  u.address = String(v, "address", path + ".address", false);
  u.email = String(v, "email", path + ".email", false);
  u.phone = String(v, "phone", path + ".phone", false);
  u.pec = String(v, "pec", path + ".pec", false);
  u.head = String(v, "head", path + ".head", false);
  for (auto [field, value] : {std::pair{"email", &u.email}, std::pair{"pec", &u.pec}}) {
    if (!value->empty() && (value->find('@') == std::string::npos || value->find(' ') != std::string::npos)) {
      problems.Add(path + "." + field, *value, "indirizzo di posta non valido, ad es. ufficio.piano@comune.it");
    }
  }
  return u;
}

void JsonFields::RejectUnknown(const json& obj, const std::vector<std::string>& known, const std::string& path) {
  if (!obj.is_object()) return;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
      problems.Add(path.empty() ? it.key() : path + "." + it.key(), "", "campo sconosciuto");
    }
  }
}

Error JsonFields::ToError(const std::string& message) const {
  return MakeError(ErrorCode::kValidationFailed, message, problems.details);
}

}  // namespace pdz::io
