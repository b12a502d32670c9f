// Helpers on pdz-plan/1 documents: Italian labels, the changes (diff) in words, the editor's model
// (with stable keys, amounts as typed strings) and back, and API field paths mapped to input ids.
import { formatEuroInput, parseEuro } from './money';
import type {
  ErrorDetail, PlanBody, PlanChange, PlanFinancial, PlanIndicator, PlanMeasure, PlanObjective, PlanSection,
  PlanSpecific, PlanAction,
} from './types';

export const planLink = (id: number, revision?: number) => `/piani/${id}` + (revision ? `?revisione=${revision}` : '');

/** The lifecycle states (see PlanState in docs/openapi.yaml). */
export const planStatusLabels: Record<string, string> = {
  bozza: 'Bozza',
  in_concertazione: 'In concertazione',
  approvato_assemblea: "Approvato dall'Assemblea",
  adp_sottoscritto: 'AdP sottoscritto',
  trasmesso: 'Trasmesso alla Regione',
  integrazioni_richieste: 'Integrazioni richieste',
  approvato_regione: 'Approvato dalla Regione',
  in_attuazione: 'In attuazione',
  concluso: 'Concluso',
  prorogato: 'Prorogato',
  commissariato: 'Commissariato',
};
export const planStatusLabel = (s: string) => planStatusLabels[s] ?? s;
const draftStates = new Set(['bozza', 'in_concertazione', 'integrazioni_richieste', 'commissariato']);
/** Badge class for a status: light yellow with dark text while being drafted, green once approved. */
export const planStatusClass = (s: string) => (draftStates.has(s) ? 'pdz-badge-draft' : 'bg-success');

export const timingKindLabels: Record<string, string> = { date: 'Data', recurrence: 'Ricorrenza', condition: 'Condizione' };
export const interventionKindLabels: Record<string, string> = {
  potenziamento: 'Potenziamento',
  rimodulazione: 'Rimodulazione',
  nuovo_servizio: 'Nuovo servizio',
};
export const dimensionLabels: Record<string, string> = { conoscenze: 'Conoscenze', risorse: 'Risorse', servizi: 'Servizi' };

export const matrixColumns = [
  'Obiettivo specifico',
  'Interventi/azioni di sistema',
  'Indicatori di esito',
  'Strumenti utilizzati',
  'Risorse impiegate',
  'Tempistica',
] as const;

/** A decimal number in Italian form ("12,5", "1.234") for an indicator value. */
export function formatPlanNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  return new Intl.NumberFormat('it-IT', { maximumFractionDigits: 6 }).format(n);
}

/** Parses an indicator value typed by a person ("12,5", "1.234", "40"); null when empty, NaN when not a number. */
export function parsePlanNumber(s: string): number | null {
  const t = s.trim().replace(/\s/g, '');
  if (t === '') return null;
  let norm = t;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) norm = t.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+(,\d+)?$/.test(t)) norm = t.replace(',', '.');
  else if (!/^-?\d+(\.\d+)?$/.test(t)) return NaN;
  return Number(norm);
}

// ---- Changes (diff, conflicts) in Italian ----

const changeKind: Record<string, string> = { added: 'Aggiunto', removed: 'Rimosso', changed: 'Modificato', moved: 'Spostato' };
const changeWhat: Record<string, string> = {
  plan: 'dati del piano',
  section: 'sezione',
  objective: 'obiettivo generale',
  specific_objective: 'obiettivo specifico',
};
export const planFieldLabels: Record<string, string> = {
  title: 'titolo',
  subtitle: 'sottotitolo',
  period: 'periodo',
  ruleset: 'linee guida',
  format: 'formato',
  body: 'testo',
  code: 'codice',
  sections: 'sezioni',
  objectives: 'obiettivi',
  specific: 'obiettivi specifici',
  actions: 'interventi/azioni',
  indicators: 'indicatori di esito',
  tools: 'strumenti',
  resources: 'risorse',
  timing: 'tempistica',
  kind: 'tipo',
  areas: 'aree',
  strategic_objectives: 'obiettivi strategici',
  id: 'identificativo',
};

export const changeKindLabel = (k: string) => changeKind[k] ?? k;
export const changeWhatLabel = (w: string) => changeWhat[w] ?? w;
export const fieldLabelIt = (f: string) => planFieldLabels[f] ?? f.replace(/_/g, ' ');

/** "objectives[1].specific[0]" -> "2.1"; "objectives[2]" -> "3"; sections -> "sezione 2". */
export function changePosition(path: string): string {
  const m = /^objectives\[(\d+)\](?:\.specific\[(\d+)\])?/.exec(path);
  if (m) return m[2] !== undefined ? `${Number(m[1]) + 1}.${Number(m[2]) + 1}` : `${Number(m[1]) + 1}`;
  const s = /^sections\[(\d+)\]/.exec(path);
  if (s) return `n. ${Number(s[1]) + 1}`;
  return '';
}

/** One change as an Italian sentence (without the label): "Modificato obiettivo specifico 1.1". */
export function describeChange(c: PlanChange): { head: string; fields: string } {
  const pos = changePosition(c.path);
  const head = `${changeKindLabel(c.kind)}: ${changeWhatLabel(c.what)}${pos ? ` ${pos}` : ''}`;
  const fields = c.fields.length > 0 ? c.fields.map(fieldLabelIt).join(', ') : '';
  return { head, fields };
}

// ---- The editor's model ----

let seq = 0;
const key = (p: string) => `${p}${++seq}`;

export interface EItem {
  key: string;
  text: string;
  /** The action's fields the editor does not show (id, weight, due), kept as they are. */
  raw?: PlanAction;
}
export interface EIndicator {
  key: string;
  /** The indicator's fields the editor does not show (id, weight), kept as they are. */
  raw?: PlanIndicator;
  name: string;
  unit: string;
  baseValue: string;
  baseDate: string;
  targetValue: string;
  targetDate: string;
  source: string;
  dimension: string;
  /** Fields of the document the editor does not show (kept as they are). */
  baseText: string;
  targetText: string;
}
export interface EFinancial {
  key: string;
  description: string;
  amount: string;
  fund: string;
  years: string;
}
export interface ESpecific {
  key: string;
  raw: PlanSpecific;
  title: string;
  actions: EItem[];
  tools: EItem[];
  professional: EItem[];
  indicators: EIndicator[];
  financial: EFinancial[];
  timingKind: string;
  timingText: string;
  timingDate: string;
  /** Kind of intervention: potenziamento, rimodulazione, nuovo_servizio, or empty. */
  kind: string;
  /** Thematic areas (tavoli tematici), codes of the ruleset. */
  areas: string[];
}
export interface EObjective {
  key: string;
  raw: PlanObjective;
  title: string;
  areas: string[];
  /** The Region's strategic objectives the objective serves (codes of the ruleset). */
  strategic: string[];
  specific: ESpecific[];
}
export interface ESection {
  key: string;
  code: string;
  title: string;
  body: string;
}
export interface EPlan {
  raw: PlanBody;
  title: string;
  subtitle: string;
  from: string;
  to: string;
  sections: ESection[];
  objectives: EObjective[];
}

export const newItem = (text = ''): EItem => ({ key: key('i'), text });
export const newIndicator = (): EIndicator => ({
  key: key('ind'), name: '', unit: '', baseValue: '', baseDate: '', targetValue: '', targetDate: '', source: '',
  dimension: '', baseText: '', targetText: '',
});
export const newFinancial = (): EFinancial => ({ key: key('fin'), description: '', amount: '', fund: '', years: '' });
export const newSpecific = (): ESpecific => ({
  key: key('s'), raw: {} as PlanSpecific, title: '', actions: [], tools: [], professional: [], indicators: [],
  financial: [], timingKind: 'date', timingText: '', timingDate: '', kind: '', areas: [],
});
export const newObjective = (): EObjective => ({
  key: key('o'), raw: {} as PlanObjective, title: '', areas: [], strategic: [], specific: [newSpecific()],
});
export const newSection = (code = '', title = ''): ESection => ({ key: key('sec'), code, title, body: '' });

const items = (xs: string[] | undefined) => (xs ?? []).map((t) => newItem(t));
const actionItems = (xs: (PlanAction | string)[] | undefined): EItem[] =>
  (xs ?? []).map((a) => (typeof a === 'string' ? newItem(a) : { ...newItem(a.text ?? ''), raw: a }));

function toEIndicator(i: PlanIndicator): EIndicator {
  return {
    key: key('ind'),
    raw: i,
    name: i.name ?? '',
    unit: i.unit ?? '',
    baseValue: formatPlanNumber(i.baseline?.value),
    baseDate: i.baseline?.date ?? '',
    targetValue: formatPlanNumber(i.target?.value),
    targetDate: i.target?.date ?? '',
    source: i.source ?? '',
    dimension: i.dimension ?? '',
    baseText: i.baseline?.text ?? '',
    targetText: i.target?.text ?? '',
  };
}

export function toEditor(p: PlanBody): EPlan {
  return {
    raw: p,
    title: p.title ?? '',
    subtitle: p.subtitle ?? '',
    from: p.period?.from ?? '',
    to: p.period?.to ?? '',
    sections: (p.sections ?? []).map((s) => ({ key: key('sec'), code: s.code, title: s.title, body: s.body ?? '' })),
    objectives: (p.objectives ?? []).map((o) => ({
      key: key('o'),
      raw: o,
      title: o.title ?? '',
      areas: o.areas ?? [],
      strategic: o.strategic_objectives ?? [],
      specific: (o.specific ?? []).map((s) => ({
        key: key('s'),
        raw: s,
        title: s.title ?? '',
        actions: actionItems(s.actions),
        tools: items(s.tools),
        professional: items(s.resources?.professional),
        indicators: (s.indicators ?? []).map(toEIndicator),
        financial: (s.resources?.financial ?? []).map((f) => ({
          key: key('fin'),
          description: f.description ?? '',
          amount: f.amount_cents === null || f.amount_cents === undefined ? '' : formatEuroInput(f.amount_cents),
          fund: f.fund ?? '',
          years: (f.years ?? []).join(', '),
        })),
        timingKind: s.timing?.kind ?? 'date',
        timingText: s.timing?.text ?? '',
        timingDate: s.timing?.date ?? '',
        kind: s.kind ?? '',
        areas: s.areas ?? [],
      })),
    })),
  };
}

/** A code for a free section from its title: "Rete dei servizi" -> "rete-dei-servizi". */
export function sectionCode(title: string, taken: string[]): string {
  const base =
    title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'sezione';
  let c = base;
  for (let n = 2; taken.includes(c); n++) c = `${base}-${n}`;
  return c;
}

/**
 * The document to PUT, built from the editor's model. Amounts, values and years typed by the person are
 * parsed here (amounts exactly, with string arithmetic); what cannot be parsed is returned as errors
 * with the same paths the API uses, and nothing is sent.
 */
export function fromEditor(e: EPlan): { plan: PlanBody; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const takenCodes = e.sections.map((s) => s.code).filter(Boolean);
  const sections: PlanSection[] = e.sections.map((s) => {
    let code = s.code;
    if (!code && s.title.trim()) {
      code = sectionCode(s.title, takenCodes);
      takenCodes.push(code);
    }
    return { code, title: s.title, body: s.body };
  });
  const measure = (value: string, date: string, text: string, path: string): PlanMeasure | null => {
    const v = parsePlanNumber(value);
    if (v !== null && Number.isNaN(v)) errors.push({ field: `${path}.value`, value, reason: 'scrivi un numero, ad es. 12 o 12,5' });
    if (v === null && !date && !text) return null;
    return { value: v !== null && !Number.isNaN(v) ? v : null, text, date: date || null };
  };
  const objectives: PlanObjective[] = e.objectives.map((o, i) => ({
    ...o.raw,
    title: o.title,
    areas: o.areas,
    strategic_objectives: o.strategic,
    specific: o.specific.map((s, j): PlanSpecific => {
      const base = `plan.objectives[${i}].specific[${j}]`;
      const financial: PlanFinancial[] = s.financial.map((f, k) => {
        const fp = `${base}.resources.financial[${k}]`;
        let amount_cents: number | null = null;
        if (f.amount.trim()) {
          const r = parseEuro(f.amount);
          if (r.ok) amount_cents = r.cents;
          else errors.push({ field: `${fp}.amount_cents`, value: f.amount, reason: `${r.reason}: scrivi un importo in euro, ad es. 1.234,56` });
        }
        const years: number[] = [];
        for (const y of f.years.split(/[\s,;]+/).filter(Boolean)) {
          if (/^\d{4}$/.test(y)) years.push(Number(y));
          else errors.push({ field: `${fp}.years`, value: f.years, reason: 'scrivi gli anni con quattro cifre, separati da virgole (ad es. 2018, 2019)' });
        }
        return { description: f.description, amount_cents, fund: f.fund, years };
      });
      return {
        ...s.raw,
        title: s.title,
        kind: s.kind,
        areas: s.areas,
        actions: s.actions.map((x): PlanAction => ({ ...(x.raw ?? {}), text: x.text })),
        indicators: s.indicators.map((ind, k) => ({
          ...(ind.raw ?? {}),
          name: ind.name,
          unit: ind.unit,
          baseline: measure(ind.baseValue, ind.baseDate, ind.baseText, `${base}.indicators[${k}].baseline`),
          target: measure(ind.targetValue, ind.targetDate, ind.targetText, `${base}.indicators[${k}].target`),
          source: ind.source,
          dimension: ind.dimension,
        })),
        tools: s.tools.map((x) => x.text),
        resources: { ...(s.raw.resources ?? {}), financial, professional: s.professional.map((x) => x.text) },
        timing: { kind: s.timingKind, text: s.timingText, date: s.timingDate || null },
      };
    }),
  }));
  const plan: PlanBody = {
    ...e.raw,
    title: e.title,
    subtitle: e.subtitle,
    period: { ...e.raw.period, from: e.from, to: e.to },
    sections,
    objectives,
  };
  return { plan, errors };
}

// ---- API field paths -> inputs ----

export interface PlanFieldLocation {
  /** Id of the input to mark and focus (may be absent when the path names a whole block). */
  id: string | null;
  /** Which tab holds it. */
  tab: 'sezioni' | 'obiettivi';
  /** The field in Italian words. */
  label: string;
}

const measureField: Record<string, string> = { value: 'valore', date: 'data', text: 'valore in parole' };

/** Input ids used by the editor. */
export const ids = {
  spec: (i: number, j: number) => `spec-${i}-${j}`,
  list: (i: number, j: number, list: string, k: number) => `spec-${i}-${j}-${list}-${k}`,
  ind: (i: number, j: number, k: number, f: string) => `spec-${i}-${j}-ind-${k}-${f}`,
  fin: (i: number, j: number, k: number, f: string) => `spec-${i}-${j}-fin-${k}-${f}`,
};

/** Maps "plan.objectives[3].specific[0].indicators[1].target.date" to the input and Italian words. */
export function locatePlanField(field: string): PlanFieldLocation {
  const f = field.replace(/^\$\.?/, '').replace(/^plan\./, '');
  let m = /^(title|subtitle)$/.exec(f);
  if (m) return { id: `plan-${m[1]}`, tab: 'sezioni', label: m[1] === 'title' ? 'Titolo del piano' : 'Sottotitolo del piano' };
  m = /^period(?:\.(from|to))?$/.exec(f);
  if (m) return { id: `plan-${m[1] ?? 'from'}`, tab: 'sezioni', label: m[1] === 'to' ? 'Periodo: fine' : 'Periodo: inizio' };
  m = /^sections\[(\d+)\](?:\.(\w+))?/.exec(f);
  if (m) {
    const n = Number(m[1]);
    const fld = m[2] === 'body' ? 'body' : 'title';
    return { id: `sec-${n}-${fld}`, tab: 'sezioni', label: `Sezione ${n + 1}: ${fld === 'body' ? 'testo' : m[2] === 'code' ? 'codice (dal titolo)' : 'titolo'}` };
  }
  m = /^objectives\[(\d+)\](?:\.(.*))?$/.exec(f);
  if (!m) return { id: null, tab: 'sezioni', label: field };
  const i = Number(m[1]);
  const rest = m[2] ?? '';
  if (rest === '' || rest === 'title') return { id: `obj-${i}-title`, tab: 'obiettivi', label: `Obiettivo generale ${i + 1}: titolo` };
  m = /^specific\[(\d+)\](?:\.(.*))?$/.exec(rest);
  if (!m) return { id: `obj-${i}-title`, tab: 'obiettivi', label: `Obiettivo generale ${i + 1}` };
  const j = Number(m[1]);
  const r = m[2] ?? '';
  const pos = `Obiettivo specifico ${i + 1}.${j + 1}`;
  const at = (id: string | null, what: string): PlanFieldLocation => ({ id, tab: 'obiettivi', label: `${pos}: ${what}` });
  if (r === '' || r === 'title') return at(`${ids.spec(i, j)}-title`, 'titolo');
  m = /^(actions|tools)(?:\[(\d+)\](?:\.text)?)?$/.exec(r);
  if (m) {
    const what = m[1] === 'actions' ? 'interventi/azioni' : 'strumenti';
    return m[2] !== undefined ? at(ids.list(i, j, m[1], Number(m[2])), `${what}, voce ${Number(m[2]) + 1}`) : at(null, what);
  }
  m = /^resources\.professional(?:\[(\d+)\])?$/.exec(r);
  if (m) return m[1] !== undefined ? at(ids.list(i, j, 'professional', Number(m[1])), `risorse professionali, voce ${Number(m[1]) + 1}`) : at(null, 'risorse professionali');
  m = /^resources\.financial\[(\d+)\](?:\.(\w+))?/.exec(r);
  if (m) {
    const k = Number(m[1]);
    const map: Record<string, [string, string]> = {
      description: ['description', 'descrizione'],
      amount_cents: ['amount', 'importo'],
      fund: ['fund', 'fondo'],
      years: ['years', 'anni'],
    };
    const [fid, what] = map[m[2] ?? 'description'] ?? ['description', m[2]];
    return at(ids.fin(i, j, k, fid), `risorsa finanziaria ${k + 1}, ${what}`);
  }
  m = /^indicators\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?/.exec(r);
  if (m) {
    const k = Number(m[1]);
    const part = m[2] ?? 'name';
    if (part === 'baseline' || part === 'target') {
      const sub = m[3] === 'date' ? 'date' : 'value';
      const idField = `${part === 'baseline' ? 'base' : 'target'}-${sub}`;
      const what = `${part === 'baseline' ? 'valore di partenza' : 'valore atteso'}, ${measureField[m[3] ?? 'value'] ?? m[3]}`;
      return at(ids.ind(i, j, k, idField), `indicatore ${k + 1}, ${what}`);
    }
    const names: Record<string, string> = { name: 'nome', unit: 'unità di misura', source: 'fonte', dimension: 'dimensione' };
    return at(ids.ind(i, j, k, part in names ? part : 'name'), `indicatore ${k + 1}, ${names[part] ?? part}`);
  }
  m = /^timing(?:\.(\w+))?/.exec(r);
  if (m) {
    const part = m[1] ?? 'kind';
    const what: Record<string, string> = { kind: 'tipo di tempistica', text: 'tempistica', date: 'data della tempistica' };
    return at(`${ids.spec(i, j)}-timing-${part in what ? part : 'kind'}`, what[part] ?? part);
  }
  return at(`${ids.spec(i, j)}-title`, r);
}

/** Moves the item at index i by delta (-1 up, +1 down) in a copy of the array. */
export function move<T>(xs: T[], i: number, delta: number): T[] {
  const j = i + delta;
  if (j < 0 || j >= xs.length) return xs;
  const out = xs.slice();
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}
