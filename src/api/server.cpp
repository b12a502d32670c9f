// HTTP plumbing: sessions from cookies, CSRF, JSON bodies, the error shape, static files.
#include "api/server.hpp"

#include <httplib.h>

#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "api/json_errors.hpp"
#include "api/routes.hpp"

namespace pdz::api {

using nlohmann::json;

namespace {

const std::vector<std::pair<std::string, std::string>> kSystemRoutes = {
    {"GET", "/healthz"},
    {"GET", "/api/v1/openapi.json"},
    {"GET", "/api/docs"},
};

/// "/api/v1/ambiti/{code}" -> regex "/api/v1/ambiti/([^/]+)" and the parameter names.
std::pair<std::string, std::vector<std::string>> ToRegex(const std::string& path) {
  static const std::regex kParam(R"(\{([a-z_]+)\})");
  std::vector<std::string> names;
  for (std::sregex_iterator it(path.begin(), path.end(), kParam), end; it != end; ++it) names.push_back((*it)[1]);
  return {std::regex_replace(path, kParam, "([^/]+)"), names};
}

std::string CookieValue(const httplib::Request& req, const std::string& name) {
  std::string header = req.get_header_value("Cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    std::string part = header.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    part.erase(0, part.find_first_not_of(' '));
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return {};
}

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  std::stringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  return true;
}

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  if (status != 204) res.set_content(body.dump(), "application/json; charset=utf-8");
}

void SendError(httplib::Response& res, const Error& e) { SendJson(res, ErrorCodeHttpStatus(e.code), ErrorJson(e)); }

}  // namespace

std::vector<std::string> RouteList() {
  std::vector<std::string> out;
  for (const auto& [m, p] : kSystemRoutes) out.push_back(m + " " + p);
  for (const auto& r : detail::BuildRoutes(nullptr)) out.push_back(r.method + " " + r.path);
  return out;
}

struct Server::Impl {
  app::App& app;
  ServerOptions options;
  httplib::Server http;

  Impl(app::App& a, ServerOptions o) : app(a), options(std::move(o)) {}

  void Handle(const detail::Route& route, const std::vector<std::string>& names, const httplib::Request& req,
              httplib::Response& res) {
    detail::Call call;
    for (size_t i = 0; i < names.size() && i + 1 < req.matches.size(); ++i) {
      call.path[names[i]] = httplib::detail::decode_url(req.matches[i + 1].str(), false);
    }
    for (const auto& [k, v] : req.params) call.query.emplace(k, v);
    call.session_token = CookieValue(req, "pdz_session");
    if (!call.session_token.empty()) {
      auto session = app.Authenticate(call.session_token);
      if (session) {
        call.actor = session->actor;
        call.session = std::move(session).value();
      }
    }
    if (route.method != "GET" && !route.csrf_exempt && call.session) {
      std::string token = req.get_header_value("X-CSRF-Token");
      if (token.empty() || token != call.session->csrf_token) {
        return SendError(
            res, MakeError(ErrorCode::kCsrfFailed,
                           "Richiesta rifiutata: manca il token anti-CSRF o non è valido. Ricarica la pagina."));
      }
    }
    if (route.body == detail::Body::kRaw) call.raw_body = req.body;
    if (route.body == detail::Body::kJson) {
      call.body = json::parse(req.body, nullptr, false);
      if (call.body.is_discarded()) {
        return SendError(res, MakeError(ErrorCode::kInvalidJson, "Il corpo della richiesta non è un JSON valido.",
                                        {{.field = "body", .reason = "JSON non valido"}}));
      }
    }
    Result<detail::Reply> reply = route.handler(call);
    if (!reply) return SendError(res, reply.error());
    for (const auto& c : reply->set_cookies) res.set_header("Set-Cookie", c);
    for (const auto& [name, value] : reply->headers) res.set_header(name.c_str(), value);
    if (!reply->raw.empty()) {
      res.status = reply->status;
      res.set_content(reply->raw, reply->content_type.c_str());
      return;
    }
    SendJson(res, reply->status, reply->body);
  }

  void Setup() {
    // Headers and body go out in two writes: without TCP_NODELAY the body waits for the client's
    // delayed ACK (about 40 ms per request on a kept-alive connection, e.g. behind nginx).
    http.set_tcp_nodelay(true);
    http.set_payload_max_length(options.max_body_bytes);
    http.set_default_headers(
        {{"X-Content-Type-Options", "nosniff"}, {"X-Frame-Options", "DENY"}, {"Referrer-Policy", "same-origin"}});
    http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
      SendJson(res, 200, json{{"status", "ok"}});
    });
    http.Get("/api/v1/openapi.json", [this](const httplib::Request&, httplib::Response& res) {
      std::string text;
      if (!ReadFile(options.static_dir + "/openapi.json", text)) {
        return SendError(res, MakeError(ErrorCode::kNotFound,
                                        "Documento OpenAPI non disponibile: costruire il front end (make web)."));
      }
      res.set_content(text, "application/json; charset=utf-8");
    });
    http.Get("/api/docs", [this](const httplib::Request&, httplib::Response& res) {
      std::string text;
      if (!ReadFile(options.static_dir + "/api-docs.html", text)) {
        return SendError(res, MakeError(ErrorCode::kNotFound, "Pagina della documentazione non disponibile."));
      }
      res.set_content(text, "text/html; charset=utf-8");
    });
    for (auto& route : detail::BuildRoutes(&app)) {
      auto [pattern, names] = ToRegex(route.path);
      auto handler = [this, route, names = names](const httplib::Request& req, httplib::Response& res) {
        Handle(route, names, req, res);
      };
      if (route.method == "GET")
        http.Get(pattern, handler);
      else if (route.method == "POST")
        http.Post(pattern, handler);
      else if (route.method == "PATCH")
        http.Patch(pattern, handler);
      else if (route.method == "PUT")
        http.Put(pattern, handler);
      else if (route.method == "DELETE")
        http.Delete(pattern, handler);
    }
    if (!options.static_dir.empty()) http.set_mount_point("/", options.static_dir);
    http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "?";
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      std::cerr << "pdz: internal error on " << req.method << " " << req.path << ": " << what << "\n";
      SendError(res, MakeError(ErrorCode::kInternal, "Errore interno del server: è stato registrato."));
    });
    http.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req,
                                                                       httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      bool api = req.path.rfind("/api/", 0) == 0 || req.path == "/healthz";
      if (res.status == 413 &&
          req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
        // The HTTP library caps form bodies far below our limit: uploads must say what they are.
        SendError(res, MakeError(ErrorCode::kPayloadTooLarge,
                                 "Corpo inviato come modulo web (application/x-www-form-urlencoded): per caricare un "
                                 "file usare Content-Type application/octet-stream, text/csv o quello del file.",
                                 {{.field = "Content-Type",
                                   .value = req.get_header_value("Content-Type"),
                                   .reason = "non adatto al caricamento di file"}}));
      } else if (res.status == 413) {
        SendError(res, MakeError(ErrorCode::kPayloadTooLarge,
                                 "Richiesta troppo grande: il limite è " +
                                     std::to_string(options.max_body_bytes / (1024 * 1024)) + " MiB."));
      } else if (res.status == 404 && !api && req.method == "GET") {
        std::string index;
        if (ReadFile(options.static_dir + "/index.html", index)) {  // the web app routes by itself
          res.status = 200;
          res.set_content(index, "text/html; charset=utf-8");
        } else {
          SendError(res, MakeError(ErrorCode::kNotFound, "Pagina non trovata."));
        }
      } else if (res.status == 404 || res.status == 405) {
        res.status = 404;
        SendError(res, MakeError(ErrorCode::kRouteNotFound, "Percorso " + req.method + " " + req.path + " inesistente.",
                                 {{.field = "path", .value = req.path}}));
      } else if (res.status == 400) {
        SendError(res, MakeError(ErrorCode::kBadRequest, "Richiesta HTTP non valida."));
      } else {
        SendError(res, MakeError(ErrorCode::kInternal, "Errore HTTP " + std::to_string(res.status) + "."));
      }
      return httplib::Server::HandlerResponse::Handled;
    }));
  }
};

Server::Server(app::App& app, ServerOptions options) : impl_(std::make_unique<Impl>(app, std::move(options))) {
  impl_->Setup();
}

Server::~Server() = default;

Result<void> Server::Run() {
  if (!impl_->http.bind_to_port(impl_->options.host, impl_->options.port)) {
    return MakeError(ErrorCode::kInternal, "Impossibile ascoltare su " + impl_->options.host + ":" +
                                               std::to_string(impl_->options.port) + " (porta occupata?).");
  }
  if (!impl_->http.listen_after_bind()) {
    return MakeError(ErrorCode::kInternal, "Il server HTTP si è fermato per un errore.");
  }
  return Ok();
}

void Server::Stop() { impl_->http.stop(); }

}  // namespace pdz::api
