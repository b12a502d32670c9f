// Error values to their JSON shape.
#include "api/json_errors.hpp"

namespace pdz::api {

nlohmann::json ErrorJson(const Error& e) {
  nlohmann::json details = nlohmann::json::array();
  for (const auto& d : e.details) {
    nlohmann::json item = nlohmann::json::object();
    if (!d.file.empty()) item["file"] = d.file;
    if (d.row > 0) item["row"] = d.row;
    if (!d.field.empty()) item["field"] = d.field;
    if (d.value_is_json) {
      item["value"] = nlohmann::json::parse(d.value, nullptr, false);
    } else if (!d.value.empty()) {
      item["value"] = d.value;
    }
    if (!d.reason.empty()) item["reason"] = d.reason;
    details.push_back(std::move(item));
  }
  return {{"error", {{"code", std::string(ErrorCodeName(e.code))}, {"message", e.message}, {"details", details}}}};
}

}  // namespace pdz::api
