// The HTTP face: JSON API under /api/v1, the OpenAPI document, the web application's static files.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "core/base/error.hpp"

namespace pdz::api {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string static_dir = "web/dist";  // the built front end, openapi.json, api-docs.html
  std::size_t max_body_bytes = 10 * 1024 * 1024;
};

/// "GET /api/v1/ambiti/{code}" for every route, in the OpenAPI document's path syntax.
std::vector<std::string> RouteList();

class Server {
 public:
  Server(app::App& app, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and serves until Stop(); an error if the address cannot be bound.
  Result<void> Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pdz::api
