// Territory rules: codes, capofila types, membership periods and merge planning.
#include "core/territory/territory.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace pdz::core {
namespace {

struct CapofilaInfo {
  CapofilaType type;
  std::string_view code;
  std::string_view label;
};

constexpr std::array kCapofila = {
    CapofilaInfo{CapofilaType::kComune, "comune", "Comune"},
    CapofilaInfo{CapofilaType::kAziendaSpecialeConsortile, "azienda_speciale_consortile",
                 "Azienda speciale consortile"},
    CapofilaInfo{CapofilaType::kComunitaMontana, "comunita_montana", "Comunità montana"},
    CapofilaInfo{CapofilaType::kConsorzio, "consorzio", "Consorzio"},
    CapofilaInfo{CapofilaType::kUnioneDiComuni, "unione_di_comuni", "Unione di comuni"},
    CapofilaInfo{CapofilaType::kAltro, "altro", "Altro"},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string_view CapofilaTypeCode(CapofilaType t) {
  for (const auto& i : kCapofila)
    if (i.type == t) return i.code;
  PDZ_ASSERT(false, "unknown CapofilaType");
  return {};
}

std::string_view CapofilaTypeLabel(CapofilaType t) {
  for (const auto& i : kCapofila)
    if (i.type == t) return i.label;
  PDZ_ASSERT(false, "unknown CapofilaType");
  return {};
}

std::optional<CapofilaType> ParseCapofilaType(std::string_view code) {
  for (const auto& i : kCapofila)
    if (i.code == code) return i.type;
  return std::nullopt;
}

std::string CapofilaTypeCodes() {
  std::string out;
  for (const auto& i : kCapofila) {
    if (!out.empty()) out += ", ";
    out += i.code;
  }
  return out;
}

bool IsIstatComuneCode(std::string_view code) {
  return code.size() == 6 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsStableCode(std::string_view code) {
  if (code.empty() || code.size() > 64) return false;
  if (!std::isalnum(static_cast<unsigned char>(code[0]))) return false;
  return std::all_of(code.begin(), code.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; });
}

bool PeriodsOverlap(Date a_from, std::optional<Date> a_to, Date b_from, std::optional<Date> b_to) {
  bool a_ends_before_b = a_to && *a_to < b_from;
  bool b_ends_before_a = b_to && *b_to < a_from;
  return !a_ends_before_b && !b_ends_before_a;
}

Result<void> CheckNoOverlap(const std::vector<Membership>& existing, const Membership& candidate) {
  if (candidate.to && *candidate.to < candidate.from) {
    return MakeError(ErrorCode::kValidationFailed, "La data di fine precede la data di inizio.",
                     {{.field = "valid_to",
                       .value = candidate.to->ToString(),
                       .reason = "deve essere uguale o successiva a valid_from " + candidate.from.ToString()}});
  }
  for (const auto& m : existing) {
    if (m.istat_code != candidate.istat_code) continue;
    if (PeriodsOverlap(m.from, m.to, candidate.from, candidate.to)) {
      std::string period = "dal " + m.from.ToString() + (m.to ? " al " + m.to->ToString() : " (in corso)");
      return MakeError(ErrorCode::kMembershipOverlap,
                       "Il comune " + candidate.istat_code + " appartiene già all'ambito '" + m.ambito_code + "' " +
                           period + ": un comune appartiene a un solo ambito per volta.",
                       {{.field = "istat_code",
                         .value = candidate.istat_code,
                         .reason = "già nell'ambito '" + m.ambito_code + "' " + period}});
    }
  }
  return Ok();
}

Result<MergePlan> PlanMerge(const std::vector<std::string>& sources, const std::string& new_code, Date date,
                            const std::vector<Membership>& source_memberships) {
  MergePlan plan;
  std::set<std::string> with_members;
  std::set<std::string> opened;
  for (const auto& m : source_memberships) {
    if (m.from >= date) {
      return MakeError(ErrorCode::kValidationFailed,
                       "Il comune " + m.istat_code + " entra nell'ambito '" + m.ambito_code + "' il " +
                           m.from.ToString() + ", non prima della data di fusione " + date.ToString() + ".",
                       {{.field = "valid_from",
                         .value = date.ToString(),
                         .reason = "deve essere successiva all'inizio di ogni appartenenza degli ambiti fusi"}});
    }
    if (!m.ActiveOn(date)) continue;
    with_members.insert(m.ambito_code);
    Membership closed = m;
    closed.to = date.AddDays(-1);
    plan.to_close.push_back(closed);
    if (opened.insert(m.istat_code).second) {
      plan.to_open.push_back(Membership{m.istat_code, new_code, date, m.to});
    }
  }
  std::vector<ErrorDetail> empty;
  for (size_t i = 0; i < sources.size(); ++i) {
    if (!with_members.count(sources[i])) {
      empty.push_back({.field = "sources[" + std::to_string(i) + "]",
                       .value = sources[i],
                       .reason = "nessun comune appartiene all'ambito alla data " + date.ToString()});
    }
  }
  if (!empty.empty()) {
    return MakeError(ErrorCode::kValidationFailed, "Un ambito da fondere non ha comuni alla data della fusione.",
                     std::move(empty));
  }
  return plan;
}

std::optional<std::string> Suggest(std::string_view wanted, const std::vector<std::string>& candidates) {
  std::string w = Lower(wanted);
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (const auto& c : candidates) {
    size_t d = EditDistance(w, Lower(c));
    if (!best || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  if (best && best_distance > 0 && best_distance <= std::max<size_t>(2, w.size() / 3)) return best;
  return std::nullopt;
}

}  // namespace pdz::core
