// Territory rules: ISTAT codes, capofila types, time-versioned membership of comuni in ambiti, merges.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/date.hpp"
#include "core/base/error.hpp"

namespace pdz::core {

/// Kinds of ente capofila seen in Accordi di Programma (DOMAIN §2).
enum class CapofilaType { kComune, kAziendaSpecialeConsortile, kComunitaMontana, kConsorzio, kUnioneDiComuni, kAltro };

std::string_view CapofilaTypeCode(CapofilaType t);
std::string_view CapofilaTypeLabel(CapofilaType t);  // Italian
std::optional<CapofilaType> ParseCapofilaType(std::string_view code);
/// "comune, azienda_speciale_consortile, …" for error messages.
std::string CapofilaTypeCodes();

/// True for a six-digit ISTAT comune code such as "015182".
bool IsIstatComuneCode(std::string_view code);
/// True for a stable code: 1-64 chars of a-z, 0-9, '-', '_' starting with a letter or digit.
bool IsStableCode(std::string_view code);

/// One period in which a comune belongs to an ambito; `to` empty means still in force.
struct Membership {
  std::string istat_code;
  std::string ambito_code;
  Date from;
  std::optional<Date> to;

  bool ActiveOn(Date d) const { return from <= d && (!to || d <= *to); }
};

/// True when the two periods share at least one day.
bool PeriodsOverlap(Date a_from, std::optional<Date> a_to, Date b_from, std::optional<Date> b_to);

/// Checks that `candidate` shares no day with any membership of the same comune in `existing`.
/// A comune belongs to one ambito at a time: an overlap is a kMembershipOverlap error naming it.
Result<void> CheckNoOverlap(const std::vector<Membership>& existing, const Membership& candidate);

/// What a merge does to memberships: which to close (on the day before) and which to open.
struct MergePlan {
  std::vector<Membership> to_close;  // with `to` set to the day before the merge
  std::vector<Membership> to_open;   // in the new ambito from the merge date
};

/// Plans the merge of `sources` into `new_code` on `date`, given the memberships of the sources.
/// Every source must have at least one comune in force on `date`, and no membership may start
/// on or after `date` (it would be cut to nothing).
Result<MergePlan> PlanMerge(const std::vector<std::string>& sources, const std::string& new_code, Date date,
                            const std::vector<Membership>& source_memberships);

/// The candidate closest to `wanted` by edit distance (case-insensitive), if close enough to suggest.
std::optional<std::string> Suggest(std::string_view wanted, const std::vector<std::string>& candidates);

}  // namespace pdz::core

namespace pdz::core {

/// The ente capofila of an ambito's Accordo di Programma.
struct Capofila {
  std::string name;
  CapofilaType type = CapofilaType::kComune;
};

/// The Ufficio di Piano: the technical office that drafts and monitors the plan.
struct UfficioDiPiano {
  std::string host_body;
  std::string address;
  std::string email;
  std::string phone;
  std::string pec;
  std::string head;
};

}  // namespace pdz::core
