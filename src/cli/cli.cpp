// pdz commands: each parses its flags, calls one use case, prints the result or the error.
#include "cli/cli.hpp"

#include <unistd.h>
#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "api/json_errors.hpp"
#include "api/server.hpp"
#include "app/app.hpp"
#include "app/rules.hpp"
#include "io/ruleset_file.hpp"
#include "storage/copy.hpp"
#include "storage/database.hpp"
#include "storage/migrations/migrations.hpp"

namespace pdz::cli {
namespace {

using nlohmann::json;

std::string Env(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

int Fail(const Error& e) {
  std::cerr << "errore: " << e.message << "\n";
  for (const auto& d : e.details) {
    std::cerr << "  -";
    if (!d.file.empty()) std::cerr << " " << d.file;
    if (d.row > 0) std::cerr << " riga " << d.row;
    if (!d.field.empty()) std::cerr << " campo " << d.field;
    if (!d.value.empty() && !d.value_is_json) std::cerr << " valore '" << d.value << "'";
    if (!d.reason.empty()) std::cerr << ": " << d.reason;
    std::cerr << "\n";
  }
  return 1;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return MakeError(ErrorCode::kNotFound, "Impossibile leggere il file '" + path + "'.", {{.file = path}});
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// Migrates a new database and loads the reference data (and the demo when asked).
Result<void> InitDatabase(app::App& a, const std::string& db_path, const std::string& data_dir, bool demo) {
  PDZ_TRY(a.Migrate());
  PDZ_ASSIGN(json reference, a.LoadReference(data_dir));
  std::cout << "Creato " << storage::RedactedUrl(db_path) << ": " << reference["comuni"] << " comuni di riferimento, "
            << reference["rulesets"] << " ruleset.\n";
  if (demo) {
    PDZ_ASSIGN(json loaded, a.LoadDemo(data_dir));
    std::cout << "Dati dimostrativi: " << loaded["territory"].dump() << ", " << loaded["accounts"].size()
              << " account, " << loaded["plans"].size() << " piani.\n";
  }
  return Ok();
}

/// Opens the database and checks its schema is the one this binary writes.
Result<std::unique_ptr<storage::Database>> OpenReady(const std::string& path) {
  PDZ_ASSIGN(auto db, storage::OpenDatabase(path, false));
  PDZ_ASSIGN(auto conn, db->Connect());
  PDZ_ASSIGN(int version, storage::SchemaVersion(*conn));
  if (version != storage::LatestSchemaVersion()) {
    return MakeError(ErrorCode::kConflict,
                     "Il database '" + storage::RedactedUrl(path) + "' è alla versione di schema " +
                         std::to_string(version) + ", questo programma usa la " +
                         std::to_string(storage::LatestSchemaVersion()) +
                         (version < storage::LatestSchemaVersion()
                              ? ": eseguire 'pdz db migrate --db " + storage::RedactedUrl(path) + "'."
                              : ": aggiornare pdz."));
  }
  return db;
}

std::string Password(const std::string& flag) {
  if (!flag.empty()) return flag;
  std::string line;
  std::getline(std::cin, line);
  return line;
}

}  // namespace

int Run(int argc, char** argv, const app::Clock& clock) {
  CLI::App cli{"pdz – Piani di Zona: programmazione sociale di ambito, governance, risorse e conoscenza"};
  cli.require_subcommand(1);
  std::string db_path = Env("PDZ_DB", "var/pdz.db");
  std::string data_dir = Env("PDZ_DATA", "data");

  auto* serve = cli.add_subcommand("serve", "Serve the web application and the API");
  api::ServerOptions server_options;
  server_options.port = std::atoi(Env("PDZ_PORT", "8080").c_str());
  server_options.static_dir = Env("PDZ_STATIC", "web/dist");
  serve->add_option("--db", db_path, "Database file (PDZ_DB)");
  serve->add_option("--port", server_options.port, "Port on 127.0.0.1 (PDZ_PORT)")->check(CLI::Range(1, 65535));
  serve->add_option("--host", server_options.host, "Address to listen on");
  serve->add_option("--static", server_options.static_dir, "Built web front end (PDZ_STATIC)");

  auto* db = cli.add_subcommand("db", "Database: init, migrate, backup");
  db->require_subcommand(1);
  auto* db_init = db->add_subcommand("init", "Create a database with the reference data");
  bool demo = false, force = false;
  db_init->add_option("--db", db_path, "Database: a SQLite file or a postgresql:// URL (PDZ_DB)");
  db_init->add_option("--data", data_dir, "Data folder (PDZ_DATA)");
  db_init->add_flag("--demo", demo, "Load the demo territory and accounts");
  db_init->add_flag("--force", force, "Replace an existing database");
  bool keep_existing = false;
  db_init->add_flag("--keep-existing", keep_existing, "Leave a database that already has a schema as it is (exit 0)");
  auto* db_migrate = db->add_subcommand("migrate", "Apply pending schema migrations");
  db_migrate->add_option("--db", db_path, "Database: a SQLite file or a postgresql:// URL (PDZ_DB)");
  auto* db_backup = db->add_subcommand("backup", "Write a consistent copy of the database");
  std::string backup_to;
  db_backup->add_option("--db", db_path, "Database file (PDZ_DB)");
  db_backup->add_option("--to", backup_to, "Backup file to write")->required();
  auto* db_copy = db->add_subcommand("copy", "Copy a whole installation between SQLite and PostgreSQL, verified");
  std::string copy_from, copy_to;
  bool copy_force = false;
  db_copy->add_option("--from", copy_from, "Source database: a SQLite file or a postgresql:// URL")->required();
  db_copy->add_option("--to", copy_to, "Target database: a SQLite file or a postgresql:// URL")->required();
  db_copy->add_flag("--force", copy_force, "Replace the contents of a non-empty target");

  auto* import = cli.add_subcommand("import", "Import data files (all-or-nothing)");
  import->require_subcommand(1);
  auto* import_territory = import->add_subcommand("territory", "Import a territory file: comuni CSV or territory JSON");
  std::string import_file;
  import_territory->add_option("FILE", import_file, "comuni.csv or territory JSON")->required();
  import_territory->add_option("--db", db_path, "Database file (PDZ_DB)");

  auto* user = cli.add_subcommand("user", "Users: add, passwd, grant, list");
  user->require_subcommand(1);
  std::string username, display_name, password, role, scope_kind, scope_code;
  auto* user_add = user->add_subcommand("add", "Add a user (password from --password or one line on stdin)");
  user_add->add_option("USERNAME", username)->required();
  user_add->add_option("--name", display_name, "Display name");
  user_add->add_option("--password", password, "Password (else read from stdin)");
  user_add->add_option("--db", db_path, "Database file (PDZ_DB)");
  auto* user_passwd = user->add_subcommand("passwd", "Set a user's password (from --password or stdin)");
  user_passwd->add_option("USERNAME", username)->required();
  user_passwd->add_option("--password", password, "Password (else read from stdin)");
  user_passwd->add_option("--db", db_path, "Database file (PDZ_DB)");
  auto* user_grant = user->add_subcommand("grant", "Grant a role on a territory node");
  user_grant->add_option("USERNAME", username)->required();
  user_grant->add_option("ROLE", role, "region_admin, ats_operator, udp_editor, comune_referent, third_sector, viewer")
      ->required();
  user_grant->add_option("SCOPE_KIND", scope_kind, "region, agency, ambito, comune")->required();
  user_grant->add_option("SCOPE_CODE", scope_code, "e.g. 03, ats-milano, rhodense, 015182")->required();
  user_grant->add_option("--db", db_path, "Database file (PDZ_DB)");
  auto* user_list = user->add_subcommand("list", "List users and their roles");
  user_list->add_option("--db", db_path, "Database file (PDZ_DB)");

  auto* demo_cmd = cli.add_subcommand("demo", "Demo data");
  demo_cmd->require_subcommand(1);
  demo_cmd->add_subcommand("accounts", "Print the demo accounts");
  auto* routes = cli.add_subcommand("routes", "Print every API route (METHOD /path)");

  auto* plan = cli.add_subcommand("plan", "Plans: import, export");
  plan->require_subcommand(1);
  std::string plan_file, plan_status = "bozza";
  auto* plan_import = plan->add_subcommand("import", "Import a plan file (pdz-plan/1); the ambito comes from the file");
  plan_import->add_option("FILE", plan_file)->required();
  plan_import->add_option("--status", plan_status,
                          "A lifecycle state: bozza (default), in_attuazione, …; approvato means in_attuazione");
  plan_import->add_option("--db", db_path, "Database file (PDZ_DB)");

  std::int64_t plan_id = 0;
  std::string export_format = "pdf", export_out;
  auto* plan_export = plan->add_subcommand("export", "Export a plan as PDF or DOCX");
  plan_export->add_option("ID", plan_id, "Plan id")->required();
  plan_export->add_option("--format", export_format, "pdf or docx")->check(CLI::IsMember({"pdf", "docx"}));
  plan_export->add_option("--out", export_out, "File to write (default: the plan's file name)");
  plan_export->add_option("--db", db_path, "Database file (PDZ_DB)");

  std::string check_ambito, check_from;
  bool check_json = false;
  auto* plan_check = plan->add_subcommand(
      "check", "Compliance of a plan and its AdP with the ruleset (exit code 1 when a requirement fails)");
  plan_check->add_option("--plan", plan_id, "Plan id");
  plan_check->add_option("--ambito", check_ambito, "Ambito code (with --from, instead of --plan)");
  plan_check->add_option("--from", check_from, "First day of the plan's period, YYYY-MM-DD (default: the latest plan)");
  plan_check->add_flag("--json", check_json, "Print the report as JSON");
  plan_check->add_option("--db", db_path, "Database file (PDZ_DB)");
  std::string package_out;
  auto* plan_package = plan->add_subcommand("package", "Write the transmission package (ZIP) of a transmitted plan");
  plan_package->add_option("ID", plan_id, "Plan id")->required();
  plan_package->add_option("--out", package_out, "File to write (default: the package's file name)");
  plan_package->add_option("--db", db_path, "Database file (PDZ_DB)");

  auto* ruleset = cli.add_subcommand("ruleset", "Rulesets: validate, load, list");
  ruleset->require_subcommand(1);
  std::string ruleset_file;
  auto* ruleset_validate = ruleset->add_subcommand("validate", "Validate a ruleset file and list its parameters");
  ruleset_validate->add_option("FILE", ruleset_file)->required();
  auto* ruleset_load = ruleset->add_subcommand("load", "Load a ruleset file as a new version");
  ruleset_load->add_option("FILE", ruleset_file)->required();
  ruleset_load->add_option("--db", db_path, "Database file (PDZ_DB)");
  auto* ruleset_list = ruleset->add_subcommand("list", "List the loaded rulesets");
  ruleset_list->add_option("--db", db_path, "Database file (PDZ_DB)");

  auto* flow = cli.add_subcommand("flow", "Data flows (debito informativo): import");
  flow->require_subcommand(1);
  std::string flow_kind, flow_file, flow_scope = "italy";
  bool flow_json = false, flow_no_progress = false;
  auto* flow_import = flow->add_subcommand(
      "import", "Import a flow file (CSV or XLSX), all-or-nothing; each year becomes a submission");
  flow_import->add_option("KIND", flow_kind, "spesa, unita_offerta, fsr, domiciliare, beneficiari, popolazione")
      ->required();
  flow_import->add_option("FILE", flow_file)->required();
  flow_import->add_option("--scope", flow_scope,
                          "Submitting body: comune:ISTAT, ambito:CODE, region:CODE or italy (default)");
  flow_import->add_flag("--json", flow_json, "Print the result as one JSON object");
  flow_import->add_flag("--no-progress", flow_no_progress, "No progress bar on stderr");
  flow_import->add_option("--db", db_path, "Database file (PDZ_DB)");
  auto* indicators = cli.add_subcommand("indicators", "Indicators: full computation");
  indicators->require_subcommand(1);
  bool fingerprint_json = false;
  auto* indicators_fingerprint = indicators->add_subcommand(
      "fingerprint", "Compute every indicator from the stored flows, timed, and print the benchmark fingerprint");
  indicators_fingerprint->add_flag("--json", fingerprint_json, "Print the result as one JSON object");
  indicators_fingerprint->add_option("--db", db_path, "Database file (PDZ_DB)");
  auto* codelist = cli.add_subcommand("codelist", "Code lists of the flows: load a Region's own");
  codelist->require_subcommand(1);
  std::string codelist_id, codelist_file, codelist_name;
  auto* codelist_load = codelist->add_subcommand("load", "Load (replace) a code list from a CSV code,label");
  codelist_load->add_option("LIST", codelist_id, "aree, interventi, tipi_unita, canali_finanziamento, …")->required();
  codelist_load->add_option("FILE", codelist_file)->required();
  codelist_load->add_option("--name", codelist_name, "The list's name");
  codelist_load->add_option("--db", db_path, "Database file (PDZ_DB)");

  auto* premialita = cli.add_subcommand("premialita", "Compute premialità from a facts file (no database)");
  std::string premialita_ruleset, facts_file;
  std::vector<std::string> params;
  premialita->add_option("--ruleset", premialita_ruleset, "Ruleset code (data/rulesets/CODE.json) or file")->required();
  premialita->add_option("--facts", facts_file, "Facts per ambito (JSON)")->required();
  premialita->add_option("--param", params, "A value the acts leave to the Region: NAME=CENTS (budget, cap, rule id)");
  premialita->add_option("--data", data_dir, "Data folder (PDZ_DATA)");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }

  if (premialita->parsed()) {
    std::string path = premialita_ruleset.find('/') != std::string::npos || premialita_ruleset.ends_with(".json")
                           ? premialita_ruleset
                           : data_dir + "/rulesets/" + premialita_ruleset + ".json";
    auto rs_text = ReadFile(path);
    if (!rs_text) return Fail(rs_text.error());
    auto facts_text = ReadFile(facts_file);
    if (!facts_text) return Fail(facts_text.error());
    std::map<std::string, core::Cents> values;
    for (const auto& p : params) {
      size_t eq = p.find('=');
      try {
        if (eq == std::string::npos) throw std::invalid_argument(p);
        size_t used = 0;
        values[p.substr(0, eq)] = std::stoll(p.substr(eq + 1), &used);
        if (used != p.size() - eq - 1) throw std::invalid_argument(p);
      } catch (const std::exception&) {
        return Fail(
            MakeError(ErrorCode::kBadRequest, "--param '" + p + "': atteso NOME=CENTESIMI, ad es. budget=500000000."));
      }
    }
    auto r = app::PremialitaWhatIf(*rs_text, path, *facts_text, facts_file, values);
    if (!r) return Fail(r.error());
    std::cout << r->dump(2) << "\n";
    return 0;
  }
  if (ruleset_validate->parsed()) {
    auto text = ReadFile(ruleset_file);
    if (!text) return Fail(text.error());
    auto rs = io::ParseRulesetJson(*text, ruleset_file);
    if (!rs) return Fail(rs.error());
    std::cout << app::RulesetSummary(*rs).dump(2) << "\n";
    return 0;
  }
  if (routes->parsed()) {
    for (const auto& r : api::RouteList()) std::cout << r << "\n";
    return 0;
  }
  if (demo_cmd->parsed()) {
    std::cout << "Account dimostrativi (password: demo):\n";
    for (const auto& [u, name] : app::App::DemoAccounts()) std::cout << "  " << u << "  –  " << name << "\n";
    return 0;
  }
  if (db_init->parsed() && storage::IsPostgresUrl(db_path)) {
    auto opened = storage::OpenDatabase(db_path, true);  // creates the database when missing
    if (!opened) return Fail(opened.error());
    auto conn = (*opened)->Connect();
    if (!conn) return Fail(conn.error());
    auto version = storage::SchemaVersion(**conn);
    if (!version) return Fail(version.error());
    auto wipe = [&]() { return (*conn)->ExecScript("DROP SCHEMA public CASCADE; CREATE SCHEMA public"); };
    if (*version > 0 && keep_existing && !force) {
      std::cout << "Il database " << storage::RedactedUrl(db_path) << " esiste già: lasciato com'è.\n";
      return 0;
    }
    if (*version > 0) {
      if (!force) {
        return Fail(MakeError(ErrorCode::kConflict, "Il database '" + storage::RedactedUrl(db_path) +
                                                        "' contiene già uno schema: usare --force per ricrearlo."));
      }
      if (auto w = wipe(); !w) return Fail(w.error());
    }
    app::App a(**opened, clock);
    auto done = InitDatabase(a, db_path, data_dir, demo);
    if (!done) {
      (void)wipe();  // nothing half-written is left
      return Fail(done.error());
    }
    return 0;
  }
  if (db_init->parsed()) {
    namespace fs = std::filesystem;
    if (fs::exists(db_path) && keep_existing && !force) {
      std::cout << "Il database " << db_path << " esiste già: lasciato com'è.\n";
      return 0;
    }
    if (fs::exists(db_path)) {
      if (!force) {
        return Fail(
            MakeError(ErrorCode::kConflict, "Il database '" + db_path + "' esiste già: usare --force per ricrearlo."));
      }
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_path + suffix);
    }
    if (fs::path(db_path).has_parent_path()) fs::create_directories(fs::path(db_path).parent_path());
    auto opened = storage::OpenDatabase(db_path, true);
    if (!opened) return Fail(opened.error());
    app::App a(**opened, clock);
    auto done = InitDatabase(a, db_path, data_dir, demo);
    if (!done) {
      opened->reset();
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_path + suffix);
      return Fail(done.error());
    }
    return 0;
  }
  if (db_copy->parsed()) {
    auto from = storage::OpenDatabase(copy_from, false);
    if (!from) return Fail(from.error());
    auto to = storage::OpenDatabase(copy_to, true);
    if (!to) return Fail(to.error());
    storage::CopyOptions options{.force = copy_force};
    bool tty = isatty(2);
    options.progress = [tty](const std::string& table, std::int64_t rows) {
      if (tty) std::fprintf(stderr, "\r%-32s %lld righe", table.c_str(), static_cast<long long>(rows));
    };
    auto copied = storage::CopyDatabase(**from, **to, options);
    if (tty) std::fprintf(stderr, "\r%60s\r", "");
    if (!copied) return Fail(copied.error());
    std::int64_t total = 0;
    for (const auto& t : *copied) {
      std::cout << "  " << t.table << ": " << t.rows << " righe, checksum " << t.checksum << "\n";
      total += t.rows;
    }
    std::cout << "Copiate " << copied->size() << " tabelle (" << total << " righe) da "
              << storage::RedactedUrl(copy_from) << " a " << storage::RedactedUrl(copy_to)
              << ": conteggi e checksum coincidono.\n";
    return 0;
  }
  if (db_migrate->parsed()) {
    auto opened = storage::OpenDatabase(db_path, false);
    if (!opened) return Fail(opened.error());
    app::App a(**opened, clock);
    auto v = a.Migrate();
    if (!v) return Fail(v.error());
    std::cout << "Schema alla versione " << *v << ".\n";
    return 0;
  }

  auto opened = db_backup->parsed() ? storage::OpenDatabase(db_path, false) : OpenReady(db_path);
  if (!opened) return Fail(opened.error());
  app::App a(**opened, clock);

  if (db_backup->parsed()) {
    auto r = (*opened)->Backup(backup_to);
    if (!r) return Fail(r.error());
    std::cout << "Copia scritta in " << backup_to << ".\n";
    return 0;
  }
  if (import_territory->parsed()) {
    auto text = ReadFile(import_file);
    if (!text) return Fail(text.error());
    bool csv = import_file.size() >= 4 && import_file.substr(import_file.size() - 4) == ".csv";
    auto r = csv ? a.ImportComuniCsv(app::Actor::System(), *text, import_file)
                 : a.ImportTerritoryJson(app::Actor::System(), *text, import_file);
    if (!r) return Fail(r.error());
    std::cout << "Importato " << import_file << ": " << (*r)["imported"].dump() << "\n";
    return 0;
  }
  app::Actor system = app::Actor::System();
  if (flow_import->parsed()) {
    std::string kind = flow_scope, code;
    if (auto colon = flow_scope.find(':'); colon != std::string::npos) {
      kind = flow_scope.substr(0, colon);
      code = flow_scope.substr(colon + 1);
    }
    std::string display = std::filesystem::path(flow_file).filename().string();
    bool xlsx = flow_file.ends_with(".xlsx");
    std::string input = flow_file;
    if (xlsx) {
      auto bytes = ReadFile(flow_file);
      if (!bytes) return Fail(bytes.error());
      input = std::move(*bytes);
    }
    app::App::ImportControl control;
    control.refresh = false;  // the server computes the changed years when it next reads them
    std::atomic<bool> done{false};
    auto started = std::chrono::steady_clock::now();
    std::thread progress([&] {
      if (flow_no_progress) return;
      bool tty = isatty(2);
      std::int64_t last_step = -1;
      while (!done) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        std::int64_t total = control.total_bytes, at = control.bytes;
        int pct = total > 0 ? static_cast<int>(100 * at / total) : 0;
        if (tty) {
          std::string bar(pct / 4, '#');
          bar.resize(25, '.');
          std::fprintf(stderr, "\r[%s] %3d%%  %lld righe", bar.c_str(), pct,
                       static_cast<long long>(control.rows.load()));
        } else if (pct / 5 != last_step) {
          last_step = pct / 5;
          std::fprintf(stderr, "%d%% (%lld righe)\n", pct, static_cast<long long>(control.rows.load()));
        }
      }
      if (tty) std::fprintf(stderr, "\n");
    });
    auto r = a.ImportFlow(system, flow_kind, kind, code, input, !xlsx, display, control);
    done = true;
    progress.join();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!r) {
      if (flow_json) {
        std::cout << json{{"error",
                           {{"code", std::string(ErrorCodeName(r.error().code))}, {"message", r.error().message}}},
                          {"groups", control.groups},
                          {"total", control.total_errors}}
                         .dump()
                  << "\n";
        return 1;
      }
      int rc = Fail(r.error());
      for (const auto& g : control.groups)
        std::cerr << "  " << g["count"].get<std::int64_t>() << " × colonna " << g["field"].get<std::string>() << ": "
                  << g["reason"].get<std::string>() << "\n";
      return rc;
    }
    (*r)["seconds"] = seconds;
    if (flow_json) {
      std::cout << r->dump() << "\n";
    } else {
      std::cout << "Importato " << display << ": " << (*r)["rows"].get<std::int64_t>() << " righe in " << seconds
                << " s";
      if ((*r)["unchanged"].get<bool>()) std::cout << " (nessuna modifica: stesse righe già trasmesse)";
      std::cout << ".\n";
      for (const auto& sub : (*r)["submissions"])
        std::cout << "  " << sub["year"].get<int>() << ": versione " << sub["version"].get<std::int64_t>() << ", "
                  << sub["rows"].get<std::int64_t>() << " righe" << (sub["unchanged"].get<bool>() ? " (invariata)" : "")
                  << "\n";
    }
    return 0;
  }
  if (indicators_fingerprint->parsed()) {
    auto r = a.Fingerprint();
    if (!r) return Fail(r.error());
    if (fingerprint_json) {
      std::cout << r->dump() << "\n";
    } else {
      std::cerr << "compute_seconds=" << (*r)["compute_seconds"].get<double>() << "\n";
      for (const auto& row : (*r)["fingerprint"]) {
        std::string line;
        for (const auto& v : row) line += (line.empty() ? "" : "|") + (v.is_string() ? v.get<std::string>() : v.dump());
        std::cout << line << "\n";
      }
    }
    return 0;
  }
  if (codelist_load->parsed()) {
    auto text = ReadFile(codelist_file);
    if (!text) return Fail(text.error());
    auto r = a.LoadCodeList(system, codelist_id, codelist_name, *text, codelist_file);
    if (!r) return Fail(r.error());
    std::cout << "Caricata la lista " << codelist_id << ": " << (*r)["items"].get<std::int64_t>() << " codici.\n";
    return 0;
  }
  if (user_add->parsed()) {
    auto r = a.CreateUser(
        system, json{{"username", username}, {"display_name", display_name}, {"password", Password(password)}});
    if (!r) return Fail(r.error());
    std::cout << "Creato l'utente " << username << ".\n";
    return 0;
  }
  if (user_passwd->parsed()) {
    auto r = a.PatchUser(system, username, json{{"password", Password(password)}});
    if (!r) return Fail(r.error());
    std::cout << "Password di " << username << " aggiornata.\n";
    return 0;
  }
  if (user_grant->parsed()) {
    auto r =
        a.GrantRole(system, username, json{{"role", role}, {"scope", {{"kind", scope_kind}, {"code", scope_code}}}});
    if (!r) return Fail(r.error());
    std::cout << "Ruolo " << role << " su " << scope_kind << " " << scope_code << " assegnato a " << username << ".\n";
    return 0;
  }
  if (plan_import->parsed()) {
    auto text = ReadFile(plan_file);
    if (!text) return Fail(text.error());
    auto r = a.ImportPlan(system, *text, plan_file, plan_status);
    if (!r) return Fail(r.error());
    std::cout << "Piano " << (*r)["id"] << " importato per l'ambito " << (*r)["ambito"].get<std::string>() << " ("
              << (*r)["plan"]["objectives"].size() << " obiettivi generali).\n";
    return 0;
  }
  if (plan_export->parsed()) {
    auto file = a.ExportPlan(system, plan_id, export_format, std::nullopt);
    if (!file) return Fail(file.error());
    std::string out = export_out.empty() ? file->filename : export_out;
    std::ofstream f(out, std::ios::binary);
    f.write(file->bytes.data(), static_cast<std::streamsize>(file->bytes.size()));
    if (!f) return Fail(MakeError(ErrorCode::kInternal, "Impossibile scrivere " + out + "."));
    std::cout << "Scritto " << out << " (" << file->bytes.size() << " byte).\n";
    return 0;
  }
  if (plan_check->parsed()) {
    if (plan_id == 0) {
      if (check_ambito.empty()) return Fail(MakeError(ErrorCode::kBadRequest, "Indicare --plan ID o --ambito CODICE."));
      auto plans = a.ListPlans(system, check_ambito);
      if (!plans) return Fail(plans.error());
      for (const auto& p : (*plans)["items"]) {
        if (check_from.empty() || p["period"]["from"] == check_from) {
          plan_id = p["id"].get<std::int64_t>();
          break;
        }
      }
      if (plan_id == 0) {
        return Fail(MakeError(ErrorCode::kNotFound, "Nessun piano dell'ambito '" + check_ambito + "'" +
                                                        (check_from.empty() ? "" : " che inizi il " + check_from) +
                                                        "."));
      }
    }
    auto r = a.PlanCompliance(system, plan_id);
    if (!r) return Fail(r.error());
    if (check_json) {
      std::cout << r->dump(2) << "\n";
    } else {
      std::cout << "Verifica di conformità del piano " << plan_id << " (ambito " << (*r)["ambito"].get<std::string>()
                << ", ruleset " << ((*r)["ruleset"].is_string() ? (*r)["ruleset"].get<std::string>() : "nessuno")
                << ", al " << (*r)["as_of"].get<std::string>() << ")\n";
      for (const auto& i : (*r)["items"]) {
        std::string st = i["status"];
        std::string mark = st == "pass" ? "OK      " : st == "fail" ? "NO      " : "ATTENZ. ";
        std::cout << "  " << mark << i["title"].get<std::string>() << ": " << i["reason"].get<std::string>();
        if (!i["act"].get<std::string>().empty()) std::cout << " [" << i["act"].get<std::string>() << "]";
        std::cout << "\n";
      }
      const auto& sm = (*r)["summary"];
      std::cout << "Esito: " << sm["pass"] << " superati, " << sm["fail"] << " non superati, " << sm["warning"]
                << " avvertenze.\n";
    }
    return (*r)["summary"]["fail"].get<int>() > 0 ? 1 : 0;
  }
  if (plan_package->parsed()) {
    auto file = a.PlanPackage(system, plan_id);
    if (!file) return Fail(file.error());
    std::string out = package_out.empty() ? file->filename : package_out;
    std::ofstream f(out, std::ios::binary);
    f.write(file->bytes.data(), static_cast<std::streamsize>(file->bytes.size()));
    if (!f) return Fail(MakeError(ErrorCode::kInternal, "Impossibile scrivere " + out + "."));
    std::cout << "Scritto " << out << " (" << file->bytes.size() << " byte).\n";
    return 0;
  }
  if (ruleset_load->parsed()) {
    auto text = ReadFile(ruleset_file);
    if (!text) return Fail(text.error());
    auto r = a.LoadRuleset(system, *text, ruleset_file);
    if (!r) return Fail(r.error());
    std::cout << "Ruleset " << (*r)["code"].get<std::string>() << " versione " << (*r)["version"]
              << ((*r)["unchanged"].get<bool>() ? " (invariato)" : " caricato") << ".\n";
    return 0;
  }
  if (ruleset_list->parsed()) {
    auto r = a.ListRulesets("");
    if (!r) return Fail(r.error());
    for (const auto& item : (*r)["items"]) {
      std::cout << item["code"].get<std::string>() << " v" << item["version"] << "  " << item["act"].get<std::string>()
                << "  " << item["period"]["from"].get<std::string>() << " – " << item["period"]["to"].get<std::string>()
                << "\n";
    }
    return 0;
  }
  if (user_list->parsed()) {
    auto r = a.ListUsers(system, app::Page{500, 0});
    if (!r) return Fail(r.error());
    for (const auto& u : (*r)["items"]) {
      std::cout << u["username"].get<std::string>() << (u["active"].get<bool>() ? "" : " (disattivato)") << "\n";
      for (const auto& g : u["roles"]) {
        std::cout << "  " << g["role"].get<std::string>() << " su " << g["scope"]["kind"].get<std::string>() << " "
                  << g["scope"]["code"].get<std::string>() << "\n";
      }
    }
    return 0;
  }
  if (serve->parsed()) {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    if (auto m = a.MarkInterruptedJobs(); !m) return Fail(m.error());
    api::Server server(a, server_options);
    std::thread waiter([&] {
      int sig = 0;
      sigwait(&signals, &sig);
      server.Stop();
    });
    std::cerr << "pdz: in ascolto su http://" << server_options.host << ":" << server_options.port << " (database "
              << storage::RedactedUrl(db_path) << ")\n";
    auto r = server.Run();
    if (!r) {
      pthread_kill(waiter.native_handle(), SIGTERM);
      waiter.join();
      return Fail(r.error());
    }
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return 0;
  }
  return 2;
}

}  // namespace pdz::cli
