// Client and labels for the money routes (tag `money` of docs/openapi.yaml): the plan's resource frame
// (quadro delle risorse) and the Region's allocation runs (riparti).
import { apiRequest, upload } from './client';
import type { components } from './schema';
import type { ErrorDetail } from './types';

type S = components['schemas'];

export type ResourceFrame = S['ResourceFrame'];
export type ResourceRow = S['ResourceRow'];
export type ResourceRowInput = S['ResourceRowInput'];
export type ResourceChange = S['ResourceChange'];
export type StageTotals = S['StageTotals'];
export type Allocation = S['Allocation'];
export type AllocationAmbito = Allocation['ambiti'][number];
export type AllocationRequest = S['AllocationRequest'];
export type AllocationRunSummary = S['AllocationRunSummary'];
export type AllocationShare = S['AllocationShare'];
export type AmbitoAllocation = AllocationRunSummary & { share: AllocationShare };
export interface ImportResult {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  file: string;
}

const enc = encodeURIComponent;

export const moneyApi = {
  frame: (plan: number) => apiRequest<ResourceFrame>('GET', `/plans/${plan}/resources`),
  frameUrl: (plan: number, format: 'csv' | 'xlsx') => `/api/v1/plans/${plan}/resources?format=${format}`,
  addRow: (plan: number, row: ResourceRowInput) => apiRequest<ResourceRow>('POST', `/plans/${plan}/resources`, row),
  correctRow: (plan: number, row: number, body: ResourceRowInput & { version: number; reason: string }) =>
    apiRequest<ResourceRow>('PATCH', `/plans/${plan}/resources/${row}`, body),
  removeRow: (plan: number, row: number, version: number, reason: string) =>
    apiRequest<{ id?: number; removed?: boolean }>('DELETE', `/plans/${plan}/resources/${row}`, { version, reason }),
  history: (plan: number) =>
    apiRequest<{ plan_id: number; ambito: string; items: ResourceChange[] }>('GET', `/plans/${plan}/resources/history`),
  importFile: (plan: number, file: string, bytes: ArrayBuffer, mode: 'replace' | 'add', reason: string) =>
    upload<ImportResult>(`/plans/${plan}/resources/import`, bytes, { file, mode, reason }),

  computeAllocation: (region: string, req: AllocationRequest) =>
    apiRequest<Allocation>('POST', `/regions/${enc(region)}/allocation`, req),
  allocationRuns: (region: string) =>
    apiRequest<{ region: string; items: AllocationRunSummary[] }>('GET', `/regions/${enc(region)}/allocations`),
  saveAllocation: (region: string, req: AllocationRequest) =>
    apiRequest<Allocation>('POST', `/regions/${enc(region)}/allocations`, req),
  allocation: (id: number) => apiRequest<Allocation>('GET', `/allocations/${id}`),
  allocationUrl: (id: number, format: 'csv' | 'xlsx') => `/api/v1/allocations/${id}?format=${format}`,
  ambitoAllocations: (code: string) =>
    apiRequest<{ ambito: string; items: AmbitoAllocation[] }>('GET', `/ambiti/${enc(code)}/allocations`),
};

export const allocationsLink = (region: string) => `/regioni/${enc(region)}/riparti`;
export const allocationLink = (id: number) => `/riparti/${id}`;

/** Italian names of the fields of a resource row (API names and the import's column names). */
export const resourceFieldLabels: Record<string, string> = {
  fund: 'fondo',
  fondo: 'fondo',
  fund_type: 'tipologia',
  tipologia: 'tipologia',
  year: 'anno',
  anno: 'anno',
  area: 'area',
  objective: 'obiettivo',
  obiettivo: 'obiettivo',
  management: 'gestione',
  gestione: 'gestione',
  comune: 'comune',
  programmed_cents: 'programmato',
  programmato: 'programmato',
  committed_cents: 'impegnato',
  impegnato: 'impegnato',
  committed_on: 'data dell’impegnato',
  data_impegnato: 'data dell’impegnato',
  paid_cents: 'liquidato',
  liquidato: 'liquidato',
  paid_on: 'data del liquidato',
  data_liquidato: 'data del liquidato',
  justification: 'motivazione',
  motivazione: 'motivazione',
  note: 'note',
  reason: 'motivo della correzione',
  version: 'versione',
  id: 'identificativo',
};
export const resourceFieldLabel = (f: string) => resourceFieldLabels[f] ?? f.replace(/_/g, ' ');

export const managementLabels: Record<string, string> = { associata: 'Gestione associata', singola: 'Singolo comune' };
export const changeActionLabels: Record<string, string> = { added: 'Aggiunta', changed: 'Correzione', removed: 'Rimozione' };

export const allocationLineLabels: Record<string, string> = {
  quota_fissa: 'Quota fissa',
  premialita: 'Premialità',
  quota_capitaria: 'Quota capitaria',
  decurtazione: 'Decurtazione',
  redistribuzione: 'Redistribuzione',
};
export const allocationLineLabel = (k: string) => allocationLineLabels[k] ?? k.replace(/_/g, ' ');

/** Basis points as an Italian percentage: 9075 -> "90,75%". */
export function formatBp(bp: number | null | undefined, fallback = '–'): string {
  if (bp === null || bp === undefined) return fallback;
  return `${new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2 }).format(bp / 100)}%`;
}

/** Groups API error details by field: field -> reasons (details without a field go under ''). */
export function detailsByField(details: ErrorDetail[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const d of details) {
    const k = d.field ?? '';
    (out[k] ??= []).push(d.reason ?? 'valore non valido');
  }
  return out;
}
