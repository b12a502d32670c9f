// Client, types and Italian labels for the monitoring reports of a plan (relazioni di previsione, avanzamento
// e consuntivo), its evaluation (esiti, risultati, impatto) and the territory's views (Cabina di regia of the
// ATS, the Region), tag `monitoring` of docs/openapi.yaml and docs/monitoring.md §5. Types written by hand
// from src/app/monitoring_reports.cpp and src/app/monitoring.cpp (the OpenAPI document leaves them open).
import { apiRequest } from './client';
import type { Judgement, MonitoringProgress } from './monitoring';

const enc = encodeURIComponent;

export type ReportKind = 'previsione' | 'avanzamento' | 'consuntivo';
export type ReportState = 'bozza' | 'trasmessa' | 'accettata' | 'restituita';

export interface ReportSummary {
  id: number;
  plan_id: number;
  ambito: string;
  kind: ReportKind;
  kind_label: string;
  period: { from: string; to: string };
  title: string;
  state: ReportState;
  state_label: string;
  /** Bozza or restituita: the narrative may be changed. */
  editable: boolean;
  has_document: boolean;
  created_at: string;
  created_by: string;
  updated_at: string;
  version: number;
  /** Present when the API says who may act (used when given, the session's roles otherwise). */
  can_edit?: boolean;
  allowed_transitions?: string[];
}

export interface ReportTransition {
  from: string;
  from_label: string;
  to: string;
  to_label: string;
  actor: string;
  at: string;
  note: string;
}

export interface Report extends ReportSummary {
  /** Section code -> Markdown. */
  narrative: Record<string, string>;
  transitions: ReportTransition[];
  snapshot: unknown;
}

/**
 * A report the ruleset asks for (`schedule` of GET /plans/{id}/reports): the fields are read leniently,
 * since the schedule is newer than this page (see normalizeSchedule).
 */
export interface ScheduleItem {
  kind: string;
  label: string;
  /** The default title of its report ("Relazione di avanzamento 2016"). */
  title: string | null;
  from: string | null;
  to: string | null;
  due: string | null;
  /** The report written for it, if any. */
  reportId: number | null;
  state: string | null;
  stateLabel: string | null;
  missing: boolean;
  overdue: boolean;
  daysLate: number;
}

export interface ReportList {
  plan_id: number;
  items: ReportSummary[];
  total: number;
  kinds: { kind: ReportKind; label: string }[];
  /** The reports the ruleset asks for (docs/monitoring.md §5.1); absent on older servers. */
  schedule?: unknown[];
  schedule_source?: string;
  today?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/**
 * The schedule's entries (docs/monitoring.md §5.1) in one shape: `status` is "mancante" or the matching
 * report's state, `report` the matching report or null; older names (period_from, report_id) are read too.
 */
export function normalizeSchedule(raw: unknown, today: string): ScheduleItem[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((x): x is Loose => !!x && typeof x === 'object')
    .map((x) => {
      const period = (x.period ?? {}) as Loose;
      const report = (x.report && typeof x.report === 'object' ? x.report : null) as Loose | null;
      const reportId =
        report && typeof report.id === 'number' ? report.id : typeof x.report_id === 'number' ? x.report_id : typeof x.report === 'number' ? x.report : null;
      const status = str(x.status);
      const state = str(report?.state) ?? (status && status !== 'mancante' ? status : null) ?? str(x.state);
      const due = str(x.due) ?? str(x.due_on) ?? str(x.due_date);
      const missing = status ? status === 'mancante' : reportId === null && !state;
      const done = state === 'trasmessa' || state === 'accettata';
      const overdue = typeof x.overdue === 'boolean' ? x.overdue : !done && !!due && due < today;
      return {
        kind: String(x.kind ?? ''),
        label: str(x.label) ?? str(x.kind_label) ?? reportKindLabels[x.kind as ReportKind] ?? String(x.kind ?? ''),
        title: str(x.title),
        from: str(period.from) ?? str(x.period_from),
        to: str(period.to) ?? str(x.period_to),
        due,
        reportId,
        state,
        stateLabel: str(report?.state_label) ?? (state && status === state ? str(x.status_label) : null) ?? (state ? reportStateLabels[state as ReportState] ?? state : null),
        missing,
        overdue,
        daysLate: typeof x.days_late === 'number' ? x.days_late : 0,
      };
    });
}

export interface EvaluationItem {
  level: 'esiti' | 'risultati' | 'impatto';
  level_label: string;
  code: string;
  question: string;
  /** The question asks for a 1-5 rating. */
  rating: boolean;
  answer: string;
  rating_value: number | null;
  updated_at: string | null;
  updated_by: string | null;
  /** 0 before the first answer. */
  version: number;
}

export interface Evaluation {
  plan_id: number;
  ruleset: string | null;
  act: string | null;
  /** The triennium ended: impatto may be answered. */
  impatto_open: boolean;
  /** Why impatto is closed, when the API says it. */
  impatto_reason?: string;
  items: EvaluationItem[];
}

export interface EvaluationAnswer {
  level: string;
  question: string;
  answer: string;
  rating?: number;
  version: number;
}

export interface TerritoryRow {
  ambito: { code: string; name: string };
  plan: { id: number; title: string; period: { from: string; to: string }; status: string; status_label: string } | null;
  progress?: MonitoringProgress;
  actions?: number;
  actions_done?: number;
  overdue?: number;
  indicator_judgements?: Partial<Record<Judgement, number>>;
  /** Reports due (the schedule), when the API gives them. */
  reports_due?: number;
  reports_overdue?: number;
  reports_missing?: number;
}

export interface TerritoryGroup {
  progress: number | null;
  plans: number;
  dimension?: string;
  strategic_objective?: string;
  title?: string;
  name?: string;
}

export interface TerritoryMonitoring {
  level: 'agency' | 'region';
  code: string;
  name: string;
  as_of: string;
  progress: number | null;
  ambiti: TerritoryRow[];
  indicator_judgements: Partial<Record<Judgement, number>>;
  by_dimension: TerritoryGroup[];
  by_strategic_objective: TerritoryGroup[];
}

export const reportsApi = {
  list: (plan: number) => apiRequest<ReportList>('GET', `/plans/${plan}/reports`),
  create: (plan: number, body: { kind: string; period_from: string; period_to: string; title?: string }) =>
    apiRequest<Report>('POST', `/plans/${plan}/reports`, body),
  get: (id: number) => apiRequest<Report>('GET', `/reports/${id}`),
  patch: (id: number, body: { narrative?: Record<string, string>; title?: string; version: number }) =>
    apiRequest<Report>('PATCH', `/reports/${id}`, body),
  transition: (id: number, to: 'trasmessa' | 'accettata' | 'restituita', note?: string) =>
    apiRequest<Report>('POST', `/reports/${id}/transitions`, { to, ...(note?.trim() ? { note: note.trim() } : {}) }),
  /** The report as a document (a plain link: the browser saves the file). */
  exportUrl: (id: number, format: 'pdf' | 'docx') => `/api/v1/reports/${id}/export?format=${format}`,

  evaluation: (plan: number) => apiRequest<Evaluation>('GET', `/plans/${plan}/evaluation`),
  saveEvaluation: (plan: number, answers: EvaluationAnswer[]) => apiRequest<Evaluation>('PUT', `/plans/${plan}/evaluation`, { answers }),

  territory: (level: 'agencies' | 'regions', code: string) => apiRequest<TerritoryMonitoring>('GET', `/${level}/${enc(code)}/monitoring`),
};

/** Download links of a monitoring table (`?format=csv|xlsx`), for a plan or a territory. */
export function monitoringExportUrl(path: string, format: 'csv' | 'xlsx', asOf?: string): string {
  const q = new URLSearchParams({ format });
  if (asOf) q.set('as_of', asOf);
  return `/api/v1${path}?${q.toString()}`;
}

export const reportKindLabels: Record<ReportKind, string> = {
  previsione: 'Relazione di previsione',
  avanzamento: 'Relazione di avanzamento',
  consuntivo: 'Relazione di consuntivo',
};

export const reportStateLabels: Record<ReportState, string> = {
  bozza: 'Bozza',
  trasmessa: 'Trasmessa',
  accettata: 'Accettata',
  restituita: 'Restituita',
};

/** The narrative sections, in the document's order (src/app/monitoring_reports.cpp). */
export const reportSections: { code: string; title: string; help: string }[] = [
  { code: 'sintesi', title: 'Sintesi', help: 'Il quadro del periodo in poche righe.' },
  { code: 'azioni', title: 'Azioni realizzate', help: 'Che cosa è stato fatto, rispetto a quanto programmato.' },
  { code: 'indicatori', title: 'Indicatori e risultati', help: 'Come si sono mossi gli indicatori di esito.' },
  { code: 'criticita', title: 'Criticità', help: 'Ritardi, ostacoli e come si intende superarli.' },
  { code: 'prospettive', title: 'Prospettive', help: 'Che cosa si farà nel periodo successivo.' },
];

export const evaluationLevels: { level: EvaluationItem['level']; title: string }[] = [
  { level: 'esiti', title: 'Esiti' },
  { level: 'risultati', title: 'Risultati' },
  { level: 'impatto', title: 'Impatto' },
];
