// Sums roll up from comuni (they are additive); distinct beneficiaries do not (people move and draw
// on several areas), so they are counted from the raw records at every level: the records of a
// year are sorted by pseudonym and each person is counted once per entity and category.
#include "knowledge/cube.hpp"

#include <algorithm>
#include <cstring>

#include "knowledge/block.hpp"

namespace pdz::knowledge {

std::string_view LevelName(Level l) {
  switch (l) {
    case Level::kComune:
      return "comune";
    case Level::kAmbito:
      return "ambito";
    case Level::kAgency:
      return "agency";
    case Level::kRegion:
      return "region";
    case Level::kItaly:
      return "italy";
  }
  return "italy";
}

std::optional<Level> ParseLevel(std::string_view s) {
  for (int i = 0; i < kLevels; ++i) {
    if (LevelName(static_cast<Level>(i)) == s) return static_cast<Level>(i);
  }
  return std::nullopt;
}

void Geo::Index() {
  comune_by_istat.clear();
  ambito_by_code.clear();
  agency_by_code.clear();
  region_by_code.clear();
  for (size_t i = 0; i < comuni.size(); ++i) comune_by_istat[comuni[i].istat] = static_cast<int>(i);
  for (size_t i = 0; i < ambiti.size(); ++i) ambito_by_code[ambiti[i].code] = static_cast<int>(i);
  for (size_t i = 0; i < agencies.size(); ++i) agency_by_code[agencies[i].code] = static_cast<int>(i);
  for (size_t i = 0; i < regions.size(); ++i) region_by_code[regions[i].code] = static_cast<int>(i);
}

size_t Geo::Count(Level l) const {
  switch (l) {
    case Level::kComune:
      return comuni.size();
    case Level::kAmbito:
      return ambiti.size();
    case Level::kAgency:
      return agencies.size();
    case Level::kRegion:
      return regions.size();
    case Level::kItaly:
      return 1;
  }
  return 0;
}

std::optional<int> Geo::Find(Level l, std::string_view code) const {
  auto look = [&](const std::unordered_map<std::string, int>& m) -> std::optional<int> {
    auto it = m.find(std::string(code));
    if (it == m.end()) return std::nullopt;
    return it->second;
  };
  switch (l) {
    case Level::kComune: {
      if (code.size() != 6) return std::nullopt;
      int v = 0;
      for (char c : code) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
      }
      auto it = comune_by_istat.find(v);
      if (it == comune_by_istat.end()) return std::nullopt;
      return it->second;
    }
    case Level::kAmbito:
      return look(ambito_by_code);
    case Level::kAgency:
      return look(agency_by_code);
    case Level::kRegion:
      return look(region_by_code);
    case Level::kItaly:
      return 0;
  }
  return std::nullopt;
}

std::string Geo::Code(Level l, int i) const {
  switch (l) {
    case Level::kComune:
      return IstatText(comuni[i].istat);
    case Level::kAmbito:
      return ambiti[i].code;
    case Level::kAgency:
      return agencies[i].code;
    case Level::kRegion:
      return regions[i].code;
    case Level::kItaly:
      return "IT";
  }
  return {};
}

std::string Geo::Name(Level l, int i) const {
  switch (l) {
    case Level::kComune:
      return comuni[i].name;
    case Level::kAmbito:
      return ambiti[i].name;
    case Level::kAgency:
      return agencies[i].name;
    case Level::kRegion:
      return regions[i].name;
    case Level::kItaly:
      return "Italia";
  }
  return {};
}

std::string MeasureDef::Key() const {
  std::string k = flow + "|" + op + "|" + column + "|" + by;
  for (const auto& [col, values] : where) {
    k += "|" + col + "=";
    for (const auto& v : values) k += v + ",";
  }
  return k;
}

std::optional<double> MeasureValues::Get(Level l, int entity, int category) const {
  if (category >= categories) category = 0;
  size_t at = static_cast<size_t>(entity) * categories + category;
  const auto& p = present[static_cast<int>(l)];
  if (at >= p.size() || !p[at]) return std::nullopt;
  return values[static_cast<int>(l)][at];
}

std::vector<std::pair<std::string, std::string>> Categories(const CodeLists& lists, const std::string& flow,
                                                            const std::string& column) {
  std::vector<std::pair<std::string, std::string>> out;
  if (column.empty()) return out;
  std::string list;
  std::vector<std::string> choices;
  if (column == "unit_type") list = "tipi_unita";
  if (const FlowDef* f = FindFlow(flow.empty() ? "popolazione" : flow)) {
    int c = f->Column(column);
    if (c >= 0) {
      list = f->columns[c].list;
      choices = f->columns[c].choices;
    }
  }
  if (!list.empty()) {
    if (const auto* l = lists.Find(list)) return l->items;
  }
  for (const auto& c : choices) out.emplace_back(c, c);
  return out;
}

namespace {

struct Entry {
  std::uint64_t id;
  std::uint32_t comune;
  std::uint16_t category;
  std::uint16_t pad;
};

// LSD radix sort on the pseudonym, 16 bits per pass.
void RadixSortById(std::vector<Entry>& v) {
  std::vector<Entry> tmp(v.size());
  std::vector<std::uint32_t> count(65536);
  for (int shift = 0; shift < 64; shift += 16) {
    std::fill(count.begin(), count.end(), 0);
    for (const auto& e : v) ++count[(e.id >> shift) & 0xffff];
    std::uint32_t sum = 0;
    for (auto& c : count) {
      std::uint32_t n = c;
      c = sum;
      sum += n;
    }
    for (const auto& e : v) tmp[count[(e.id >> shift) & 0xffff]++] = e;
    v.swap(tmp);
  }
}

struct Acc {
  const MeasureDef* def;
  int categories = 1;
  int by_column = -1;     // flow column of the breakdown (or -2: registry unit type)
  int value_column = -1;  // sum / distinct
  bool amount = false;    // cents -> euro
  std::vector<std::pair<int, std::vector<std::string>>> filters;  // column (-2 registry unit type) -> values
  std::unordered_map<std::string, int> category_index;
  std::vector<double> sums;  // comune level [comune * categories + category]
  std::vector<std::uint8_t> present;
  std::vector<Entry> entries;  // distinct
};

MeasureValues Rollup(const Geo& geo, int cats, const std::vector<double>& sums,
                     const std::vector<std::uint8_t>& present) {
  MeasureValues mv;
  mv.categories = cats;
  mv.values.resize(kLevels);
  mv.present.resize(kLevels);
  for (int l = 0; l < kLevels; ++l) {
    size_t n = geo.Count(static_cast<Level>(l)) * cats;
    mv.values[l].assign(n, 0.0);
    mv.present[l].assign(n, 0);
  }
  mv.values[0] = sums;
  mv.present[0] = present;
  for (size_t c = 0; c < geo.comuni.size(); ++c) {
    const auto& com = geo.comuni[c];
    for (int k = 0; k < cats; ++k) {
      size_t at = c * cats + k;
      if (!present[at]) continue;
      double v = sums[at];
      auto add = [&](int level, int entity) {
        if (entity < 0) return;
        size_t to = static_cast<size_t>(entity) * cats + k;
        mv.values[level][to] += v;
        mv.present[level][to] = 1;
      };
      for (int a : com.ambiti) add(1, a);
      add(2, com.agency);
      add(3, com.region);
      add(4, 0);
    }
  }
  return mv;
}

MeasureValues CountDistinct(const Geo& geo, int cats, std::vector<Entry>& entries) {
  RadixSortById(entries);
  MeasureValues mv;
  mv.categories = cats;
  mv.values.resize(kLevels);
  mv.present.resize(kLevels);
  for (int l = 0; l < kLevels; ++l) {
    size_t n = geo.Count(static_cast<Level>(l)) * cats;
    mv.values[l].assign(n, 0.0);
    mv.present[l].assign(n, 0);
  }
  std::vector<std::uint64_t> keys[kLevels];
  auto bump = [&](int level, std::uint64_t key) {
    mv.values[level][key] += 1;
    mv.present[level][key] = 1;
  };
  auto entity_of = [&](int level, const Entry& e, std::vector<int>& out) {
    out.clear();
    const auto& com = geo.comuni[e.comune];
    switch (level) {
      case 0:
        out.push_back(static_cast<int>(e.comune));
        break;
      case 1:
        out = com.ambiti;
        break;
      case 2:
        if (com.agency >= 0) out.push_back(com.agency);
        break;
      case 3:
        if (com.region >= 0) out.push_back(com.region);
        break;
      default:
        out.push_back(0);
    }
  };
  std::vector<int> ents;
  std::vector<std::uint16_t> categories;
  size_t i = 0;
  while (i < entries.size()) {
    size_t j = i + 1;
    while (j < entries.size() && entries[j].id == entries[i].id) ++j;
    bool one_comune = true;
    for (size_t r = i + 1; r < j && one_comune; ++r) one_comune = entries[r].comune == entries[i].comune;
    if (one_comune) {
      // All of this person's records are in one comune (the common case): the same entities at every
      // level, each counted once in total and once per distinct category.
      categories.clear();
      for (size_t r = i; r < j; ++r) {
        if (entries[r].category != 0) categories.push_back(entries[r].category);
      }
      if (categories.size() > 1) {
        std::sort(categories.begin(), categories.end());
        categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
      }
      const auto& com = geo.comuni[entries[i].comune];
      auto count = [&](int level, int entity) {
        if (entity < 0) return;
        std::uint64_t base = static_cast<std::uint64_t>(entity) * cats;
        bump(level, base);
        for (auto c : categories) bump(level, base + c);
      };
      count(0, static_cast<int>(entries[i].comune));
      for (int a : com.ambiti) count(1, a);
      count(2, com.agency);
      count(3, com.region);
      count(4, 0);
      i = j;
      continue;
    }
    for (int level = 0; level < kLevels; ++level) {
      auto& ks = keys[level];
      ks.clear();
      for (size_t r = i; r < j; ++r) {
        entity_of(level, entries[r], ents);
        for (int e : ents) {
          std::uint64_t base = static_cast<std::uint64_t>(e) * cats;
          ks.push_back(base);
          if (entries[r].category != 0) ks.push_back(base + entries[r].category);
        }
      }
      if (ks.size() > 1) {
        std::sort(ks.begin(), ks.end());
        ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
      }
      for (auto k : ks) bump(level, k);
    }
    i = j;
  }
  return mv;
}

}  // namespace

Result<std::shared_ptr<const YearCube>> ComputeYear(const Geo& geo, const CodeLists& lists,
                                                    const std::vector<MeasureDef>& measures, int year,
                                                    const BlockSource& source, const CoverageSource& coverage) {
  auto cube = std::make_shared<YearCube>();
  cube->year = year;
  const size_t ncomuni = geo.comuni.size();

  // Population per comune (total and per age band) from the population flow, else the reference.
  std::vector<std::unordered_map<std::string, double>> pop_by_band(ncomuni);
  std::vector<std::uint8_t> pop_from_flow(ncomuni, 0);
  bool need_population =
      std::any_of(measures.begin(), measures.end(), [](const MeasureDef& m) { return m.op == "population"; });
  if (need_population) {
    const FlowDef& pf = *FindFlow("popolazione");
    int ci = pf.Column("istat_code"), cb = pf.Column("age_band"), cp = pf.Column("population");
    PDZ_TRY(source("popolazione", year, [&](std::string_view bytes) -> Result<void> {
      PDZ_ASSIGN(Block b, DecodeBlock(bytes));
      for (std::uint32_t r = 0; r < b.rows; ++r) {
        auto it = geo.comune_by_istat.find(static_cast<int>(b.columns[ci].ints[r]));
        if (it == geo.comune_by_istat.end()) continue;
        pop_by_band[it->second][std::string(b.columns[cb].Text(r))] += static_cast<double>(b.columns[cp].ints[r]);
        pop_from_flow[it->second] = 1;
      }
      return Ok();
    }));
  }

  // Flow measures, grouped by flow so each flow's blocks are read once.
  std::map<std::string, std::vector<Acc>> by_flow;
  for (const auto& m : measures) {
    if (m.op == "population" || m.op == "comuni" || m.op == "covered") continue;
    const FlowDef* f = FindFlow(m.flow);
    if (!f) return MakeError(ErrorCode::kValidationFailed, "Indicatore: flusso sconosciuto «" + m.flow + "».");
    Acc acc;
    acc.def = &m;
    auto cats = Categories(lists, m.flow, m.by);
    acc.categories = 1 + static_cast<int>(cats.size());
    for (size_t k = 0; k < cats.size(); ++k) acc.category_index[cats[k].first] = static_cast<int>(k + 1);
    auto column_of = [&](const std::string& name) {
      return (f->id == "fsr" && name == "unit_type") ? -2 : f->Column(name);
    };
    if (!m.by.empty()) acc.by_column = column_of(m.by);
    if (!m.column.empty()) {
      acc.value_column = f->Column(m.column);
      if (acc.value_column < 0)
        return MakeError(ErrorCode::kValidationFailed, "Indicatore: colonna sconosciuta «" + m.column + "».");
      acc.amount = f->columns[acc.value_column].type == ColumnType::kAmount ||
                   f->columns[acc.value_column].type == ColumnType::kDecimal;
    }
    for (const auto& [col, values] : m.where) acc.filters.emplace_back(column_of(col), values);
    acc.sums.assign(ncomuni * acc.categories, 0.0);
    acc.present.assign(ncomuni * acc.categories, 0);
    by_flow[m.flow].push_back(std::move(acc));
  }

  for (auto& [flow_id, accs] : by_flow) {
    const FlowDef& f = *FindFlow(flow_id);
    // FSR rows name a unit; its comune and type come from the registry of the same year.
    std::unordered_map<std::string, std::pair<int, std::string>> registry;
    if (flow_id == "fsr") {
      const FlowDef& uf = *FindFlow("unita_offerta");
      int sc = uf.Column("structure_code"), ic = uf.Column("istat_code"), tc = uf.Column("unit_type");
      PDZ_TRY(source("unita_offerta", year, [&](std::string_view bytes) -> Result<void> {
        PDZ_ASSIGN(Block b, DecodeBlock(bytes));
        for (std::uint32_t r = 0; r < b.rows; ++r) {
          auto it = geo.comune_by_istat.find(static_cast<int>(b.columns[ic].ints[r]));
          registry[std::string(b.columns[sc].Text(r))] = {it == geo.comune_by_istat.end() ? -1 : it->second,
                                                          std::string(b.columns[tc].Text(r))};
        }
        return Ok();
      }));
    }
    std::vector<bool> wanted(f.columns.size(), false);
    int istat_col = f.Column("istat_code"), structure_col = f.Column("structure_code");
    if (istat_col >= 0) wanted[istat_col] = true;
    if (structure_col >= 0) wanted[structure_col] = true;
    for (auto& a : accs) {
      if (a.by_column >= 0) wanted[a.by_column] = true;
      if (a.value_column >= 0) wanted[a.value_column] = true;
      for (auto& [c, v] : a.filters) {
        if (c >= 0) wanted[c] = true;
      }
    }
    PDZ_TRY(source(flow_id, year, [&](std::string_view bytes) -> Result<void> {
      PDZ_ASSIGN(Block b, DecodeBlock(bytes, wanted));
      cube->rows_read += b.rows;
      // Per block: comune of each row, and for every text filter/breakdown the verdict per dictionary code.
      std::vector<int> comune(b.rows, -1);
      std::vector<const std::string*> unit_type(b.rows, nullptr);
      for (std::uint32_t r = 0; r < b.rows; ++r) {
        if (istat_col >= 0) {
          auto it = geo.comune_by_istat.find(static_cast<int>(b.columns[istat_col].ints[r]));
          if (it != geo.comune_by_istat.end()) comune[r] = it->second;
        } else {
          auto it = registry.find(std::string(b.columns[structure_col].Text(r)));
          if (it != registry.end()) {
            comune[r] = it->second.first;
            unit_type[r] = &it->second.second;
          }
        }
      }
      for (auto& a : accs) {
        std::vector<std::vector<std::uint8_t>> pass;  // per filter, per dict code (text columns)
        for (auto& [c, values] : a.filters) {
          std::vector<std::uint8_t> p;
          if (c >= 0 && b.columns[c].text) {
            for (const auto& d : b.columns[c].dict)
              p.push_back(std::find(values.begin(), values.end(), d) != values.end());
          }
          pass.push_back(std::move(p));
        }
        std::vector<int> cat_of_code;
        if (a.by_column >= 0 && b.columns[a.by_column].text) {
          for (const auto& d : b.columns[a.by_column].dict) {
            auto it = a.category_index.find(d);
            cat_of_code.push_back(it == a.category_index.end() ? 0 : it->second);
          }
        }
        for (std::uint32_t r = 0; r < b.rows; ++r) {
          int c = comune[r];
          if (c < 0) continue;
          bool ok = true;
          for (size_t k = 0; k < a.filters.size() && ok; ++k) {
            int col = a.filters[k].first;
            const auto& values = a.filters[k].second;
            if (col == -2)
              ok = unit_type[r] && std::find(values.begin(), values.end(), *unit_type[r]) != values.end();
            else if (b.columns[col].text)
              ok = pass[k][b.columns[col].codes[r]] != 0;
            else
              ok = std::find(values.begin(), values.end(), std::to_string(b.columns[col].ints[r])) != values.end();
          }
          if (!ok) continue;
          int cat = 0;
          if (a.by_column >= 0)
            cat = cat_of_code[b.columns[a.by_column].codes[r]];
          else if (a.by_column == -2 && unit_type[r]) {
            auto it = a.category_index.find(*unit_type[r]);
            cat = it == a.category_index.end() ? 0 : it->second;
          }
          const std::string& op = a.def->op;
          if (op == "distinct") {
            a.entries.push_back(Entry{static_cast<std::uint64_t>(b.columns[a.value_column].ints[r]),
                                      static_cast<std::uint32_t>(c), static_cast<std::uint16_t>(cat), 0});
            continue;
          }
          double v = 1;
          if (op == "sum") {
            std::int64_t raw = b.columns[a.value_column].ints[r];
            if (raw == kNull) continue;
            v = a.amount ? static_cast<double>(raw) / 100.0 : static_cast<double>(raw);
          }
          size_t base = static_cast<size_t>(c) * a.categories;
          a.sums[base] += v;
          a.present[base] = 1;
          if (cat != 0) {
            a.sums[base + cat] += v;
            a.present[base + cat] = 1;
          }
        }
      }
      return Ok();
    }));
    for (auto& a : accs) {
      if (a.def->op == "distinct") {
        cube->measures[a.def->Key()] = CountDistinct(geo, a.categories, a.entries);
        std::vector<Entry>().swap(a.entries);
      } else {
        cube->measures[a.def->Key()] = Rollup(geo, a.categories, a.sums, a.present);
      }
    }
  }

  auto covered_comuni = [&](const std::string& flow) -> Result<std::vector<std::uint8_t>> {
    std::vector<std::uint8_t> mask(ncomuni, 0);
    PDZ_ASSIGN(auto istats, coverage(flow, year));
    for (int istat : istats) {
      auto it = geo.comune_by_istat.find(istat);
      if (it != geo.comune_by_istat.end()) mask[it->second] = 1;
    }
    return mask;
  };
  for (const auto& m : measures) {
    if (m.op == "covered") {
      PDZ_ASSIGN(auto mask, covered_comuni(m.flow));
      std::vector<double> ones(ncomuni, 0.0);
      for (size_t c = 0; c < ncomuni; ++c) ones[c] = mask[c];
      std::vector<std::uint8_t> present(ncomuni, 1);
      cube->measures[m.Key()] = Rollup(geo, 1, ones, present);
    } else if (m.op == "comuni") {
      std::vector<double> ones(ncomuni, 1.0);
      std::vector<std::uint8_t> present(ncomuni, 1);
      cube->measures[m.Key()] = Rollup(geo, 1, ones, present);
    } else if (m.op == "population") {
      std::vector<std::string> bands;
      for (const auto& [col, values] : m.where) {
        if (col == "age_band") bands = values;
      }
      std::vector<double> pop(ncomuni, 0.0);
      std::vector<std::uint8_t> present(ncomuni, 0);
      std::vector<std::uint8_t> mask(ncomuni, 1);
      if (!m.flow.empty()) {
        PDZ_ASSIGN(mask, covered_comuni(m.flow));
      }
      for (size_t c = 0; c < ncomuni; ++c) {
        if (!mask[c]) continue;
        if (pop_from_flow[c]) {
          for (const auto& [band, n] : pop_by_band[c]) {
            if (bands.empty() || std::find(bands.begin(), bands.end(), band) != bands.end()) pop[c] += n;
          }
          present[c] = 1;
        } else if (bands.empty() && geo.comuni[c].population > 0) {
          pop[c] = static_cast<double>(geo.comuni[c].population);
          present[c] = 1;
        }
      }
      cube->measures[m.Key()] = Rollup(geo, 1, pop, present);
    }
  }
  return std::shared_ptr<const YearCube>(std::move(cube));
}

}  // namespace pdz::knowledge
