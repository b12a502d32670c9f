// Client for the stored premialità runs (tag `rules` of docs/openapi.yaml): the Region stores the outcome of
// the calculator (esito), every ambito sees its reward with the trace, an allocation may weigh its reward pot by it.
import { apiRequest } from './client';
import type { components } from './schema';
import type { PremialitaFacts } from './types';

type S = components['schemas'];

export type PremialitaRun = S['PremialitaRun'];
export type PremialitaRunSummary = S['PremialitaRunSummary'];
export type AmbitoPremialitaItem = PremialitaRunSummary & {
  act?: string;
  reward: { code: string; total_cents: number; lines: S['PremialitaLine'][] };
};

const enc = encodeURIComponent;

export const premialitaApi = {
  saveRun: (ruleset: string, title: string, facts: PremialitaFacts, parameters: Record<string, number>) =>
    apiRequest<PremialitaRun>('POST', `/rulesets/${enc(ruleset)}/premialita/runs`, { title, facts, parameters }),
  runs: (region: string) =>
    apiRequest<{ region: string; items: PremialitaRunSummary[] }>('GET', `/regions/${enc(region)}/premialita-runs`),
  run: (id: number) => apiRequest<PremialitaRun>('GET', `/premialita-runs/${id}`),
  ambito: (code: string) => apiRequest<{ ambito: string; items: AmbitoPremialitaItem[] }>('GET', `/ambiti/${enc(code)}/premialita`),
};

export const premialitaRunLink = (id: number) => `/premialita/${id}`;
