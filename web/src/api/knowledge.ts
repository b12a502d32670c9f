// Client, types and Italian labels for the knowledge system (tag `knowledge` of docs/openapi.yaml): flows and
// their imports as jobs, submissions, the debito informativo, the indicator catalogue, dashboards and benchmarks.
import { apiRequest, upload } from './client';
import type { components } from './schema';

type S = components['schemas'];

export type FlowSchema = S['FlowSchema'];
export type FlowColumn = S['FlowColumn'];
export type CodeList = S['CodeList'];
export type Job = S['Job'];
export type JobError = NonNullable<Job['error']>;
export type Submission = S['Submission'];
export type KScope = S['Scope'];
export type Obligation = S['Obligation'];
export type AmbitoDebito = S['AmbitoDebito'];
export type RegionDebito = S['RegionDebito'];
export type IndicatorDef = S['IndicatorDef'];
export type Entity = S['Entity'];
export type Distribution = S['Distribution'];
export type DashboardRow = S['DashboardRow'];
export type Dashboard = S['Dashboard'];
export type IndicatorSeries = S['IndicatorSeries'];
export type IndicatorBreakdown = S['IndicatorBreakdown'];
export type BreakdownRow = IndicatorBreakdown['rows'][number];

export type Level = Entity['level'];
export type SubmitKind = 'comune' | 'ambito' | 'region';
export const LEVELS: Level[] = ['comune', 'ambito', 'agency', 'region', 'italy'];

const enc = encodeURIComponent;

export const knowledgeApi = {
  flows: () => apiRequest<{ flows: FlowSchema[] }>('GET', '/flows'),
  codelists: () => apiRequest<{ lists: CodeList[] }>('GET', '/codelists'),
  startImport: (flow: string, kind: SubmitKind, code: string, file: string, bytes: ArrayBuffer) =>
    upload<Job>(`/flows/${enc(flow)}/imports`, bytes, { scope_kind: kind, scope_code: code, file }),
  job: (id: number) => apiRequest<Job>('GET', `/jobs/${id}`),
  cancelJob: (id: number) => apiRequest<Job>('DELETE', `/jobs/${id}`),
  submissions: (kind: SubmitKind, code: string, history = true) =>
    apiRequest<{ submissions: Submission[] }>('GET', '/flows/submissions', undefined, {
      scope_kind: kind,
      scope_code: code,
      history: history ? 'true' : undefined,
    }),
  ambitoDebito: (code: string, year: number) => apiRequest<AmbitoDebito>('GET', `/ambiti/${enc(code)}/debito`, undefined, { year }),
  regionDebito: (code: string, year: number) => apiRequest<RegionDebito>('GET', `/regions/${enc(code)}/debito`, undefined, { year }),
  indicators: () => apiRequest<{ indicators: IndicatorDef[] }>('GET', '/indicators'),
  dashboard: (level: Level, code: string | undefined, year?: number) =>
    apiRequest<Dashboard>('GET', '/indicators/dashboard', undefined, { level, code, year }),
  series: (id: string, level: Level, code: string | undefined, category?: string | null) =>
    apiRequest<IndicatorSeries>('GET', `/indicators/${enc(id)}/series`, undefined, { level, code, category }),
  breakdown: (id: string, level: Level, code: string | undefined, year: number, category?: string | null, peers?: string) =>
    apiRequest<IndicatorBreakdown>('GET', `/indicators/${enc(id)}/breakdown`, undefined, { level, code, year, category, peers }),
  /** The dashboard as a file (a plain link: the browser saves it). */
  dashboardFileUrl: (level: Level, code: string | undefined, year: number | undefined, format: 'csv' | 'xlsx') => {
    const p = new URLSearchParams({ level });
    if (code) p.set('code', code);
    if (year !== undefined) p.set('year', String(year));
    p.set('format', format);
    return `/api/v1/indicators/dashboard?${p.toString()}`;
  },
};

/** The dashboard of an entity (Italy has no code). */
export function dashboardLink(level: string, code?: string | null, query?: Record<string, string | number | undefined | null>): string {
  const base = level === 'italy' || !code ? `/conoscenza/${level}` : `/conoscenza/${level}/${enc(code)}`;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}

/** The page of an entity in the territory browser, when it has one. */
export function entityPageLink(level: string, code: string): string | null {
  switch (level) {
    case 'comune':
      return `/territorio/comuni/${enc(code)}`;
    case 'ambito':
      return `/territorio/ambiti/${enc(code)}`;
    case 'agency':
      return `/territorio/ats/${enc(code)}`;
    case 'region':
      return `/territorio/regioni/${enc(code)}`;
    default:
      return null;
  }
}

export const levelLabels: Record<string, string> = {
  comune: 'Comune',
  ambito: 'Ambito',
  agency: 'ATS/ASL/ASP',
  region: 'Regione',
  italy: 'Italia',
};

/** Plural nouns for the children/peers of a level ("gli ambiti", "i comuni"). */
export const levelPlural: Record<string, string> = {
  comune: 'comuni',
  ambito: 'ambiti',
  agency: 'agenzie sanitarie',
  region: 'regioni',
  italy: 'Italia',
};

/** "Ambito Rhodense", "Comune di Rho", "Regione Lombardia", "Italia". */
export function entityTitle(e: Pick<Entity, 'level' | 'name'>): string {
  if (e.level === 'italy') return 'Italia';
  if (e.level === 'comune') return `Comune di ${e.name}`;
  if (e.level === 'region') return `Regione ${e.name}`;
  if (e.level === 'ambito') return `Ambito ${e.name}`;
  return e.name;
}

// Judgements: a badge always shows its text, the colour only repeats it.
export type JudgementKey = 'better' | 'similar' | 'worse' | 'higher' | 'lower' | 'not_compared';

/**
 * The judgement shown for a row: with a polarity ("high_good", "low_good") better/similar/worse; without one
 * (polarity "none") a significant difference is only "higher" or "lower" than the reference.
 */
export function judgementKey(judgement: string, polarity: string | undefined, value?: number | null, reference?: number | null): JudgementKey {
  if (judgement === 'higher' || judgement === 'lower' || judgement === 'similar' || judgement === 'not_compared') return judgement;
  if (polarity === 'none' && (judgement === 'better' || judgement === 'worse')) {
    if (value !== null && value !== undefined && reference !== null && reference !== undefined) return value >= reference ? 'higher' : 'lower';
    return judgement === 'better' ? 'higher' : 'lower';
  }
  if (judgement === 'better' || judgement === 'worse') return judgement;
  return 'not_compared';
}

export const judgementInfo: Record<JudgementKey, { label: string; className: string; color: string; help: string }> = {
  better: { label: 'Migliore', className: 'pdz-judge-better', color: '#007a52', help: 'significativamente migliore del riferimento' },
  similar: { label: 'Simile', className: 'pdz-judge-similar', color: '#8a6d00', help: 'non diverso in modo significativo dal riferimento' },
  worse: { label: 'Peggiore', className: 'pdz-judge-worse', color: '#c0272d', help: 'significativamente peggiore del riferimento' },
  higher: { label: 'Più alto', className: 'pdz-judge-higher', color: '#3b4a9c', help: 'significativamente più alto del riferimento (l’indicatore non ha un verso migliore)' },
  lower: { label: 'Più basso', className: 'pdz-judge-lower', color: '#5b6b8c', help: 'significativamente più basso del riferimento (l’indicatore non ha un verso migliore)' },
  not_compared: { label: 'Non confrontato', className: 'pdz-judge-none', color: '#6b7280', help: 'confronto non possibile (dato mancante, soppresso o troppo piccolo)' },
};

export const polarityLabels: Record<string, string> = {
  high_good: 'più alto è meglio',
  low_good: 'più basso è meglio',
  none: 'nessun verso migliore',
};

export const compareLabels: Record<string, string> = {
  ci_proportion: 'intervalli di confidenza al 95% (Wilson, proporzioni)',
  ci_rate: 'intervalli di confidenza al 95% (Byar, tassi)',
  quintiles: 'quintili della distribuzione',
  none: 'nessun confronto',
};

/** A value with the indicator's decimals and unit ("123,45 €"); null -> "n.d.". */
export function formatValue(v: number | null | undefined, def?: Pick<IndicatorDef, 'decimals' | 'unit'> | null): string {
  if (v === null || v === undefined || Number.isNaN(v)) return 'n.d.';
  const d = def?.decimals ?? 2;
  const s = new Intl.NumberFormat('it-IT', { minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
  const unit = def?.unit?.trim();
  if (!unit) return s;
  if (unit === '%' || unit === '€') return `${s} ${unit}`;
  return `${s} ${unit}`;
}

/** Only the number, with the indicator's decimals (for compact places such as chart axes). */
export function formatPlain(v: number | null | undefined, decimals = 2): string {
  if (v === null || v === undefined || Number.isNaN(v)) return 'n.d.';
  return new Intl.NumberFormat('it-IT', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(v);
}

export const SUPPRESSED_HELP =
  'Valore non mostrato per tutelare la riservatezza: i casi sono meno della soglia minima prevista per questo indicatore. Lo vede solo l’ente che ha trasmesso i dati.';

// Debito informativo.
export function days(n: number | null | undefined): string {
  const v = Math.abs(n ?? 0);
  return v === 1 ? '1 giorno' : `${v} giorni`;
}

export function obligationState(o: Pick<Obligation, 'state' | 'days'>): { label: string; className: string } {
  switch (o.state) {
    case 'submitted_on_time':
      return { label: 'Trasmesso nei termini', className: 'bg-success' };
    case 'submitted_late':
      return { label: `Trasmesso in ritardo (${days(o.days)})`, className: 'pdz-badge-late' };
    case 'overdue':
      return { label: `Scaduto da ${days(o.days)}`, className: 'bg-danger' };
    case 'due':
      return { label: `In scadenza (${days(o.days)})`, className: 'bg-primary' };
    default:
      return { label: String(o.state), className: 'bg-secondary' };
  }
}

/** Percentage from counts (unambiguous), falling back on the given one. */
export function completeness(owed: number, submitted: number, percent?: number): number {
  if (owed > 0) return (100 * submitted) / owed;
  return percent ?? 100;
}

export function formatPercent(p: number): string {
  return `${new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 }).format(p)}%`;
}

export const columnTypeLabels: Record<string, string> = {
  istat: 'Codice ISTAT del comune (6 cifre)',
  year: 'Anno (2000-2100)',
  code: 'Codice da elenco',
  text: 'Testo',
  integer: 'Numero intero',
  amount: 'Importo in euro',
  decimal: 'Numero decimale',
  date: 'Data (AAAA-MM-GG o GG/MM/AAAA)',
  pseudonym: 'Pseudonimo (16 caratteri esadecimali)',
  choice: 'Valore fra quelli ammessi',
};

export const scopeKindNames: Record<string, string> = {
  comune: 'Comune',
  ambito: 'Ambito',
  region: 'Regione',
  italy: 'Italia',
};
