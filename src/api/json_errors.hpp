// The one JSON error shape: {"error":{"code","message","details":[{file,row,field,value,reason}]}}.
#pragma once

#include <nlohmann/json.hpp>

#include "core/base/error.hpp"

namespace pdz::api {

nlohmann::json ErrorJson(const Error& error);

}  // namespace pdz::api
