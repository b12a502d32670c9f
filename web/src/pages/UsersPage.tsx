// Users and roles administration (region_admin only): list, create, activate/deactivate, grant and revoke roles.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { scopeKindLabels } from '../api/labels';
import type { RoleName, ScopeKind, User, UserRole } from '../api/types';
import { isAdmin } from '../auth/permissions';
import { useSession } from '../auth/session';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageTitle } from '../components/PageTitle';
import { ErrorAlert, Loading } from '../components/Status';
import { useApi } from '../components/useApi';
import { ForbiddenPage } from './ForbiddenPage';

const userFieldLabels: Record<string, string> = {
  username: 'Nome utente',
  display_name: 'Nome e cognome',
  password: 'Password',
  role: 'Ruolo',
  scope: 'Ambito di validità',
  'scope.kind': 'Tipo di ambito di validità',
  'scope.code': 'Codice dell’ambito di validità',
  active: 'Attivo',
};
const userFieldLabel = (f: string) => userFieldLabels[f.replace(/^\$\.?/, '')] ?? f;

function roleText(r: UserRole): string {
  return `${r.label} – ${scopeKindLabels[r.scope.kind] ?? r.scope.kind} ${r.scope.name ?? r.scope.code}`;
}

type Notice = { kind: 'success' | 'error'; text?: string; error?: unknown };

function NoticeBox({ notice }: { notice: Notice | null }) {
  if (!notice) return null;
  if (notice.kind === 'success')
    return (
      <div className="alert alert-success" role="status">
        {notice.text}
      </div>
    );
  return <ErrorAlert error={notice.error} title={notice.text} fieldLabel={userFieldLabel} />;
}

function CreateUserForm({ onCreated }: { onCreated(u: User): void }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const u = await api.createUser({ username: username.trim(), display_name: displayName.trim(), password });
      setNotice({ kind: 'success', text: `Utente «${u.username}» creato.` });
      setUsername('');
      setDisplayName('');
      setPassword('');
      onCreated(u);
    } catch (err) {
      setNotice({ kind: 'error', text: 'Impossibile creare l’utente.', error: err });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="sez-nuovo">
      <h2 id="sez-nuovo" className="h4">
        Nuovo utente
      </h2>
      <NoticeBox notice={notice} />
      <div className="row pt-4">
        <div className="form-group col-md-4">
          <label htmlFor="nu-username" className="active">
            Nome utente
          </label>
          <input id="nu-username" type="text" className="form-control" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </div>
        <div className="form-group col-md-4">
          <label htmlFor="nu-display" className="active">
            Nome e cognome
          </label>
          <input id="nu-display" type="text" className="form-control" autoComplete="off" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
        </div>
        <div className="form-group col-md-4">
          <label htmlFor="nu-password" className="active">
            Password iniziale
          </label>
          <input id="nu-password" type="password" className="form-control" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </div>
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Creazione in corso…' : 'Crea utente'}
      </button>
    </form>
  );
}

function AddRoleForm({ users, onChanged }: { users: User[]; onChanged(u: User): void }) {
  const roles = useApi(() => api.roles(), []);
  const regions = useApi(() => api.regions(), []);
  const agencies = useApi(() => api.agencies(), []);
  const ambiti = useApi(() => api.ambiti({ limit: 500 }), []);
  const [username, setUsername] = useState('');
  const [role, setRole] = useState('');
  const [kind, setKind] = useState('');
  const [code, setCode] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);

  const roleInfo = roles.data?.items.find((r) => r.role === role);
  const kinds: string[] = roleInfo?.scope_kinds ?? [];
  useEffect(() => {
    if (!kinds.includes(kind)) setKind(kinds[0] ?? '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [role, roles.data]);
  useEffect(() => setCode(''), [kind]);

  const codeOptions = useMemo(() => {
    if (kind === 'region') return regions.data?.items.map((r) => ({ code: r.code, name: r.name }));
    if (kind === 'agency') return agencies.data?.items.map((a) => ({ code: a.code, name: a.name }));
    if (kind === 'ambito') return ambiti.data?.items.map((a) => ({ code: a.code, name: a.name }));
    return undefined;
  }, [kind, regions.data, agencies.data, ambiti.data]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const u = await api.addRole(username, role as RoleName, { kind: kind as ScopeKind, code: code.trim() });
      setNotice({ kind: 'success', text: `Ruolo «${roleInfo?.label ?? role}» assegnato a «${u.username}».` });
      onChanged(u);
    } catch (err) {
      setNotice({ kind: 'error', text: 'Impossibile assegnare il ruolo.', error: err });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="sez-ruolo">
      <h2 id="sez-ruolo" className="h4">
        Assegna un ruolo
      </h2>
      <NoticeBox notice={notice} />
      {roles.error !== null && <ErrorAlert error={roles.error} title="Impossibile leggere i ruoli." />}
      <div className="row pt-4">
        <div className="col-md-3 mb-4">
          <div className="select-wrapper">
            <label htmlFor="ar-user">Utente</label>
            <select id="ar-user" value={username} onChange={(e) => setUsername(e.target.value)} required>
              <option value="">Scegli un utente</option>
              {users.map((u) => (
                <option key={u.username} value={u.username}>
                  {u.display_name} ({u.username})
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-md-3 mb-4">
          <div className="select-wrapper">
            <label htmlFor="ar-role">Ruolo</label>
            <select id="ar-role" value={role} onChange={(e) => setRole(e.target.value)} required>
              <option value="">Scegli un ruolo</option>
              {roles.data?.items.map((r) => (
                <option key={r.role} value={r.role}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-md-2 mb-4">
          <div className="select-wrapper">
            <label htmlFor="ar-kind">Valido per</label>
            <select id="ar-kind" value={kind} onChange={(e) => setKind(e.target.value)} disabled={kinds.length === 0} required>
              {kinds.length === 0 && <option value="">Scegli prima il ruolo</option>}
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {scopeKindLabels[k] ?? k}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-md-4 mb-4">
          {codeOptions ? (
            <div className="select-wrapper">
              <label htmlFor="ar-code">{scopeKindLabels[kind] ?? 'Territorio'}</label>
              <select id="ar-code" value={code} onChange={(e) => setCode(e.target.value)} required>
                <option value="">Scegli…</option>
                {codeOptions.map((o) => (
                  <option key={o.code} value={o.code}>
                    {o.name} ({o.code})
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <div className="form-group mb-0">
              <label htmlFor="ar-code" className="active">
                {kind === 'comune' ? 'Codice ISTAT del comune' : 'Codice del territorio'}
              </label>
              <input id="ar-code" type="text" className="form-control" value={code} onChange={(e) => setCode(e.target.value)} required />
            </div>
          )}
        </div>
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Assegnazione in corso…' : 'Assegna ruolo'}
      </button>
    </form>
  );
}

export function UsersPage() {
  const { user, loading } = useSession();
  const admin = isAdmin(user);
  const users = useApi(() => (admin ? api.users() : Promise.resolve(null)), [admin]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  if (loading) return <Loading />;
  if (!admin) return <ForbiddenPage what="la gestione di utenti e ruoli è riservata agli amministratori regionali." />;

  const list = users.data?.items ?? [];

  function replaceUser(u: User) {
    users.setData((prev) => {
      if (!prev) return prev;
      const found = prev.items.some((x) => x.username === u.username);
      return {
        ...prev,
        items: found ? prev.items.map((x) => (x.username === u.username ? u : x)) : [...prev.items, u],
        total: found ? prev.total : prev.total + 1,
      };
    });
  }

  async function toggleActive(u: User) {
    setNotice(null);
    try {
      const updated = await api.patchUser(u.username, { active: !u.active });
      replaceUser(updated);
      setNotice({ kind: 'success', text: `Utente «${u.username}» ${updated.active ? 'attivato' : 'disattivato'}.` });
    } catch (e) {
      setNotice({ kind: 'error', text: 'Operazione non riuscita.', error: e });
    }
  }

  async function removeRole(u: User, r: UserRole) {
    if (!window.confirm(`Revocare il ruolo «${roleText(r)}» a ${u.username}?`)) return;
    setNotice(null);
    try {
      await api.removeRole(u.username, r.id);
      replaceUser({ ...u, roles: u.roles.filter((x) => x.id !== r.id) });
      setNotice({ kind: 'success', text: `Ruolo «${roleText(r)}» revocato a «${u.username}».` });
    } catch (e) {
      setNotice({ kind: 'error', text: 'Impossibile revocare il ruolo.', error: e });
    }
  }

  return (
    <>
      <Breadcrumbs items={[{ label: 'Home', to: '/' }, { label: 'Amministrazione' }, { label: 'Utenti e ruoli' }]} />
      <PageTitle title="Utenti e ruoli" />
      <section aria-labelledby="sez-utenti" className="mb-5">
        <h2 id="sez-utenti" className="h4">
          Utenti
        </h2>
        <div ref={noticeRef} tabIndex={-1}>
          <NoticeBox notice={notice} />
        </div>
        {users.loading && <Loading />}
        {users.error !== null && <ErrorAlert error={users.error} />}
        {users.data && (
          <div className="table-responsive">
            <table className="table table-striped align-middle" id="tabella-utenti">
              <caption>Utenti registrati ({users.data.total})</caption>
              <thead>
                <tr>
                  <th scope="col">Nome utente</th>
                  <th scope="col">Nome e cognome</th>
                  <th scope="col">Stato</th>
                  <th scope="col">Ruoli</th>
                  <th scope="col">Azioni</th>
                </tr>
              </thead>
              <tbody>
                {list.map((u) => (
                  <tr key={u.username} data-username={u.username}>
                    <th scope="row">{u.username}</th>
                    <td>{u.display_name}</td>
                    <td>
                      {u.active ? (
                        <span className="badge bg-success">Attivo</span>
                      ) : (
                        <span className="badge bg-secondary">Disattivato</span>
                      )}
                    </td>
                    <td>
                      {u.roles.length === 0 ? (
                        <span className="text-muted">nessun ruolo</span>
                      ) : (
                        <ul className="list-unstyled mb-0">
                          {u.roles.map((r) => (
                            <li key={r.id} className="d-flex align-items-center gap-2 mb-1">
                              <span>{roleText(r)}</span>
                              <button
                                type="button"
                                className="btn btn-outline-danger btn-sm py-1 px-2"
                                onClick={() => removeRole(u, r)}
                                aria-label={`Revoca il ruolo ${roleText(r)} a ${u.username}`}
                              >
                                Revoca
                              </button>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-outline-primary btn-sm"
                        onClick={() => toggleActive(u)}
                        aria-label={`${u.active ? 'Disattiva' : 'Attiva'} l’utente ${u.username}`}
                        disabled={u.username === user?.username}
                      >
                        {u.active ? 'Disattiva' : 'Attiva'}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="mb-5">
        <CreateUserForm onCreated={replaceUser} />
      </section>
      <section className="mb-5">
        <AddRoleForm users={list} onChanged={replaceUser} />
      </section>
    </>
  );
}
