// Typed client of the pdz API v1: same-origin fetch, JSON errors as ApiError, CSRF header on writes.
import type {
  Agency, AgencyDetail, Ambito, AmbitoPatch, AmbitoSummary, ApiErrorBody, ComuneDetail, ComuneSummary,
  ErrorDetail, ListPage, MembershipHistoryItem, PlanBody, PlanChange, PlanRevision, PlanSaveResult, PlanSummary, PlanView,
  PremialitaFacts, PremialitaResult, Region, RegionDetail, RoleInfo, RoleName,
  RulesetDocument, RulesetSummary, ScopeKind, Session, User,
} from './types';

/** An error answered by the API (or a network failure, with status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** Keeps the CSRF token in memory only (never in storage). */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json', query);
}

/** Sends raw bytes (a file to import) as application/octet-stream; answers JSON as request() does. */
export function upload<T>(path: string, bytes: ArrayBuffer, query?: Query): Promise<T> {
  return send<T>('POST', path, bytes, 'application/octet-stream', query);
}

/** A GET or a write on the API v1 for modules other than this one (same errors, same CSRF header). */
export function apiRequest<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  return request<T>(method, path, body, query);
}

async function send<T>(method: string, path: string, payload: BodyInit | undefined, contentType: string, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (payload !== undefined) headers['Content-Type'] = contentType;
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch('/api/v1' + withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: payload,
    });
  } catch {
    throw new ApiError(0, 'network', 'Impossibile contattare il server: controlla la connessione e riprova.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const err = (json as ApiErrorBody | null)?.error;
    if (err) throw new ApiError(res.status, err.code, err.message, err.details ?? []);
    throw new ApiError(res.status, 'http_' + res.status, `Errore del server (HTTP ${res.status}).`);
  }
  return json as T;
}

const enc = encodeURIComponent;

export const api = {
  // Session
  login: (username: string, password: string) => request<Session>('POST', '/session', { username, password }),
  session: () => request<Session>('GET', '/session'),
  logout: () => request<void>('DELETE', '/session'),

  // Territory
  regions: () => request<ListPage<Region>>('GET', '/regions', undefined, { limit: 500 }),
  region: (code: string) => request<RegionDetail>('GET', `/regions/${enc(code)}`),
  agencies: (region?: string) => request<ListPage<Agency>>('GET', '/agencies', undefined, { region, limit: 500 }),
  agency: (code: string) => request<AgencyDetail>('GET', `/agencies/${enc(code)}`),
  ambiti: (q: Query) => request<ListPage<AmbitoSummary>>('GET', '/ambiti', undefined, q),
  ambito: (code: string, asOf?: string) =>
    request<Ambito>('GET', `/ambiti/${enc(code)}`, undefined, { as_of: asOf }),
  ambitoHistory: (code: string) =>
    request<{ items: MembershipHistoryItem[] }>('GET', `/ambiti/${enc(code)}/history`),
  patchAmbito: (code: string, patch: AmbitoPatch) => request<Ambito>('PATCH', `/ambiti/${enc(code)}`, patch),
  comuni: (q: Query) => request<ListPage<ComuneSummary>>('GET', '/comuni', undefined, q),
  comune: (istat: string) => request<ComuneDetail>('GET', `/comuni/${enc(istat)}`),

  // Rules (rulesets and the premialità calculator; public)
  rulesets: (region?: string) =>
    request<{ items: RulesetSummary[]; total: number }>('GET', '/rulesets', undefined, { region }),
  ruleset: (code: string, version?: number) =>
    request<RulesetDocument>('GET', `/rulesets/${enc(code)}`, undefined, { version }),
  premialita: (code: string, facts: PremialitaFacts, parameters: Record<string, number>) =>
    request<PremialitaResult>('POST', `/rulesets/${enc(code)}/premialita`, { facts, parameters }),

  // Plans (Piani di Zona): drafts visible only to those with a role on the ambito
  plans: (ambito: string) => request<{ items: PlanSummary[]; total: number }>('GET', `/ambiti/${enc(ambito)}/plans`),
  createPlan: (
    ambito: string,
    body: { plan: PlanBody } | { copy_from: number; period: { from: string; to: string }; title?: string },
  ) => request<PlanView>('POST', `/ambiti/${enc(ambito)}/plans`, body),
  plan: (id: number, revision?: number) => request<PlanView>('GET', `/plans/${id}`, undefined, { revision }),
  savePlan: (id: number, version: number, note: string, plan: PlanBody) =>
    request<PlanSaveResult>('PUT', `/plans/${id}`, { version, note, plan }),
  planRevisions: (id: number) => request<{ items: PlanRevision[]; total: number }>('GET', `/plans/${id}/revisions`),
  planDiff: (id: number, from: number, to: number) =>
    request<{ from: number; to: number; changes: PlanChange[] }>('GET', `/plans/${id}/diff`, undefined, { from, to }),
  /** The plan as a document to download (a plain link: the browser saves the file). */
  planExportUrl: (id: number, format: 'pdf' | 'docx') => `/api/v1/plans/${id}/export?format=${format}`,

  // Users and roles
  roles: () => request<{ items: RoleInfo[] }>('GET', '/roles'),
  users: (q: Query = {}) => request<ListPage<User>>('GET', '/users', undefined, { limit: 500, ...q }),
  createUser: (u: { username: string; display_name: string; password: string }) =>
    request<User>('POST', '/users', u),
  patchUser: (username: string, patch: { display_name?: string; active?: boolean; password?: string }) =>
    request<User>('PATCH', `/users/${enc(username)}`, patch),
  addRole: (username: string, role: RoleName, scope: { kind: ScopeKind; code: string }) =>
    request<User>('POST', `/users/${enc(username)}/roles`, { role, scope }),
  removeRole: (username: string, id: number) => request<void>('DELETE', `/users/${enc(username)}/roles/${id}`),
};
