// Indicators and benchmarks: the computed snapshot kept current with the stored flows (the years an
// import changed are recomputed when it commits), and the read models of dashboards, series and
// breakdowns, with small counts suppressed for everyone but the data's owner.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>
#include <thread>

#include "app/detail/internals.hpp"
#include "app/detail/knowledge.hpp"
#include "io/csv.hpp"
#include "io/document/xlsx.hpp"
#include "knowledge/block.hpp"

namespace pdz::app {

namespace kn = knowledge;
using kn::Level;

namespace {

Result<kn::Geo> LoadGeo(storage::Connection& conn) {
  kn::Geo geo;
  PDZ_ASSIGN(auto regions, conn.Query("SELECT code, name FROM regions ORDER BY code"));
  for (const auto& r : regions) geo.regions.push_back({r.Text(0), r.Text(1), -1});
  PDZ_ASSIGN(auto agencies, conn.Query("SELECT code, name, region_code FROM agencies ORDER BY code"));
  geo.Index();
  for (const auto& r : agencies) {
    auto reg = geo.region_by_code.find(r.Text(2));
    geo.agencies.push_back({r.Text(0), r.Text(1), reg == geo.region_by_code.end() ? -1 : reg->second});
  }
  PDZ_ASSIGN(auto comuni,
             conn.Query("SELECT c.istat_code, c.name, p.region_code, (SELECT value FROM populations x WHERE "
                        "x.istat_code = c.istat_code ORDER BY year DESC LIMIT 1) FROM comuni c JOIN provinces p "
                        "ON p.code = c.province_code ORDER BY c.istat_code"));
  for (const auto& r : comuni) {
    kn::Geo::Comune c;
    c.istat = std::atoi(r.Text(0).c_str());
    c.name = r.Text(1);
    auto reg = geo.region_by_code.find(r.Text(2));
    c.region = reg == geo.region_by_code.end() ? -1 : reg->second;
    c.population = r.Int(3);
    geo.comuni.push_back(std::move(c));
  }
  geo.Index();
  PDZ_ASSIGN(auto ambiti,
             conn.Query("SELECT code, name, region_code, agency_code, valid_to FROM ambiti ORDER BY code"));
  for (const auto& r : ambiti) {
    kn::Geo::Ambito a;
    a.code = r.Text(0);
    a.name = r.Text(1);
    auto reg = geo.region_by_code.find(r.Text(2));
    a.region = reg == geo.region_by_code.end() ? -1 : reg->second;
    auto ag = geo.agency_by_code.find(r.Text(3));
    a.agency = ag == geo.agency_by_code.end() ? -1 : ag->second;
    a.open = r.IsNull(4);
    geo.ambiti.push_back(std::move(a));
  }
  geo.Index();
  // An ambito's latest composition: its open memberships, or for a closed ambito those that ended with it.
  PDZ_ASSIGN(auto members,
             conn.Query("SELECT m.ambito_code, m.istat_code FROM memberships m JOIN ambiti a ON a.code = "
                        "m.ambito_code WHERE (a.valid_to IS NULL AND m.valid_to IS NULL) OR (a.valid_to IS "
                        "NOT NULL AND m.valid_to >= a.valid_to) ORDER BY m.ambito_code, m.istat_code"));
  for (const auto& r : members) {
    auto a = geo.ambito_by_code.find(r.Text(0));
    auto c = geo.comune_by_istat.find(std::atoi(r.Text(1).c_str()));
    if (a == geo.ambito_by_code.end() || c == geo.comune_by_istat.end()) continue;
    geo.ambiti[a->second].comuni.push_back(c->second);
    auto& com = geo.comuni[c->second];
    com.ambiti.push_back(a->second);
    if (geo.ambiti[a->second].open || com.agency < 0) com.agency = geo.ambiti[a->second].agency;
  }
  return geo;
}

std::string GeoMarker(const kn::Geo& g) {
  std::string m;
  for (const auto& a : g.ambiti) {
    m += a.code + (a.open ? "+" : "-") + std::to_string(a.agency) + ":";
    for (int c : a.comuni) m += std::to_string(c) + ",";
  }
  for (const auto& c : g.comuni) m += std::to_string(c.population) + ",";
  return m;
}

Result<kn::Catalogue> LoadCatalogueFromDb(storage::Connection& conn) {
  PDZ_ASSIGN(auto rows, conn.Query("SELECT text, file FROM indicator_catalogues ORDER BY id DESC LIMIT 1"));
  if (rows.empty()) return kn::Catalogue{};
  return kn::ParseCatalogue(rows[0].Text(0), rows[0].Text(1));
}

kn::BlockSource SourceOn(storage::Database& db) {
  return [&db](const std::string& flow, int year,
               const std::function<Result<void>(std::string_view)>& each) -> Result<void> {
    PDZ_ASSIGN(auto conn, db.Connect());
    PDZ_ASSIGN(auto ids, conn->Query("SELECT id FROM flow_submissions WHERE flow = ? AND year = ? AND current = 1",
                                     {flow, static_cast<std::int64_t>(year)}));
    for (const auto& id : ids) {
      // A block at a time keeps memory bounded however large the submission.
      PDZ_ASSIGN(auto n, conn->Query("SELECT max(seq) FROM flow_blocks WHERE submission_id = ?", {id.Int(0)}));
      std::int64_t last = n.empty() ? 0 : n[0].Int(0);
      for (std::int64_t seq = 1; seq <= last; seq += 16) {
        PDZ_ASSIGN(auto blocks,
                   conn->Query("SELECT data FROM flow_blocks WHERE submission_id = ? AND seq >= ? AND seq < ? "
                               "ORDER BY seq",
                               {id.Int(0), seq, seq + 16}));
        for (const auto& b : blocks) PDZ_TRY(each(b.Bytes(0)));
      }
    }
    return Ok();
  };
}

kn::CoverageSource CoverageOn(storage::Database& db) {
  return [&db](const std::string& flow, int year) -> Result<std::vector<int>> {
    PDZ_ASSIGN(auto conn, db.Connect());
    PDZ_ASSIGN(auto rows, conn->Query("SELECT c.istat_code FROM flow_coverage c JOIN flow_submissions s ON s.id = "
                                      "c.submission_id WHERE s.flow = ? AND s.year = ? AND s.current = 1",
                                      {flow, static_cast<std::int64_t>(year)}));
    std::vector<int> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(std::atoi(r.Text(0).c_str()));
    return out;
  };
}

// Computes the given years on up to two threads per core.
Result<std::map<int, std::shared_ptr<const kn::YearCube>>> ComputeYears(storage::Database& db, const kn::Geo& geo,
                                                                        const kn::CodeLists& lists,
                                                                        const std::vector<kn::MeasureDef>& measures,
                                                                        const std::vector<int>& years) {
  std::map<int, std::shared_ptr<const kn::YearCube>> out;
  std::vector<Result<std::shared_ptr<const kn::YearCube>>> results(years.size(), MakeError(ErrorCode::kInternal, ""));
  auto source = SourceOn(db);
  auto coverage = CoverageOn(db);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < years.size(); i = next++)
      results[i] = kn::ComputeYear(geo, lists, measures, years[i], source, coverage);
  };
  size_t n = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), years.size());
  std::vector<std::thread> threads;
  for (size_t t = 1; t < n; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < years.size(); ++i) {
    if (!results[i]) return results[i].take_error();
    out[years[i]] = results[i].value();
  }
  return out;
}

}  // namespace

Result<void> App::RefreshKnowledge() {
  std::lock_guard lock(knowledge_->refresh_mutex);
  PDZ_ASSIGN(auto conn, db_.Connect());
  PDZ_ASSIGN(auto gen_rows, conn->Query("SELECT generation FROM flow_state WHERE id = 1"));
  std::int64_t generation = gen_rows.empty() ? 0 : gen_rows[0].Int(0);
  // What the values also depend on: the catalogue and code lists, and the territory (any audited
  // write other than an import may have changed it; the geography is then reloaded and compared).
  PDZ_ASSIGN(auto marker_rows,
             conn->Query("SELECT (SELECT COALESCE(max(id), 0) FROM indicator_catalogues) || ':' || (SELECT count(*) || "
                         "':' || COALESCE(sum(length(label)), 0) FROM code_lists), COALESCE((SELECT id FROM audit_log "
                         "WHERE entity <> 'flow_submission' ORDER BY id DESC LIMIT 1), 0)"));
  std::string reference = marker_rows[0].Text(0), territory = marker_rows[0].Text(1);
  auto current = knowledge_->Current();
  bool reference_changed = !current || reference != knowledge_->reference_marker;
  bool territory_changed = !current || territory != knowledge_->territory_marker;
  if (current && current->generation == generation && !reference_changed && !territory_changed) return Ok();

  std::shared_ptr<const kn::Geo> geo = current ? current->geo : nullptr;
  bool geo_changed = false;
  if (territory_changed) {
    PDZ_ASSIGN(kn::Geo loaded, LoadGeo(*conn));
    std::string geo_marker = GeoMarker(loaded);
    geo_changed = !current || geo_marker != knowledge_->geo_marker;
    if (geo_changed) geo = std::make_shared<const kn::Geo>(std::move(loaded));
    knowledge_->geo_marker = std::move(geo_marker);
  }
  std::shared_ptr<const kn::CodeLists> lists = current ? current->lists : nullptr;
  std::shared_ptr<const kn::Catalogue> catalogue = current ? current->catalogue : nullptr;
  if (reference_changed) {
    PDZ_ASSIGN(auto loaded_lists, detail::LoadCodeLists(*conn));
    PDZ_ASSIGN(auto loaded_catalogue, LoadCatalogueFromDb(*conn));
    lists = std::make_shared<const kn::CodeLists>(std::move(loaded_lists));
    catalogue = std::make_shared<const kn::Catalogue>(std::move(loaded_catalogue));
  }
  bool rebuild_all = reference_changed || geo_changed;

  PDZ_ASSIGN(auto year_rows, conn->Query("SELECT year, generation FROM flow_years ORDER BY year"));
  std::vector<int> todo;
  for (const auto& r : year_rows) {
    int y = static_cast<int>(r.Int(0));
    auto seen = knowledge_->year_generation.find(y);
    if (rebuild_all || seen == knowledge_->year_generation.end() || seen->second < r.Int(1)) todo.push_back(y);
  }
  auto snap = std::make_shared<kn::Snapshot>();
  snap->geo = geo;
  snap->catalogue = catalogue;
  snap->lists = lists;
  snap->generation = generation;
  if (current && !rebuild_all) snap->years = current->years;
  PDZ_ASSIGN(auto computed, ComputeYears(db_, *snap->geo, *snap->lists, snap->catalogue->Measures(), todo));
  for (auto& [y, cube] : computed) snap->years[y] = cube;
  for (const auto& r : year_rows) knowledge_->year_generation[static_cast<int>(r.Int(0))] = r.Int(1);
  knowledge_->reference_marker = reference;
  knowledge_->territory_marker = territory;
  std::lock_guard swap(knowledge_->snapshot_mutex);
  knowledge_->snapshot = std::move(snap);
  return Ok();
}

namespace {

// Brings the snapshot up to date unless another refresh is running (then the last one serves).
Result<std::shared_ptr<const kn::Snapshot>> Fresh(App& app, App::Knowledge& k) {
  {
    std::unique_lock lock(k.refresh_mutex, std::try_to_lock);
    if (!lock.owns_lock() && k.Current()) return k.Current();
  }
  PDZ_TRY(app.RefreshKnowledge());
  return k.Current();
}

json EntityJson(const kn::Geo& g, Level l, int i) {
  json e = {{"level", std::string(kn::LevelName(l))}, {"code", g.Code(l, i)}, {"name", g.Name(l, i)}};
  return e;
}

struct Target {
  Level level;
  int entity;
};

Result<Target> FindEntity(const kn::Geo& g, const std::string& level, const std::string& code) {
  auto l = kn::ParseLevel(level);
  if (!l)
    return MakeError(ErrorCode::kBadRequest, "Livello non valido: comune, ambito, agency, region o italy.",
                     {{.field = "level", .value = level, .reason = "comune, ambito, agency, region o italy"}});
  auto e = g.Find(*l, code);
  if (!e)
    return detail::NotFound(std::string(*l == Level::kComune   ? "Comune"
                                        : *l == Level::kAmbito ? "Ambito"
                                        : *l == Level::kAgency ? "Agenzia"
                                                               : "Regione"),
                            code);
  return Target{*l, *e};
}

std::optional<Target> Parent(const kn::Geo& g, Target t) {
  switch (t.level) {
    case Level::kComune: {
      const auto& c = g.comuni[t.entity];
      for (int a : c.ambiti) {
        if (g.ambiti[a].open) return Target{Level::kAmbito, a};
      }
      if (!c.ambiti.empty()) return Target{Level::kAmbito, c.ambiti[0]};
      if (c.region >= 0) return Target{Level::kRegion, c.region};
      return std::nullopt;
    }
    case Level::kAmbito:
      return g.ambiti[t.entity].region >= 0 ? std::optional<Target>(Target{Level::kRegion, g.ambiti[t.entity].region})
                                            : std::nullopt;
    case Level::kAgency:
      return g.agencies[t.entity].region >= 0
                 ? std::optional<Target>(Target{Level::kRegion, g.agencies[t.entity].region})
                 : std::nullopt;
    case Level::kRegion:
      return Target{Level::kItaly, 0};
    case Level::kItaly:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Target> RegionOf(const kn::Geo& g, Target t) {
  switch (t.level) {
    case Level::kComune:
      return g.comuni[t.entity].region >= 0 ? std::optional<Target>(Target{Level::kRegion, g.comuni[t.entity].region})
                                            : std::nullopt;
    case Level::kAmbito:
    case Level::kAgency:
      return Parent(g, t);
    case Level::kRegion:
      return t;
    case Level::kItaly:
      return std::nullopt;
  }
  return std::nullopt;
}

// Entities of the same level under the same parent (open ambiti only).
std::vector<Target> Siblings(const kn::Geo& g, Target t) {
  std::vector<Target> out;
  auto parent = Parent(g, t);
  switch (t.level) {
    case Level::kComune:
      if (parent && parent->level == Level::kAmbito) {
        for (int c : g.ambiti[parent->entity].comuni) out.push_back({Level::kComune, c});
      }
      break;
    case Level::kAmbito:
      for (size_t a = 0; a < g.ambiti.size(); ++a) {
        if (g.ambiti[a].open && g.ambiti[a].region == g.ambiti[t.entity].region)
          out.push_back({Level::kAmbito, static_cast<int>(a)});
      }
      break;
    case Level::kAgency:
      for (size_t a = 0; a < g.agencies.size(); ++a) {
        if (g.agencies[a].region == g.agencies[t.entity].region) out.push_back({Level::kAgency, static_cast<int>(a)});
      }
      break;
    case Level::kRegion:
      for (size_t r = 0; r < g.regions.size(); ++r) out.push_back({Level::kRegion, static_cast<int>(r)});
      break;
    case Level::kItaly:
      break;
  }
  return out;
}

std::vector<Target> Children(const kn::Geo& g, Target t) {
  std::vector<Target> out;
  switch (t.level) {
    case Level::kItaly:
      for (size_t r = 0; r < g.regions.size(); ++r) out.push_back({Level::kRegion, static_cast<int>(r)});
      break;
    case Level::kRegion:
    case Level::kAgency:
      for (size_t a = 0; a < g.ambiti.size(); ++a) {
        const auto& am = g.ambiti[a];
        bool under = t.level == Level::kRegion ? am.region == t.entity : am.agency == t.entity;
        if (am.open && under) out.push_back({Level::kAmbito, static_cast<int>(a)});
      }
      break;
    case Level::kAmbito:
      for (int c : g.ambiti[t.entity].comuni) out.push_back({Level::kComune, c});
      break;
    case Level::kComune:
      break;
  }
  return out;
}

// Whether the actor owns the entity's data (reads its private data): then small counts are shown.
bool Owns(const Actor& actor, const kn::Geo& g, Target t) {
  if (actor.system) return true;
  core::Place place;
  switch (t.level) {
    case Level::kComune: {
      const auto& c = g.comuni[t.entity];
      place.comuni.insert(kn::IstatText(c.istat));
      if (c.region >= 0) place.region = g.regions[c.region].code;
      for (int a : c.ambiti) {
        place.ambito = g.ambiti[a].code;
        if (g.ambiti[a].agency >= 0) place.agency = g.agencies[g.ambiti[a].agency].code;
        if (core::Allows(actor.grants, core::Permission::kReadPrivate, place)) return true;
      }
      break;
    }
    case Level::kAmbito: {
      const auto& a = g.ambiti[t.entity];
      place.ambito = a.code;
      if (a.region >= 0) place.region = g.regions[a.region].code;
      if (a.agency >= 0) place.agency = g.agencies[a.agency].code;
      break;
    }
    case Level::kAgency:
      place.agency = g.agencies[t.entity].code;
      if (g.agencies[t.entity].region >= 0) place.region = g.regions[g.agencies[t.entity].region].code;
      break;
    case Level::kRegion:
      place.region = g.regions[t.entity].code;
      break;
    case Level::kItaly:
      return false;
  }
  return core::Allows(actor.grants, core::Permission::kReadPrivate, place);
}

struct Valued {
  kn::IndicatorValue v;
  bool suppressed = false;
};

Valued ValueFor(const kn::Snapshot& s, const kn::IndicatorDef& ind, Target t, int cat, int year, bool owner) {
  Valued out{kn::Evaluate(s, ind, t.level, t.entity, cat, year), false};
  if (ind.count_numerator && ind.suppress_below > 0 && !owner && out.v.numerator && *out.v.numerator > 0 &&
      *out.v.numerator < ind.suppress_below) {
    out.suppressed = true;
    out.v = {};
  }
  return out;
}

json Num(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json Int(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

json CiJson(const kn::IndicatorDef& ind, const kn::IndicatorValue& v, double z) {
  if (!v.numerator || !v.denominator) return nullptr;
  auto ci = kn::ConfidenceInterval(ind.compare, *v.numerator, *v.denominator, ind.factor, z);
  if (!ci) return nullptr;
  return json::array({ci->lo, ci->hi});
}

json ValueJson(const kn::IndicatorDef& ind, const Valued& x) {
  return {{"value", Num(x.v.value)},    {"numerator", Num(x.v.numerator)},    {"denominator", Num(x.v.denominator)},
          {"suppressed", x.suppressed}, {"ci95", CiJson(ind, x.v, kn::kZ95)}, {"ci998", CiJson(ind, x.v, kn::kZ998)}};
}

std::vector<std::pair<std::string, std::string>> CategoriesOf(const kn::Snapshot& s, const kn::IndicatorDef& ind) {
  if (ind.by.empty()) return {};
  return kn::Categories(*s.lists, ind.numerator.flow, ind.by);
}

Result<int> CategoryIndex(const kn::Snapshot& s, const kn::IndicatorDef& ind, const std::string& category) {
  if (category.empty()) return 0;
  auto cats = CategoriesOf(s, ind);
  for (size_t i = 0; i < cats.size(); ++i) {
    if (cats[i].first == category) return static_cast<int>(i + 1);
  }
  return MakeError(ErrorCode::kBadRequest, "Categoria «" + category + "» non prevista per l'indicatore " + ind.id + ".",
                   {{.field = "category", .value = category, .reason = "categoria sconosciuta"}});
}

json IndicatorJson(const kn::Snapshot& s, const kn::IndicatorDef& ind) {
  json cats = json::array();
  for (const auto& [code, label] : CategoriesOf(s, ind)) cats.push_back({{"code", code}, {"label", label}});
  json j = {{"id", ind.id},
            {"name", ind.name},
            {"description", ind.description},
            {"unit", ind.unit},
            {"factor", ind.factor},
            {"decimals", ind.decimals},
            {"polarity", std::string(kn::PolarityName(ind.polarity))},
            {"compare", std::string(kn::CompareMethodName(ind.compare))},
            {"suppress_below", ind.suppress_below},
            {"categories", cats}};
  if (!ind.by.empty()) j["by"] = ind.by;
  return j;
}

kn::Judgement JudgeAgainst(const kn::IndicatorDef& ind, const Valued& x, std::optional<double> reference,
                           const std::vector<double>& peers) {
  kn::JudgementInput in;
  in.method = ind.compare;
  in.polarity = ind.polarity;
  in.numerator = x.v.numerator.value_or(0);
  in.denominator = x.v.denominator.value_or(0);
  in.factor = ind.factor;
  in.value = x.v.value;
  in.reference = reference;
  in.peers = peers;
  return kn::Judge(in);
}

int LatestYear(const kn::Snapshot& s) { return s.years.empty() ? 0 : s.years.rbegin()->first; }

}  // namespace

Result<json> App::ListIndicators() {
  PDZ_ASSIGN(auto snap, Fresh(*this, *knowledge_));
  json list = json::array();
  for (const auto& ind : snap->catalogue->indicators) list.push_back(IndicatorJson(*snap, ind));
  return json{{"indicators", list}};
}

Result<json> App::Dashboard(const Actor& actor, const std::string& level, const std::string& code,
                            std::optional<int> year) {
  PDZ_ASSIGN(auto snap, Fresh(*this, *knowledge_));
  const auto& g = *snap->geo;
  PDZ_ASSIGN(Target t, FindEntity(g, level, code));
  int y = year.value_or(LatestYear(*snap));
  json years = json::array();
  for (const auto& [yy, c] : snap->years) years.push_back(yy);
  auto parent = Parent(g, t);
  auto region = RegionOf(g, t);
  bool owner = Owns(actor, g, t);
  auto siblings = Siblings(g, t);
  json rows = json::array();
  for (const auto& ind : snap->catalogue->indicators) {
    auto cats = CategoriesOf(*snap, ind);
    for (int k = 0; k <= static_cast<int>(cats.size()); ++k) {
      Valued x = ValueFor(*snap, ind, t, k, y, owner);
      if (k > 0 && !x.v.value && !x.suppressed) continue;  // categories only where there is data
      // References and siblings read the snapshot's per-level arrays (computed once per snapshot).
      // Not for comuni: 7,904 values per indicator, category and year would be kept for one dashboard.
      auto cached = [&](Target e, int year) -> std::optional<double> {
        if (e.level == Level::kComune) return ValueFor(*snap, ind, e, k, year, true).v.value;
        return (*snap->LevelValues(ind, e.level, k, year))[e.entity];
      };
      std::optional<double> parent_value, region_value, italy_value;
      if (parent) parent_value = cached(*parent, y);
      if (region) region_value = cached(*region, y);
      italy_value = cached({Level::kItaly, 0}, y);
      std::vector<double> peers;
      if (t.level == Level::kComune) {
        for (const auto& s : siblings) {
          if (auto v = cached(s, y)) peers.push_back(*v);
        }
      } else if (!siblings.empty()) {
        auto all = snap->LevelValues(ind, t.level, k, y);
        for (const auto& s : siblings) {
          if (const auto& v = (*all)[s.entity]) peers.push_back(*v);
        }
      }
      json row = ValueJson(ind, x);
      row["indicator"] = ind.id;
      row["category"] = k == 0 ? json(nullptr) : json(cats[k - 1].first);
      row["category_label"] = k == 0 ? json(nullptr) : json(cats[k - 1].second);
      row["reference"] = parent ? EntityJson(g, parent->level, parent->entity) : json(nullptr);
      row["reference_value"] = Num(parent_value);
      row["parent_value"] = Num(parent_value);
      row["region_value"] = Num(region_value);
      row["italy_value"] = Num(italy_value);
      row["judgement"] = std::string(kn::JudgementName(JudgeAgainst(ind, x, parent_value, peers)));
      row["quintile"] = x.v.value ? Int(kn::Quintile(*x.v.value, peers)) : json(nullptr);
      row["rank"] = x.v.value && !peers.empty() ? json(kn::RankDescending(*x.v.value, peers)) : json(nullptr);
      row["siblings"] = peers.size();
      auto d = kn::Describe(peers);
      row["distribution"] =
          d ? json{{"n", d->n}, {"min", d->min}, {"q1", d->q1}, {"median", d->median}, {"q3", d->q3}, {"max", d->max}}
            : json(nullptr);
      json trend = json::array();
      bool may_hide = ind.count_numerator && ind.suppress_below > 0 && !owner;
      for (const auto& [yy, c] : snap->years) {
        trend.push_back(
            {{"year", yy}, {"value", Num(may_hide ? ValueFor(*snap, ind, t, k, yy, owner).v.value : cached(t, yy))}});
      }
      row["trend"] = trend;
      rows.push_back(row);
    }
  }
  std::string children_level;
  auto kids = Children(g, t);
  if (!kids.empty()) children_level = std::string(kn::LevelName(kids[0].level));
  json e = EntityJson(g, t.level, t.entity);
  return json{{"entity", e},
              {"year", y},
              {"years", years},
              {"parent", parent ? EntityJson(g, parent->level, parent->entity) : json(nullptr)},
              {"region", region ? EntityJson(g, region->level, region->entity) : json(nullptr)},
              {"children_level", children_level.empty() ? json(nullptr) : json(children_level)},
              {"generation", snap->generation},
              {"rows", rows}};
}

Result<App::File> App::DashboardFile(const Actor& actor, const std::string& level, const std::string& code,
                                     std::optional<int> year, const std::string& format) {
  PDZ_ASSIGN(json d, Dashboard(actor, level, code, year));
  PDZ_ASSIGN(auto snap, Fresh(*this, *knowledge_));
  static const std::map<std::string, std::string> kJudgement = {
      {"better", "Migliore"}, {"similar", "Simile"},  {"worse", "Peggiore"},
      {"higher", "Più alto"}, {"lower", "Più basso"}, {"not_compared", "Non confrontato"}};
  std::vector<std::string> header = {"indicatore", "categoria",    "valore",      "unità",
                                     "numeratore", "denominatore", "riferimento", "valore di riferimento",
                                     "Regione",    "Italia",       "giudizio"};
  std::vector<std::vector<std::string>> rows;
  auto fmt = [](const json& v, int decimals) -> std::string {
    if (v.is_null()) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v.get<double>());
    std::string s = buf;
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
  };
  for (const auto& r : d["rows"]) {
    const auto* ind = snap->catalogue->Find(r["indicator"].get<std::string>());
    int dec = ind ? ind->decimals : 2;
    rows.push_back({ind ? ind->name : r["indicator"].get<std::string>(),
                    r["category_label"].is_null() ? "Totale" : r["category_label"].get<std::string>(),
                    r["suppressed"].get<bool>() ? "n.d. (soppresso)" : fmt(r["value"], dec), ind ? ind->unit : "",
                    fmt(r["numerator"], 2), fmt(r["denominator"], 2),
                    r["reference"].is_null() ? "" : r["reference"]["name"].get<std::string>(),
                    fmt(r["reference_value"], dec), fmt(r["region_value"], dec), fmt(r["italy_value"], dec),
                    kJudgement.at(r["judgement"].get<std::string>())});
  }
  std::string base =
      "indicatori-" + d["entity"]["code"].get<std::string>() + "-" + std::to_string(d["year"].get<int>());
  if (format == "csv") return File{io::WriteCsv(header, rows), "text/csv; charset=utf-8", base + ".csv"};
  if (format != "xlsx")
    return MakeError(ErrorCode::kBadRequest, "Formato non previsto: json, csv o xlsx.",
                     {{.field = "format", .value = format, .reason = "json, csv o xlsx"}});
  io::xlsx::Sheet sheet;
  sheet.name = "Indicatori";
  sheet.header = header;
  for (auto& r : rows) {
    std::vector<io::xlsx::Value> cells;
    for (auto& c : r) cells.emplace_back(c);
    sheet.rows.push_back(std::move(cells));
  }
  PDZ_ASSIGN(auto bytes, io::xlsx::Write(std::vector<io::xlsx::Sheet>{sheet}));
  return File{std::move(bytes), io::xlsx::kContentType, base + ".xlsx"};
}

Result<json> App::IndicatorSeries(const Actor& actor, const std::string& id, const std::string& level,
                                  const std::string& code, const std::string& category) {
  PDZ_ASSIGN(auto snap, Fresh(*this, *knowledge_));
  const auto& g = *snap->geo;
  const auto* ind = snap->catalogue->Find(id);
  if (!ind) return detail::NotFound("Indicatore", id);
  PDZ_ASSIGN(Target t, FindEntity(g, level, code));
  PDZ_ASSIGN(int k, CategoryIndex(*snap, *ind, category));
  bool owner = Owns(actor, g, t);
  auto parent = Parent(g, t);
  auto region = RegionOf(g, t);
  json series = json::array();
  for (const auto& [y, c] : snap->years) {
    Valued x = ValueFor(*snap, *ind, t, k, y, owner);
    series.push_back(
        {{"year", y},
         {"value", Num(x.v.value)},
         {"suppressed", x.suppressed},
         {"ci95", CiJson(*ind, x.v, kn::kZ95)},
         {"parent_value", parent ? Num(ValueFor(*snap, *ind, *parent, k, y, true).v.value) : json(nullptr)},
         {"region_value", region ? Num(ValueFor(*snap, *ind, *region, k, y, true).v.value) : json(nullptr)},
         {"italy_value", Num(ValueFor(*snap, *ind, {Level::kItaly, 0}, k, y, true).v.value)}});
  }
  return json{{"indicator", IndicatorJson(*snap, *ind)},
              {"entity", EntityJson(g, t.level, t.entity)},
              {"category", category.empty() ? json(nullptr) : json(category)},
              {"series", series}};
}

Result<json> App::IndicatorBreakdown(const Actor& actor, const std::string& id, const std::string& level,
                                     const std::string& code, const std::string& category, std::optional<int> year,
                                     const std::string& peers) {
  PDZ_ASSIGN(auto snap, Fresh(*this, *knowledge_));
  const auto& g = *snap->geo;
  const auto* ind = snap->catalogue->Find(id);
  if (!ind) return detail::NotFound("Indicatore", id);
  PDZ_ASSIGN(Target t, FindEntity(g, level, code));
  PDZ_ASSIGN(int k, CategoryIndex(*snap, *ind, category));
  int y = year.value_or(LatestYear(*snap));
  std::vector<Target> rows_of;
  std::string basis = "children";
  Target reference = t;
  json band = nullptr;
  auto population = [&](Target x) -> double {
    double p = 0;
    for (int c : kn::ComuniOf(g, x.level, x.entity)) p += static_cast<double>(g.comuni[c].population);
    return p;
  };
  if (peers.empty()) {
    rows_of = Children(g, t);
  } else {
    if (auto r = RegionOf(g, t)) reference = *r;
    if (peers == "band") {
      basis = "population_band";
      static const double kBands[] = {0, 5000, 10000, 50000, 100000, 250000, 1e12};
      double p = population(t);
      int b = 0;
      while (b < 5 && p >= kBands[b + 1]) ++b;
      band = {{"min", static_cast<std::int64_t>(kBands[b])},
              {"max", static_cast<std::int64_t>(std::min(kBands[b + 1], 1e11))}};
      for (const auto& s : Siblings(g, t)) {
        double sp = population(s);
        if (sp >= kBands[b] && sp < kBands[b + 1]) rows_of.push_back(s);
      }
      if (t.level == Level::kComune) {
        // Comuni of the same band in the whole Region, not only the ambito.
        rows_of.clear();
        for (size_t c = 0; c < g.comuni.size(); ++c) {
          if (g.comuni[c].region != g.comuni[t.entity].region) continue;
          double sp = static_cast<double>(g.comuni[c].population);
          if (sp >= kBands[b] && sp < kBands[b + 1]) rows_of.push_back({Level::kComune, static_cast<int>(c)});
        }
      }
    } else {
      basis = "chosen";
      rows_of.push_back(t);
      size_t at = 0;
      while (at <= peers.size()) {
        size_t next = peers.find(',', at);
        std::string one = peers.substr(at, next == std::string::npos ? std::string::npos : next - at);
        if (!one.empty() && one != code) {
          auto e = g.Find(t.level, one);
          if (!e) return detail::NotFound("Confronto", one);
          rows_of.push_back({t.level, *e});
        }
        if (next == std::string::npos) break;
        at = next + 1;
      }
    }
  }
  Valued ref = ValueFor(*snap, *ind, reference, k, y, Owns(actor, g, reference));
  std::vector<Valued> values;
  std::vector<double> present;
  for (const auto& r : rows_of) {
    values.push_back(ValueFor(*snap, *ind, r, k, y, Owns(actor, g, r)));
    if (values.back().v.value) present.push_back(*values.back().v.value);
  }
  json rows = json::array();
  for (size_t i = 0; i < rows_of.size(); ++i) {
    json row = EntityJson(g, rows_of[i].level, rows_of[i].entity);
    row.update(ValueJson(*ind, values[i]));
    row["judgement"] = std::string(kn::JudgementName(JudgeAgainst(*ind, values[i], ref.v.value, present)));
    row["quintile"] = values[i].v.value ? Int(kn::Quintile(*values[i].v.value, present)) : json(nullptr);
    row["population"] = static_cast<std::int64_t>(population(rows_of[i]));
    rows.push_back(row);
  }
  json refj = EntityJson(g, reference.level, reference.entity);
  refj.update(ValueJson(*ind, ref));
  auto d = kn::Describe(present);
  json out = {
      {"indicator", IndicatorJson(*snap, *ind)},
      {"entity", EntityJson(g, t.level, t.entity)},
      {"year", y},
      {"category", category.empty() ? json(nullptr) : json(category)},
      {"basis", basis},
      {"reference", refj},
      {"rows", rows},
      {"distribution",
       d ? json{{"n", d->n}, {"min", d->min}, {"q1", d->q1}, {"median", d->median}, {"q3", d->q3}, {"max", d->max}}
         : json(nullptr)}};
  if (!band.is_null()) out["band"] = band;
  return out;
}

Result<json> App::Fingerprint() {
  // The benchmark workload's measures (bench/sql/workload.sql), computed with the catalogue's.
  PDZ_ASSIGN(auto conn, db_.Connect());
  auto started = std::chrono::steady_clock::now();
  PDZ_ASSIGN(kn::Geo geo, LoadGeo(*conn));
  PDZ_ASSIGN(auto lists, detail::LoadCodeLists(*conn));
  PDZ_ASSIGN(auto catalogue, LoadCatalogueFromDb(*conn));
  kn::MeasureDef spend{"spesa", "sum", "amount_eur", {}, "area"};
  kn::MeasureDef assoc{"spesa", "sum", "amount_eur", {{"management", {"associata"}}}, "area"};
  kn::MeasureDef benef{"beneficiari", "distinct", "beneficiary_id", {}, "area"};
  kn::MeasureDef amount{"beneficiari", "sum", "amount_eur", {}, "area"};
  kn::MeasureDef pop{"", "population", "", {}, ""};
  std::vector<kn::MeasureDef> measures = catalogue.Measures();
  std::set<std::string> have;
  for (const auto& m : measures) have.insert(m.Key());
  for (const auto& m : {spend, assoc, benef, amount, pop}) {
    if (!have.count(m.Key())) measures.push_back(m);
  }
  PDZ_ASSIGN(auto year_rows, conn->Query("SELECT year FROM flow_years ORDER BY year"));
  std::vector<int> years;
  for (const auto& r : year_rows) years.push_back(static_cast<int>(r.Int(0)));
  PDZ_ASSIGN(auto cubes, ComputeYears(db_, geo, lists, measures, years));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::int64_t rows_read = 0;
  for (const auto& [y, c] : cubes) rows_read += c->rows_read;

  json fp = json::array();
  const int areas = 1 + static_cast<int>(kn::Categories(lists, "spesa", "area").size());
  for (Level level : {Level::kComune, Level::kAmbito, Level::kRegion}) {
    std::int64_t count = 0;
    double spend_sum = 0, benef_sum = 0, coverage = 0, share = 0, mean = 0;
    for (const auto& [y, c] : cubes) {
      const auto& S = c->measures.at(spend.Key());
      const auto& SA = c->measures.at(assoc.Key());
      const auto& N = c->measures.at(benef.Key());
      const auto& BA = c->measures.at(amount.Key());
      const auto& P = c->measures.at(pop.Key());
      for (size_t e = 0; e < geo.Count(level); ++e) {
        if (level == Level::kComune && geo.comuni[e].ambiti.empty()) continue;  // the workload's geo: comuni in ambiti
        auto p = P.Get(level, static_cast<int>(e), 0);
        if (!p || *p == 0) continue;
        for (int k = 1; k < areas; ++k) {
          auto s = S.Get(level, static_cast<int>(e), k);
          auto n = N.Get(level, static_cast<int>(e), k);
          if (!s && !n) continue;
          ++count;
          spend_sum += s.value_or(0);
          benef_sum += n.value_or(0);
          coverage += 1000.0 * n.value_or(0) / *p;
          if (s && *s != 0) share += SA.Get(level, static_cast<int>(e), k).value_or(0) / *s;
          if (n && *n > 0) mean += BA.Get(level, static_cast<int>(e), k).value_or(0) / *n;
        }
      }
    }
    fp.push_back({std::string("ind_") + (level == Level::kComune   ? "comune"
                                         : level == Level::kAmbito ? "ambito"
                                                                   : "regione"),
                  count, std::llround(spend_sum), std::llround(benef_sum), std::llround(coverage),
                  std::llround(share * 1000), std::llround(mean)});
  }
  // cv_ambito and rank_comune on each comune's spend per inhabitant (all areas).
  std::int64_t cv_rows = 0, cv_count = 0, rank_rows = 0, rank_sum = 0, rank1_years = 0;
  double cv_sum = 0, mean_sum = 0, pc_sum = 0;
  for (const auto& [y, c] : cubes) {
    const auto& S = c->measures.at(spend.Key());
    const auto& P = c->measures.at(pop.Key());
    std::vector<std::optional<double>> pc(geo.comuni.size());
    for (size_t e = 0; e < geo.comuni.size(); ++e) {
      if (geo.comuni[e].ambiti.empty()) continue;
      auto s = S.Get(Level::kComune, static_cast<int>(e), 0);
      auto p = P.Get(Level::kComune, static_cast<int>(e), 0);
      if (s && p && *p > 0) pc[e] = *s / *p;
    }
    for (const auto& a : geo.ambiti) {
      double n = 0, sum = 0, sq = 0;
      for (int e : a.comuni) {
        if (!pc[e]) continue;
        n += 1;
        sum += *pc[e];
        sq += *pc[e] * *pc[e];
      }
      if (n == 0) continue;
      ++cv_rows;
      double m = sum / n;
      mean_sum += m;
      if (n > 1) {
        double var = (sq - sum * sum / n) / (n - 1);
        ++cv_count;
        if (var > 0) cv_sum += std::sqrt(var) / m;
      }
    }
    std::map<int, std::vector<double>> by_region;
    for (size_t e = 0; e < geo.comuni.size(); ++e) {
      if (pc[e]) by_region[geo.comuni[e].region].push_back(*pc[e]);
    }
    for (auto& [r, values] : by_region) {
      std::sort(values.begin(), values.end(), std::greater<double>());
      for (size_t i = 0; i < values.size(); ++i) {
        size_t rank = i + 1;
        if (i > 0 && values[i] == values[i - 1]) {
          size_t j = i;
          while (j > 0 && values[j - 1] == values[i]) --j;
          rank = j + 1;
        }
        ++rank_rows;
        rank_sum += static_cast<std::int64_t>(rank);
        if (rank == 1) rank1_years += y;
        pc_sum += values[i];
      }
    }
  }
  fp.push_back({"cv_ambito", cv_rows, cv_count, std::llround(cv_sum * 1000), std::llround(mean_sum)});
  fp.push_back({"rank_comune", rank_rows, rank_sum, rank1_years, std::llround(pc_sum)});
  return json{{"compute_seconds", seconds}, {"rows_read", rows_read}, {"years", years.size()}, {"fingerprint", fp}};
}

}  // namespace pdz::app
