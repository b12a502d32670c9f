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

// Plans (pdz-plan/1). PlanView/PlanSummary/PlanChange come from the OpenAPI document; the plan body
// (PlanDocument) is only sketched there, so it is typed here (see data/demo/plan-medio-olona-2015-2017.json).
export type PlanSummary = S['PlanSummary'];
export type PlanChange = S['PlanChange'];
export type PlanViewBase = S['PlanView'];
export interface PlanMeasure {
  value?: number | null;
  text?: string | null;
  date?: string | null;
}
export type PlanDimension = '' | 'conoscenze' | 'risorse' | 'servizi';
export interface PlanIndicator {
  /** Stable across revisions ("i3"): monitoring points at it. */
  id?: string;
  weight?: number;
  name: string;
  unit?: string;
  baseline?: PlanMeasure | null;
  target?: PlanMeasure | null;
  source?: string;
  dimension?: PlanDimension | string;
}
export interface PlanFinancial {
  description: string;
  amount_cents?: number | null;
  fund?: string;
  years?: number[];
}
export type PlanTimingKind = 'date' | 'recurrence' | 'condition';
export interface PlanTiming {
  kind: PlanTimingKind | string;
  text?: string;
  date?: string | null;
}
/** An action; plans written before ids had texts only (still accepted). */
export interface PlanAction {
  /** Stable across revisions ("a7"): monitoring points at it. */
  id?: string;
  text: string;
  weight?: number;
  due?: string | null;
}
export interface PlanSpecific {
  id?: string;
  title: string;
  kind?: string;
  areas?: string[];
  actions: (PlanAction | string)[];
  weight?: number;
  indicators: PlanIndicator[];
  tools: string[];
  resources: { financial: PlanFinancial[]; professional: string[] };
  timing?: PlanTiming | null;
  [extra: string]: unknown;
}
export interface PlanObjective {
  id?: string;
  title: string;
  areas?: string[];
  strategic_objectives?: string[];
  specific: PlanSpecific[];
  [extra: string]: unknown;
}
export interface PlanSection {
  code: string;
  title: string;
  body: string;
}
export interface PlanBody {
  format?: string;
  ambito?: string;
  title: string;
  subtitle?: string;
  ruleset?: string | null;
  period: { from: string; to: string };
  sections: PlanSection[];
  objectives: PlanObjective[];
  [extra: string]: unknown;
}
export type PlanView = Omit<PlanViewBase, 'plan'> & { plan: PlanBody };
export interface PlanRevision {
  revision: number;
  author: string;
  at: string;
  note: string;
}
export interface PlanSaveResult {
  id: number;
  version: number;
  revision: number;
  changes: PlanChange[];
}
