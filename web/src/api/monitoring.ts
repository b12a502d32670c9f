// Client, types and Italian labels for the monitoring of a plan (tag `monitoring` of docs/openapi.yaml,
// docs/monitoring.md): the matrix with the state of every action and indicator, the roll-ups, the history
// of an action, measurements (entered or from the flows) and the binding of an indicator to the flows.
// The types are written by hand from src/app/monitoring.cpp (PlanMonitoring in the OpenAPI document
// leaves the nested objects untyped).
import { apiRequest } from './client';

const enc = encodeURIComponent;

export type ActionStatus = 'not_started' | 'in_progress' | 'done' | 'suspended' | 'cancelled';
export type Judgement = 'achieved' | 'on_track' | 'at_risk' | 'off_track' | 'not_measured' | 'not_computable';

/** Progress of a node of the matrix (0-1), its expected progress on `as_of` (0-1) and the judgement. */
export interface MonitoringProgress {
  value: number | null;
  expected: number;
  judgement: Judgement;
  /** Italian words for the judgement ("In linea"). */
  label: string;
}

export interface SpecificProgress extends MonitoringProgress {
  /** Weighted mean of the actions (realizzazione), 0-1. */
  actions: number | null;
  /** Weighted mean of the indicators (risultato), 0-1. */
  indicators: number | null;
}

export interface MonitoredAction {
  id: string;
  text: string;
  weight: number;
  due: string | null;
  status: ActionStatus;
  status_label: string;
  /** 0-100 */
  progress: number;
  /** 0-1 */
  expected: number;
  notes: string;
  overdue: boolean;
  updated_at: string | null;
  updated_by: string | null;
  /** 0 before the first update. */
  version: number;
  /** Evidence of what the action did (not the removed ones), oldest first. */
  evidence?: ActionEvidence[];
}

export type EvidenceKind = 'file' | 'link' | 'meeting' | 'act';

/** Evidence of an action (schema ActionEvidence): the fields of the other kinds are null. */
export interface ActionEvidence {
  id: number;
  action_id: string;
  kind: EvidenceKind;
  title: string;
  url: string | null;
  meeting_id: number | null;
  /** Given to those who may read the meeting. */
  meeting: { id: number; title: string; held_on: string } | null;
  act_number: string | null;
  act_date: string | null;
  file_name: string | null;
  content_type: string | null;
  size: number | null;
  sha256: string | null;
  added_at: string;
  added_by: string;
  /** The file's download path (files only). */
  download?: string;
}

/** The body of POST …/evidence, by kind. */
export type NewEvidence =
  | { kind: 'link'; title: string; url: string }
  | { kind: 'meeting'; meeting_id: number; title?: string }
  | { kind: 'act'; title: string; act_number: string; act_date: string }
  | { kind: 'file'; title: string; file_name: string; content_type?: string; content_base64: string };

/** A meeting of the ambito's bodies, as GET /ambiti/{code}/meetings lists it (the fields used here). */
export interface AmbitoMeeting {
  id: number;
  title: string;
  held_on: string;
  body: { id: number; kind: string; name: string };
}

export const evidenceKindLabels: Record<EvidenceKind, string> = {
  file: 'File',
  link: 'Collegamento',
  meeting: 'Riunione',
  act: 'Atto',
};

/** The largest file the API keeps as evidence. */
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

export interface MeasurePoint {
  value: number | null;
  text: string;
  date: string | null;
}

export interface Measurement {
  /** Absent for the values read from the flows. */
  id?: number;
  measured_on: string;
  value: number;
  source: string;
  origin: 'entered' | 'flow';
  note?: string;
  entered_by?: string;
  entered_at?: string;
  corrects?: number | null;
  corrected_by?: number | null;
}

export interface IndicatorBinding {
  knowledge_indicator: string;
  category: string;
  label?: string;
  /** Why the flows give no values (the indicator or category is no longer usable). */
  error?: string;
}

export interface MonitoredIndicator {
  id: string;
  name: string;
  unit: string;
  dimension: string;
  weight: number;
  baseline: MeasurePoint;
  target: MeasurePoint;
  binding: IndicatorBinding | null;
  measurements: Measurement[];
  latest: number | null;
  latest_on: string | null;
  /** The source of that value (entered, or "Flussi informativi: …"). */
  latest_source: string | null;
  progress: number | null;
  expected: number;
  judgement: Judgement;
  label: string;
}

export interface MonitoredSpecific {
  id: string;
  number: string;
  title: string;
  weight: number;
  areas: string[];
  actions: MonitoredAction[];
  indicators: MonitoredIndicator[];
  progress: SpecificProgress;
}

export interface MonitoredObjective {
  id: string;
  number: string;
  title: string;
  weight: number;
  strategic_objectives: string[];
  specific: MonitoredSpecific[];
  progress: MonitoringProgress;
}

export interface OverdueAction {
  /** "2.1": the specific objective's number. */
  objective: string;
  specific_title: string;
  action_id: string;
  text: string;
  due: string;
  status: ActionStatus;
  status_label: string;
  days_late: number;
}

export interface PlanMonitoring {
  plan: {
    id: number;
    title: string;
    ambito: string;
    period: { from: string; to: string };
    status: string;
    status_label: string;
  };
  as_of: string;
  thresholds: { on_track: number; at_risk: number; source: string };
  progress: MonitoringProgress;
  objectives: MonitoredObjective[];
  overdue: OverdueAction[];
  by_area: { area: string; progress: number | null }[];
  by_dimension: { dimension: string; progress: number | null; judgements: Partial<Record<Judgement, number>> }[];
  by_strategic_objective: { strategic_objective: string; progress: number | null }[];
}

export interface ActionUpdate {
  status: ActionStatus;
  progress?: number;
  notes?: string;
  /** Why: kept in the history. */
  note?: string;
  version: number;
}

export interface ActionUpdated {
  action_id: string;
  status: ActionStatus;
  progress: number;
  notes: string;
  version: number;
  updated_at: string;
  updated_by: string;
}

export interface ActionChange {
  at: string;
  actor: string;
  before: { status: ActionStatus; progress: number; notes: string } | null;
  after: {
    status: ActionStatus;
    progress: number;
    notes: string;
    /** Rows written by adding or removing evidence (the state is unchanged). */
    evidence_added?: { id: number; kind: EvidenceKind; title: string };
    evidence_removed?: { id: number; kind: EvidenceKind; title: string };
  };
  note: string;
}

export interface NewMeasurement {
  measured_on: string;
  value: number;
  source: string;
  note?: string;
  corrects?: number;
}

export const monitoringApi = {
  get: (plan: number, asOf?: string) => apiRequest<PlanMonitoring>('GET', `/plans/${plan}/monitoring`, undefined, { as_of: asOf }),
  updateAction: (plan: number, action: string, body: ActionUpdate) =>
    apiRequest<ActionUpdated>('PATCH', `/plans/${plan}/monitoring/actions/${enc(action)}`, body),
  history: (plan: number, action: string) =>
    apiRequest<{ items: ActionChange[] }>('GET', `/plans/${plan}/monitoring/actions/${enc(action)}/history`),
  addMeasurement: (plan: number, indicator: string, body: NewMeasurement) =>
    apiRequest<Measurement>('POST', `/plans/${plan}/monitoring/indicators/${enc(indicator)}/measurements`, body),
  bind: (plan: number, indicator: string, knowledgeIndicator: string, category?: string) =>
    apiRequest<IndicatorBinding>('PUT', `/plans/${plan}/monitoring/indicators/${enc(indicator)}/binding`, {
      knowledge_indicator: knowledgeIndicator,
      ...(category ? { category } : {}),
    }),
  unbind: (plan: number, indicator: string) => apiRequest<void>('DELETE', `/plans/${plan}/monitoring/indicators/${enc(indicator)}/binding`),
  addEvidence: (plan: number, action: string, body: NewEvidence) =>
    apiRequest<ActionEvidence>('POST', `/plans/${plan}/monitoring/actions/${enc(action)}/evidence`, body),
  removeEvidence: (plan: number, action: string, evidence: number) =>
    apiRequest<void>('DELETE', `/plans/${plan}/monitoring/actions/${enc(action)}/evidence/${evidence}`),
  /** The meetings of the ambito's bodies (the unapproved ones only for its officers). */
  ambitoMeetings: (ambito: string) => apiRequest<{ items: AmbitoMeeting[]; total: number }>('GET', `/ambiti/${enc(ambito)}/meetings`),
};

/** Plan states in which monitoring is written (from the Region's approval on). */
export const MONITORED_STATES = new Set(['approvato_regione', 'in_attuazione', 'prorogato', 'commissariato', 'concluso']);

export const actionStatusLabels: Record<ActionStatus, string> = {
  not_started: 'Non avviata',
  in_progress: 'In corso',
  done: 'Conclusa',
  suspended: 'Sospesa',
  cancelled: 'Annullata',
};

export const ACTION_STATUSES = Object.keys(actionStatusLabels) as ActionStatus[];

/** Default words for a judgement (the API's `label` is shown when present). */
export const judgementLabels: Record<Judgement, string> = {
  achieved: 'Raggiunto',
  on_track: 'In linea',
  at_risk: 'A rischio',
  off_track: 'In ritardo',
  not_measured: 'Non misurato',
  not_computable: 'Non calcolabile',
};

/** A 0-1 fraction as "42%" (null -> "–"). */
export function formatShare(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return `${new Intl.NumberFormat('it-IT', { maximumFractionDigits: 0 }).format(v * 100)}%`;
}

/** A measured value in Italian notation. */
export function formatMeasure(v: number | null | undefined, unit?: string): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const s = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2 }).format(v);
  return unit?.trim() ? `${s} ${unit.trim()}` : s;
}

/** "12,5" or "12.5" -> 12.5; anything else -> null. */
export function parseDecimal(s: string): number | null {
  const t = s.trim().replace(/\s/g, '');
  if (!t) return null;
  const normalized = t.includes(',') ? t.replace(/\./g, '').replace(',', '.') : t;
  if (!/^[-+]?\d+(\.\d+)?$/.test(normalized)) return null;
  return Number(normalized);
}

export const dimensionNames: Record<string, string> = {
  conoscenze: 'Conoscenze',
  risorse: 'Risorse',
  servizi: 'Servizi',
  nessuna: 'Nessuna dimensione indicata',
};
