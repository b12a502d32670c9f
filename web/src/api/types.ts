// Names for the API v1 payload types, taken from schema.d.ts (generated from docs/openapi.yaml: `npm run gen:api`).
import type { components } from './schema';

type S = components['schemas'];

export type CapofilaType = S['CapofilaType'];
export type ErrorDetail = S['ErrorDetail'];
export type ApiErrorBody = S['Error'];
export type ListPage<T> = S['ListMeta'] & { items: T[] };
export type CodeName = S['CodeName'];
export type UserRole = S['RoleGrant'];
export type User = S['User'];
export type Session = S['Session'];
export type RoleInfo = S['Role'];
export type Region = S['Region'];
export type RegionDetail = S['RegionDetail'];
export type Agency = S['Agency'];
export type AgencyDetail = S['AgencyDetail'];
export type Capofila = S['Capofila'];
export type AmbitoSummary = S['AmbitoSummary'];
export type UfficioDiPiano = S['UfficioDiPiano'];
export type AmbitoComune = S['AmbitoComune'];
export type Ambito = S['Ambito'];
export type AmbitoPatch = S['AmbitoPatch'];
export type MembershipHistoryItem = S['HistoryEntry'];
export type ComuneSummary = S['Comune'];
export type ComuneDetail = S['ComuneDetail'];
export type RoleName = S['RoleName'];
export type ScopeKind = S['ScopeKind'];
export type RulesetSummary = S['RulesetSummary'];
export type RulesetDocument = S['RulesetDocument'];
export type PremialitaLine = S['PremialitaLine'];
export type PremialitaResult = S['PremialitaResult'];
export type PremialitaAmbitoResult = PremialitaResult['ambiti'][number];

// The pdz-ruleset/1 document (RulesetDocument.body is untyped in the OpenAPI document; see data/rulesets/README.md).
export interface RulesetEntry {
  code: string;
  title: string;
  act: string;
}
export interface RulesetDeadline extends RulesetEntry {
  date?: string | null;
  within_days?: number | null;
  after_event?: string | null;
}
export interface RulesetTier {
  from?: string | null;
  to?: string | null;
  amount_cents: number | null;
}
export type PremialitaRuleKind = 'date_tier' | 'objective' | 'shared_policy';
export interface PremialitaRule {
  id: string;
  title: string;
  act: string;
  kind: PremialitaRuleKind | string;
  requires?: string[];
  condition_fact?: string;
  date_fact?: string;
  tiers?: RulesetTier[];
  objective?: string;
  amount_cents?: number | null;
  min_ambiti?: number;
}
export interface RulesetPremialita {
  fund?: string;
  cap_per_ambito_cents?: number | null;
  cap_act?: string;
  budget_cents?: number | null;
  budget_act?: string;
  rules: PremialitaRule[];
}
export interface RulesetBody {
  format: string;
  code: string;
  region: string;
  title: string;
  act: string;
  notes?: string;
  period: { from: string; to: string };
  required_sections?: RulesetEntry[];
  strategic_objectives?: RulesetEntry[];
  thematic_areas?: RulesetEntry[];
  funds?: RulesetEntry[];
  deadlines?: RulesetDeadline[];
  adp?: { required_signatories?: string[]; allowed_capofila_types?: string[]; act: string } | null;
  premialita?: RulesetPremialita | null;
}
/** Facts sent to POST /rulesets/{code}/premialita. */
export interface PremialitaFacts {
  ambiti: {
    code: string;
    ambito_distrettuale: boolean;
    adp_signed_on?: string;
    objectives_reached: string[];
    district?: string;
  }[];
  policies?: { code: string; ambiti: string[] }[];
}
