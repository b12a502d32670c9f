// Login, sessions, logout: argon2id password hashes, random tokens stored hashed, throttling.
#include <sodium.h>
#include <unistd.h>

#include "app/app.hpp"
#include "app/detail/internals.hpp"
#include "app/detail/knowledge.hpp"
#include "app/detail/users.hpp"

namespace pdz::app {
namespace {

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), buf.data(), buf.size());
  hex.pop_back();
  return hex;
}

std::string TokenHash(const std::string& token) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

}  // namespace

App::App(storage::Database& db, const Clock& clock, AppConfig config)
    : knowledge_(std::make_shared<Knowledge>()), db_(db), clock_(clock), config_(config) {
  PDZ_ASSERT(sodium_init() >= 0, "libsodium failed to initialise");
  char host[128] = {};
  gethostname(host, sizeof host - 1);
  knowledge_->process = std::string(host) + ":" + std::to_string(getpid()) + ":" + RandomHex(4);
}

namespace detail {

Result<std::string> HashPassword(const std::string& password) {
  if (password.size() < 4 || password.size() > 200) {
    return MakeError(ErrorCode::kValidationFailed, "La password deve avere da 4 a 200 caratteri.",
                     {{.field = "password", .reason = "lunghezza non ammessa"}});
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return MakeError(ErrorCode::kInternal, "Memoria insufficiente per calcolare l'hash della password.");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace detail

Result<LoginResult> App::Login(const std::string& username, const std::string& password) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  std::int64_t now = clock_.NowSeconds();
  PDZ_ASSIGN(auto failures, conn->Query("SELECT count(*) FROM login_failures WHERE username = ? AND at > ?",
                                        {username, now - config_.login_window_seconds}));
  if (failures[0].Int(0) >= config_.max_login_failures) {
    return MakeError(ErrorCode::kTooManyAttempts, "Troppi tentativi di accesso non riusciti: riprova tra 15 minuti.");
  }
  PDZ_ASSIGN(auto rows, conn->Query("SELECT id, password_hash, active FROM users WHERE username = ?", {username}));
  bool ok = !rows.empty() && rows[0].Int(2) == 1 && detail::VerifyPassword(rows[0].Text(1), password);
  if (!ok) {
    PDZ_TRY(conn->Exec("INSERT INTO login_failures (username, at) VALUES (?, ?)", {username, now}));
    return MakeError(ErrorCode::kInvalidCredentials, "Nome utente o password non corretti, o utenza disattivata.");
  }
  std::int64_t user_id = rows[0].Int(0);
  LoginResult result;
  result.token = RandomHex(32);
  result.csrf_token = RandomHex(32);
  PDZ_TRY(InTransaction(*conn, [&]() -> Result<void> {
    PDZ_TRY(conn->Exec("DELETE FROM login_failures WHERE username = ? OR at < ?",
                       {username, now - config_.login_window_seconds}));
    PDZ_TRY(conn->Exec("DELETE FROM sessions WHERE last_seen < ?", {now - config_.session_idle_seconds}));
    PDZ_TRY(conn->Exec(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) VALUES (?, ?, ?, ?, ?)",
        {TokenHash(result.token), user_id, result.csrf_token, now, now}));
    return Ok();
  }));
  PDZ_ASSIGN(result.user, detail::UserDocument(*conn, user_id));
  return result;
}

Result<Session> App::Authenticate(const std::string& token) {
  auto unauthenticated = [] {
    return MakeError(ErrorCode::kUnauthenticated, "Sessione assente o scaduta: accedi di nuovo.");
  };
  if (token.empty()) return unauthenticated();
  PDZ_ASSIGN(auto conn, db_.Connect());
  std::int64_t now = clock_.NowSeconds();
  std::string hash = TokenHash(token);
  PDZ_ASSIGN(auto rows, conn->Query("SELECT s.user_id, s.csrf_token, s.last_seen, u.username FROM sessions s "
                                    "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND u.active = 1",
                                    {hash}));
  if (rows.empty() || rows[0].Int(2) < now - config_.session_idle_seconds) return unauthenticated();
  Session session;
  session.actor.user_id = rows[0].Int(0);
  session.actor.username = rows[0].Text(3);
  session.csrf_token = rows[0].Text(1);
  PDZ_ASSIGN(session.actor.grants, detail::GrantsOf(*conn, session.actor.user_id));
  if (now - rows[0].Int(2) >= 60) {
    PDZ_TRY(conn->Exec("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", {now, hash}));
  }
  return session;
}

Result<void> App::Logout(const std::string& token) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_TRY(conn->Exec("DELETE FROM sessions WHERE token_hash = ?", {TokenHash(token)}));
  return Ok();
}

Result<json> App::SessionView(const Session& session) {
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(json user, detail::UserDocument(*conn, session.actor.user_id));
  return json{{"user", user}, {"csrf_token", session.csrf_token}};
}

}  // namespace pdz::app
