// The route table: one entry per method and path, each a thin call to one app use case.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"

namespace pdz::api::detail {

/// What a handler sees: path parameters, query, body, who is calling.
struct Call {
  std::map<std::string, std::string> path;
  std::multimap<std::string, std::string> query;
  nlohmann::json body;
  std::string raw_body;  // for Body::kRaw
  std::optional<app::Session> session;
  std::string session_token;
  app::Actor actor;

  /// A query parameter, or "".
  std::string Query(const std::string& key) const;
};

/// What a handler answers: a status, a JSON body (none for 204), and cookies to set.
struct Reply {
  int status = 200;
  nlohmann::json body;
  std::vector<std::string> set_cookies;
  std::string raw;           // when set, sent instead of the JSON body
  std::string content_type;  // of `raw`
  std::vector<std::pair<std::string, std::string>> headers;
};

enum class Body { kNone, kJson, kRaw };  // kRaw: the bytes as sent (uploads of CSV/XLSX)

struct Route {
  std::string method;
  std::string path;  // OpenAPI syntax: /api/v1/ambiti/{code}
  Body body = Body::kNone;
  bool csrf_exempt = false;  // only login
  std::function<Result<Reply>(const Call&)> handler;
};

std::vector<Route> BuildRoutes(app::App* app);

}  // namespace pdz::api::detail
