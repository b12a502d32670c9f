// Fund allocation with exact cents and an explanation per line.
#include "core/money/allocation.hpp"

#include <algorithm>
#include <numeric>
#include <set>

namespace pdz::core {
namespace {

std::string Percent(int bp) {
  std::string s = std::to_string(bp / 100);
  if (bp % 100) s += "," + std::string(bp % 100 < 10 ? "0" : "") + std::to_string(bp % 100);
  return s + "%";
}

// 10000ths as a number with up to four decimals, Italian style ("1,5").
std::string Decimal(std::int64_t ten_thousandths) {
  std::string s = std::to_string(ten_thousandths / 10000);
  std::int64_t frac = ten_thousandths % 10000;
  if (frac == 0) return s;
  std::string f = std::to_string(frac);
  f.insert(0, 4 - f.size(), '0');
  while (f.back() == '0') f.pop_back();
  return s + "," + f;
}

}  // namespace

Result<AllocationResult> Allocate(Cents total, const AllocationMethod& method,
                                  const std::vector<AllocationAmbito>& ambiti) {
  std::vector<ErrorDetail> problems;
  auto bad = [&](const std::string& field, const std::string& value, const std::string& reason) {
    problems.push_back({.field = field, .value = value, .reason = reason});
  };
  if (total < 0) bad("total_cents", std::to_string(total), "importo negativo");
  if (method.fixed_quota < 0) bad("method.fixed_quota_cents", std::to_string(method.fixed_quota), "importo negativo");
  if (method.reward_pot < 0) bad("method.reward_pot_cents", std::to_string(method.reward_pot), "importo negativo");
  if (method.cut_bp < 0 || method.cut_bp > 10000) bad("method.cut_bp", std::to_string(method.cut_bp), "tra 0 e 10000");
  if (method.integration_threshold_bp &&
      (*method.integration_threshold_bp < 0 || *method.integration_threshold_bp > 10000)) {
    bad("method.integration_threshold_bp", std::to_string(*method.integration_threshold_bp), "tra 0 e 10000");
  }
  if (ambiti.empty()) bad("ambiti", "", "nessun ambito tra cui ripartire");
  std::set<std::string> seen;
  std::int64_t population = 0;
  for (size_t i = 0; i < ambiti.size(); ++i) {
    const auto& a = ambiti[i];
    std::string at = "ambiti[" + std::to_string(i) + "]";
    if (!seen.insert(a.code).second) bad(at + ".code", a.code, "ambito ripetuto");
    if (a.population < 0) bad(at + ".population", std::to_string(a.population), "popolazione negativa");
    if (a.premialita < 0) bad(at + ".premialita_cents", std::to_string(a.premialita), "importo negativo");
    if (a.integration_bp && (*a.integration_bp < 0 || *a.integration_bp > 10000)) {
      bad(at + ".integration_bp", std::to_string(*a.integration_bp), "tra 0 e 10000");
    }
    if (method.integration_threshold_bp && !a.integration_bp) {
      bad(at + ".integration_bp", "", "serve la quota di spesa gestita in forma associata per applicare la soglia");
    }
    population += std::max<std::int64_t>(a.population, 0);
    for (const auto& w : method.age_weights) {
      auto it = std::find_if(a.bands.begin(), a.bands.end(), [&](const BandPopulation& b) { return b.band == w.band; });
      if (it == a.bands.end()) {
        bad(at + ".bands", w.band, "manca la popolazione della fascia d'età '" + w.band + "' richiesta dal metodo");
      } else if (it->population < 0) {
        bad(at + ".bands", w.band, "popolazione negativa");
      }
    }
  }
  for (size_t i = 0; i < method.age_weights.size(); ++i) {
    if (method.age_weights[i].weight_bp < 0) {
      bad("method.age_weights[" + std::to_string(i) + "].weight_bp", std::to_string(method.age_weights[i].weight_bp),
          "peso negativo");
    }
  }
  Cents fixed_total = method.fixed_quota * static_cast<Cents>(ambiti.size());
  if (problems.empty() && fixed_total + method.reward_pot > total) {
    bad("total_cents", std::to_string(total),
        "quote fisse (" + FormatEuro(fixed_total) + ") e fondo premiale (" + FormatEuro(method.reward_pot) +
            ") superano il totale da ripartire");
  }
  if (problems.empty() && population == 0 && total - fixed_total - method.reward_pot > 0) {
    bad("ambiti", "", "popolazione totale nulla: impossibile la quota capitaria");
  }
  if (!problems.empty()) {
    return MakeError(ErrorCode::kValidationFailed, "Dati del riparto non validi: nulla è stato ripartito.",
                     std::move(problems));
  }

  AllocationResult result;
  result.total = total;
  for (const auto& a : ambiti) result.ambiti.push_back({a.code, 0, {}});
  auto add = [&](size_t i, std::string kind, Cents amount, std::string reason) {
    result.ambiti[i].lines.push_back({std::move(kind), amount, std::move(reason)});
    result.ambiti[i].total += amount;
  };
  std::string act = method.act.empty() ? "" : " (" + method.act + ")";

  if (method.fixed_quota > 0) {
    for (size_t i = 0; i < ambiti.size(); ++i)
      add(i, "quota_fissa", method.fixed_quota, "quota fissa per ambito" + act);
  }
  Cents per_capita_pot = total - fixed_total;
  std::vector<Cents> rewards;
  for (const auto& a : ambiti) rewards.push_back(a.premialita);
  Cents rewards_sum = std::accumulate(rewards.begin(), rewards.end(), Cents{0});
  if (method.reward_pot > 0 && rewards_sum > 0) {
    auto shares = SplitLargestRemainder(method.reward_pot, rewards);
    for (size_t i = 0; i < ambiti.size(); ++i) {
      add(i, "premialita", shares[i],
          "fondo premiale " + FormatEuro(method.reward_pot) + " in proporzione alla premialità maturata (" +
              FormatEuro(ambiti[i].premialita) + " su " + FormatEuro(rewards_sum) + ")" + act);
    }
    per_capita_pot -= method.reward_pot;
  }
  // Weights: inhabitants, or inhabitants of each age band times its weight (in 1/10000 of a person).
  std::vector<Cents> weights;
  std::string weighting;
  for (const auto& a : ambiti) {
    if (method.age_weights.empty()) {
      weights.push_back(std::max<std::int64_t>(a.population, 0));
      continue;
    }
    Cents w = 0;
    for (const auto& aw : method.age_weights) {
      for (const auto& b : a.bands) {
        if (b.band == aw.band) w += b.population * aw.weight_bp;
      }
    }
    weights.push_back(w);
  }
  for (const auto& aw : method.age_weights) {
    weighting += (weighting.empty() ? "" : "; ") + aw.band + " x" + Decimal(aw.weight_bp);
  }
  Cents weights_sum = std::accumulate(weights.begin(), weights.end(), Cents{0});
  if (!method.age_weights.empty() && weights_sum == 0 && per_capita_pot > 0) {
    return MakeError(ErrorCode::kValidationFailed, "Dati del riparto non validi: nulla è stato ripartito.",
                     {{.field = "ambiti", .reason = "popolazione pesata nulla: impossibile la quota capitaria"}});
  }
  auto per_capita = SplitLargestRemainder(per_capita_pot, weights);
  std::string pot_note =
      method.reward_pot > 0 && rewards_sum == 0 ? " (incluso il fondo premiale, nessuna premialità maturata)" : "";
  for (size_t i = 0; i < ambiti.size(); ++i) {
    if (method.age_weights.empty()) {
      add(i, "quota_capitaria", per_capita[i],
          "quota capitaria: " + std::to_string(ambiti[i].population) + " abitanti su " + std::to_string(population) +
              " di " + FormatEuro(per_capita_pot) + pot_note + act);
    } else {
      add(i, "quota_capitaria", per_capita[i],
          "quota capitaria pesata per fasce d'età (" + weighting + "): " + Decimal(weights[i]) +
              " abitanti equivalenti su " + Decimal(weights_sum) + " di " + FormatEuro(per_capita_pot) + pot_note +
              act);
    }
  }
  if (method.integration_threshold_bp && method.cut_bp > 0) {
    Cents cut_total = 0;
    std::vector<Cents> receivers(ambiti.size(), 0);
    for (size_t i = 0; i < ambiti.size(); ++i) {
      if (*ambiti[i].integration_bp < *method.integration_threshold_bp) {
        Cents cut = static_cast<Cents>(static_cast<__int128>(per_capita[i]) * method.cut_bp / 10000);
        add(i, "decurtazione", -cut,
            "gestione associata " + Percent(*ambiti[i].integration_bp) + " sotto la soglia " +
                Percent(*method.integration_threshold_bp) + ": taglio del " + Percent(method.cut_bp) +
                " della quota capitaria" + act);
        cut_total += cut;
      } else {
        receivers[i] = weights[i];
      }
    }
    bool any_receiver = std::any_of(receivers.begin(), receivers.end(), [](Cents w) { return w > 0; });
    if (cut_total > 0 && !any_receiver) {
      // Nobody reaches the threshold: the cuts go back where they came from.
      for (size_t i = 0; i < ambiti.size(); ++i) {
        for (auto& l : result.ambiti[i].lines) {
          if (l.kind == "decurtazione" && l.amount != 0) {
            add(i, "redistribuzione", -l.amount, "nessun ambito raggiunge la soglia: decurtazione restituita" + act);
          }
        }
      }
    } else if (cut_total > 0) {
      auto back = SplitLargestRemainder(cut_total, receivers);
      for (size_t i = 0; i < ambiti.size(); ++i) {
        if (back[i] > 0) {
          add(i, "redistribuzione", back[i],
              "redistribuzione per quota capitaria delle decurtazioni (" + FormatEuro(cut_total) +
                  ") agli ambiti sopra soglia" + act);
        }
      }
    }
  }
  return result;
}

}  // namespace pdz::core
