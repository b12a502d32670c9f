// Deadlines and the compliance check.
#include "core/governance/compliance.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/territory/territory.hpp"

namespace pdz::core {
namespace {

constexpr std::array kPartyKinds = {"comune", "ats", "asl", "asp", "asst", "terzo_settore", "sindacato", "altro"};
constexpr const char* kAdpAct = "DGR 2941/2014, §7.2";
constexpr const char* kIndicatorsAct = "DGR 2941/2014, §4";

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string KindLabel(const std::string& kind) {
  if (kind == "ats") return "ATS";
  if (kind == "asl") return "ASL";
  if (kind == "asp") return "ASP";
  if (kind == "asst") return "ASST";
  return kind;
}

std::optional<Date> FirstEntry(const std::vector<StateEntry>& history, PlanState s) {
  for (const auto& e : history)
    if (e.state == s) return e.on;
  return std::nullopt;
}

std::optional<Date> LastEntry(const std::vector<StateEntry>& history, PlanState s) {
  std::optional<Date> out;
  for (const auto& e : history)
    if (e.state == s) out = e.on;
  return out;
}

std::string Join(const std::vector<std::string>& items, size_t max = 8) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < max; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > max) out += " e altri " + std::to_string(items.size() - max);
  return out;
}

bool HasPoint(const IndicatorPoint& p) { return p.value.has_value() || !Blank(p.text); }

}  // namespace

bool IsAdpPartyRole(std::string_view role) { return role == "sottoscrittore" || role == "aderente"; }

bool IsAdpPartyKind(std::string_view kind) {
  return std::find(kPartyKinds.begin(), kPartyKinds.end(), kind) != kPartyKinds.end();
}

std::string AdpPartyKinds() {
  std::string out;
  for (const char* k : kPartyKinds) out += (out.empty() ? "" : ", ") + std::string(k);
  return out;
}

std::optional<Date> AdpSignedOn(const Adp& adp) {
  std::optional<Date> last;
  bool any = false;
  for (const auto& p : adp.parties) {
    if (p.role != "sottoscrittore") continue;
    any = true;
    if (!p.signed_on) return std::nullopt;
    if (!last || *p.signed_on > *last) last = p.signed_on;
  }
  return any ? last : std::nullopt;
}

std::string_view DeadlineStatusCode(DeadlineStatus s) {
  switch (s) {
    case DeadlineStatus::kDue:
      return "due";
    case DeadlineStatus::kDoneOnTime:
      return "done_on_time";
    case DeadlineStatus::kDoneLate:
      return "done_late";
    case DeadlineStatus::kOverdue:
      return "overdue";
    case DeadlineStatus::kPending:
      return "pending";
    case DeadlineStatus::kNotSet:
      return "not_set";
  }
  return {};
}

std::string_view DeadlineStatusLabel(DeadlineStatus s) {
  switch (s) {
    case DeadlineStatus::kDue:
      return "in scadenza";
    case DeadlineStatus::kDoneOnTime:
      return "fatto nei termini";
    case DeadlineStatus::kDoneLate:
      return "fatto in ritardo";
    case DeadlineStatus::kOverdue:
      return "scaduto";
    case DeadlineStatus::kPending:
      return "in attesa dell'evento da cui decorre";
    case DeadlineStatus::kNotSet:
      return "termine non fissato";
  }
  return {};
}

std::vector<DeadlineItem> PlanDeadlines(const Ruleset& ruleset, const std::vector<StateEntry>& history,
                                        PlanState current, Date today) {
  std::vector<DeadlineItem> out;
  for (const auto& rule : ruleset.deadlines) {
    DeadlineItem item{rule.code, rule.title, rule.act};
    auto met = ParsePlanState(rule.met_by);
    if (met) item.done = FirstEntry(history, *met);
    if (met && !item.done && PlanStateRank(current) > PlanStateRank(*met)) {
      item.status = DeadlineStatus::kDoneOnTime;
      item.explanation = "fatto (il piano è «" + std::string(PlanStateLabel(current)) + "»; data non registrata)";
      out.push_back(std::move(item));
      continue;
    }
    std::optional<Date> event;
    if (rule.date) {
      item.due = rule.date;
    } else if (rule.within_days) {
      auto state =
          rule.after_event == "ricezione" ? std::optional(PlanState::kTrasmesso) : ParsePlanState(rule.after_event);
      if (state) event = LastEntry(history, *state);
      if (event) item.due = event->AddDays(*rule.within_days);
    }
    if (item.done && item.due) {
      long late = item.done->ToDays() - item.due->ToDays();
      item.status = late > 0 ? DeadlineStatus::kDoneLate : DeadlineStatus::kDoneOnTime;
      item.days = std::max(0L, late);
      item.explanation = "fatto il " + item.done->ToItalian() + ", termine " + item.due->ToItalian() +
                         (late > 0 ? ": " + std::to_string(late) + " giorni di ritardo" : "");
    } else if (item.done) {
      item.status = DeadlineStatus::kDoneOnTime;
      item.explanation = "fatto il " + item.done->ToItalian() + " (termine non fissato dalle linee guida)";
    } else if (item.due) {
      long left = item.due->ToDays() - today.ToDays();
      item.status = left < 0 ? DeadlineStatus::kOverdue : DeadlineStatus::kDue;
      item.days = left < 0 ? -left : left;
      item.explanation = left < 0
                             ? "scaduto il " + item.due->ToItalian() + " da " + std::to_string(-left) + " giorni"
                             : "entro il " + item.due->ToItalian() + " (mancano " + std::to_string(left) + " giorni)";
    } else if (rule.within_days) {
      item.status = DeadlineStatus::kPending;
      item.explanation =
          std::to_string(*rule.within_days) + " giorni da «" + rule.after_event + "», che non è ancora avvenuto";
    } else {
      item.status = DeadlineStatus::kNotSet;
      item.explanation = "le linee guida non fissano la data: è un parametro che la Regione deve indicare";
    }
    out.push_back(std::move(item));
  }
  return out;
}

std::string_view CheckStatusCode(CheckStatus s) {
  switch (s) {
    case CheckStatus::kPass:
      return "pass";
    case CheckStatus::kFail:
      return "fail";
    case CheckStatus::kWarning:
      return "warning";
  }
  return {};
}

std::vector<std::string> MissingSignatures(const Adp& adp, const std::vector<std::string>& required_kinds,
                                           const std::vector<ComuneRef>& comuni) {
  std::vector<std::string> missing;
  auto signed_party = [&](auto pred) {
    return std::any_of(adp.parties.begin(), adp.parties.end(), [&](const AdpParty& p) {
      return p.role == "sottoscrittore" && p.signed_on.has_value() && pred(p);
    });
  };
  for (const auto& kind : required_kinds) {
    if (kind == "comuni") {
      for (const auto& c : comuni) {
        if (!signed_party([&](const AdpParty& p) { return p.kind == "comune" && p.istat_code == c.istat_code; }))
          missing.push_back("Comune di " + c.name);
      }
      continue;
    }
    if (signed_party([&](const AdpParty& p) { return p.kind == kind; })) continue;
    auto it = std::find_if(adp.parties.begin(), adp.parties.end(),
                           [&](const AdpParty& p) { return p.kind == kind && p.role == "sottoscrittore"; });
    missing.push_back(it != adp.parties.end() ? it->name : KindLabel(kind) + " (nessuna parte indicata)");
  }
  return missing;
}

std::vector<ComplianceItem> CheckCompliance(const ComplianceInput& in) {
  PDZ_ASSERT(in.plan && in.ruleset, "CheckCompliance needs a plan and a ruleset");
  const Plan& plan = *in.plan;
  const Ruleset& rs = *in.ruleset;
  static const Adp kNone;
  const Adp& adp = in.adp ? *in.adp : kNone;
  std::vector<ComplianceItem> out;
  auto add = [&](std::string code, std::string title, CheckStatus s, std::string reason, std::string act) {
    out.push_back({std::move(code), std::move(title), s, std::move(reason), std::move(act)});
  };
  auto text_element = [&](const char* code, const char* title, const std::string& value, const char* what) {
    bool ok = !Blank(value);
    add(code, title, ok ? CheckStatus::kPass : CheckStatus::kFail,
        ok ? std::string(what) + " indicati nell'Accordo" : std::string(what) + " non indicati nell'Accordo", kAdpAct);
  };

  // The seven essential elements.
  text_element("adp.finalita", "Finalità e obiettivi dell'Accordo", adp.purposes, "Finalità e obiettivi");
  bool capofila = !Blank(adp.capofila_name);
  add("adp.capofila", "Designazione dell'ente capofila", capofila ? CheckStatus::kPass : CheckStatus::kFail,
      capofila ? "Ente capofila: " + adp.capofila_name : "L'Accordo non designa l'ente capofila", kAdpAct);
  bool udp = !Blank(adp.udp_host_body);
  add("adp.ufficio_di_piano", "Individuazione dell'Ufficio di Piano", udp ? CheckStatus::kPass : CheckStatus::kFail,
      udp ? "Ufficio di Piano presso: " + adp.udp_host_body : "L'Accordo non individua l'Ufficio di Piano", kAdpAct);
  {
    std::vector<std::string> without;
    for (const auto& p : adp.parties)
      if (Blank(p.commitments)) without.push_back(p.name);
    bool has_signatories = std::any_of(adp.parties.begin(), adp.parties.end(),
                                       [](const AdpParty& p) { return p.role == "sottoscrittore"; });
    if (!has_signatories)
      add("adp.soggetti", "Sottoscrittori e aderenti con i loro impegni", CheckStatus::kFail,
          "L'Accordo non indica i soggetti sottoscrittori", kAdpAct);
    else if (!without.empty())
      add("adp.soggetti", "Sottoscrittori e aderenti con i loro impegni", CheckStatus::kWarning,
          "Impegni non descritti per: " + Join(without), kAdpAct);
    else
      add("adp.soggetti", "Sottoscrittori e aderenti con i loro impegni", CheckStatus::kPass,
          std::to_string(adp.parties.size()) + " soggetti, ciascuno con i suoi impegni", kAdpAct);
  }
  text_element("adp.terzo_settore", "Strumenti e modalità di collaborazione con il Terzo Settore",
               adp.third_sector_tools, "Strumenti e modalità di collaborazione");
  text_element("adp.monitoraggio", "Verifica e monitoraggio dell'attuazione dell'Accordo", adp.monitoring,
               "Modalità di verifica e monitoraggio");
  {
    std::string title =
        "Durata triennale dell'Accordo (" + rs.period_from.ToItalian() + " – " + rs.period_to.ToItalian() + ")";
    if (!adp.valid_from || !adp.valid_to)
      add("adp.durata", title, CheckStatus::kFail, "L'Accordo non indica la durata", kAdpAct);
    else if (*adp.valid_from != rs.period_from || *adp.valid_to != rs.period_to)
      add("adp.durata", title, CheckStatus::kFail,
          "L'Accordo dura dal " + adp.valid_from->ToItalian() + " al " + adp.valid_to->ToItalian() +
              ", non il triennio delle linee guida",
          kAdpAct);
    else
      add("adp.durata", title, CheckStatus::kPass, "Durata pari al triennio", kAdpAct);
  }

  // Signatures.
  for (const auto& kind : rs.adp.required_signatories) {
    auto missing = MissingSignatures(adp, {kind}, in.comuni);
    if (kind == "comuni") {
      add("firme.comuni", "Firma di tutti i Comuni dell'ambito",
          missing.empty() ? CheckStatus::kPass : CheckStatus::kFail,
          missing.empty() ? "Hanno firmato tutti i " + std::to_string(in.comuni.size()) + " Comuni"
                          : "Non hanno firmato: " + Join(missing),
          rs.adp.act);
    } else {
      add("firme." + kind, "Firma dell'" + KindLabel(kind), missing.empty() ? CheckStatus::kPass : CheckStatus::kFail,
          missing.empty() ? KindLabel(kind) + " ha firmato" : "Manca la firma: " + Join(missing), rs.adp.act);
    }
  }

  // Capofila type and the Ufficio di Piano's position.
  if (capofila) {
    const auto& allowed = rs.adp.allowed_capofila_types;
    bool ok = allowed.empty() || std::find(allowed.begin(), allowed.end(), adp.capofila_type) != allowed.end();
    auto type = ParseCapofilaType(adp.capofila_type);
    std::string label = type ? std::string(CapofilaTypeLabel(*type)) : adp.capofila_type;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    add("capofila.tipo", "Tipo di ente capofila ammesso", ok ? CheckStatus::kPass : CheckStatus::kFail,
        ok ? "Capofila di tipo «" + label + "»" : "Tipo «" + label + "» non ammesso: ammessi " + list, rs.adp.act);
    bool delivers = adp.capofila_type == "azienda_speciale_consortile" || adp.capofila_type == "consorzio";
    bool same = udp && delivers && Lower(adp.udp_host_body).find(Lower(adp.capofila_name)) != std::string::npos;
    add("udp.separazione", "Ufficio di Piano distinto dall'ente che eroga i servizi",
        same ? CheckStatus::kWarning : CheckStatus::kPass,
        same ? "L'Ufficio di Piano ha sede presso " + adp.capofila_name +
                   ", che gestisce ed eroga i servizi: programmazione e gestione nello stesso soggetto"
             : "L'Ufficio di Piano non risiede nell'ente che eroga i servizi",
        kAdpAct);
  } else {
    add("capofila.tipo", "Tipo di ente capofila ammesso", CheckStatus::kFail, "Nessun ente capofila designato",
        rs.adp.act);
  }

  // The plan: duration, required sections, indicators.
  bool triennium = plan.period_from == rs.period_from && plan.period_to == rs.period_to;
  add("piano.durata", "Durata del piano pari al triennio", triennium ? CheckStatus::kPass : CheckStatus::kFail,
      triennium ? "Dal " + plan.period_from.ToItalian() + " al " + plan.period_to.ToItalian()
                : "Il piano va dal " + plan.period_from.ToItalian() + " al " + plan.period_to.ToItalian() +
                      ", le linee guida dal " + rs.period_from.ToItalian() + " al " + rs.period_to.ToItalian(),
      rs.act);
  {
    std::vector<std::string> missing;
    std::string act = rs.act;
    for (const auto& req : rs.required_sections) {
      auto it =
          std::find_if(plan.sections.begin(), plan.sections.end(), [&](const auto& s) { return s.code == req.code; });
      if (it == plan.sections.end() || Blank(it->body)) {
        if (missing.empty()) act = req.act;
        missing.push_back(req.title);
      }
    }
    add("piano.sezioni", "Sezioni richieste dalle linee guida",
        missing.empty() ? CheckStatus::kPass : CheckStatus::kFail,
        missing.empty() ? "Tutte le " + std::to_string(rs.required_sections.size()) + " sezioni sono presenti"
                        : std::to_string(missing.size()) + " sezioni mancanti o vuote: " + Join(missing, 5),
        act);
  }
  {
    std::vector<std::string> bad;
    size_t total = 0;
    for (size_t g = 0; g < plan.objectives.size(); ++g) {
      for (size_t s = 0; s < plan.objectives[g].specific.size(); ++s) {
        ++total;
        const auto& so = plan.objectives[g].specific[s];
        bool ok = std::any_of(so.indicators.begin(), so.indicators.end(),
                              [](const Indicator& i) { return HasPoint(i.baseline) && HasPoint(i.target); });
        if (!ok) bad.push_back(std::to_string(g + 1) + "." + std::to_string(s + 1));
      }
    }
    add("piano.indicatori", "Ogni obiettivo specifico ha un indicatore con valore di partenza e atteso",
        bad.empty() ? CheckStatus::kPass : CheckStatus::kFail,
        bad.empty() ? "Tutti i " + std::to_string(total) + " obiettivi specifici"
                    : std::to_string(bad.size()) + " obiettivi specifici su " + std::to_string(total) +
                          " senza indicatore completo: " + Join(bad, 10),
        kIndicatorsAct);
  }

  // Deadlines.
  for (const auto& d : PlanDeadlines(rs, in.history, in.state, in.today)) {
    CheckStatus s = CheckStatus::kPass;
    if (d.status == DeadlineStatus::kOverdue) s = CheckStatus::kFail;
    if (d.status == DeadlineStatus::kDoneLate || d.status == DeadlineStatus::kNotSet) s = CheckStatus::kWarning;
    add("scadenza." + d.code, d.title, s, std::string(DeadlineStatusLabel(d.status)) + ": " + d.explanation, d.act);
  }
  return out;
}

}  // namespace pdz::core
