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
