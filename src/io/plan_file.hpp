// The plan exchange format ("pdz-plan/1", JSON): parsing with path-named errors, and writing.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/base/error.hpp"
#include "core/plan/plan.hpp"

namespace pdz::io {

/// Reads a plan document; every problem is named by its path and, for a file, its line.
Result<core::Plan> ParsePlanJson(std::string_view text, const std::string& file);
/// The same from an already parsed JSON value (API bodies); paths are prefixed with `prefix`.
Result<core::Plan> ReadPlan(const nlohmann::json& doc, const std::string& file, const std::string& prefix = "");
/// Writes the plan in the same format (what the API answers and `pdz plan import` reads).
nlohmann::json PlanToJson(const core::Plan& plan);

}  // namespace pdz::io
