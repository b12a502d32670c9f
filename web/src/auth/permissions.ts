// What the logged-in user may do, derived from their scoped roles (docs/api.md, "Roles").
import type { AmbitoSummary, User } from '../api/types';

export function hasRole(user: User | null, role: string, kind?: string, code?: string): boolean {
  return !!user?.roles.some(
    (r) => r.role === role && (kind === undefined || r.scope.kind === kind) && (code === undefined || r.scope.code === code),
  );
}

/** Region administrators manage users and roles. */
export function isAdmin(user: User | null): boolean {
  return hasRole(user, 'region_admin');
}

/** region_admin of the ambito's region, or udp_editor of that ambito. */
export function canEditAmbito(user: User | null, ambito: Pick<AmbitoSummary, 'code' | 'region'>): boolean {
  return hasRole(user, 'region_admin', 'region', ambito.region) || hasRole(user, 'udp_editor', 'ambito', ambito.code);
}
