// Governance views: the plan's lifecycle and Accordo di Programma (tab «Iter e Accordo»), its compliance
// (tab «Conformità»), the calendar of deadlines (ambito or region) and the Region's table of all ambiti.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { apiRequest } from '../api/client';
import { formatDate, formatDateTime } from '../api/labels';
import { planLink } from '../api/plans';
import { ErrorAlert, Loading } from './Status';
import { useApi } from './useApi';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const enc = encodeURIComponent;

const ROLE: Record<string, string> = { sottoscrittore: 'Sottoscrittore', aderente: 'Aderente' };
const KIND: Record<string, string> = {
  comune: 'Comune', ats: 'ATS', asl: 'ASL', asp: 'ASP', asst: 'ASST', terzo_settore: 'Terzo Settore', sindacato: 'Sindacato', altro: 'Altro',
};

function NextStep({ plan, step, onDone }: { plan: number; step: Any; onDone(): void }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [act, setAct] = useState('');
  const [on, setOn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const base = `step-${step.to}`;
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { to: step.to };
      if (note.trim()) body.note = note.trim();
      if (act.trim()) body.act = act.trim();
      if (on) body.on = on;
      await apiRequest('POST', `/plans/${plan}/transitions`, body);
      setOpen(false);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!step.allowed) {
    return (
      <li className="mb-2">
        <button type="button" className="btn btn-outline-secondary" disabled aria-describedby={`${base}-reason`}>
          {step.label}
        </button>{' '}
        <span id={`${base}-reason`} className="small text-muted">
          {step.reason}
        </span>
      </li>
    );
  }
  return (
    <li className="mb-3">
      {!open ? (
        <button type="button" className="btn btn-primary" onClick={() => setOpen(true)}>
          {step.label}
        </button>
      ) : (
        <form
          className="border rounded p-3"
          aria-label={step.label}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <p className="fw-semibold">
            {step.label} – nuovo stato: {step.to_label}
          </p>
          <div className="row g-2">
            <div className="col-md-3">
              <label htmlFor={`${base}-on`} className="pdz-label d-block">
                Data
              </label>
              <input id={`${base}-on`} type="date" className="form-control" value={on} onChange={(e) => setOn(e.target.value)} />
            </div>
            <div className="col-md-4">
              <label htmlFor={`${base}-act`} className="pdz-label d-block">
                Atto{step.needs_act ? ' (obbligatorio)' : ''}
              </label>
              <input id={`${base}-act`} className="form-control" value={act} required={!!step.needs_act} onChange={(e) => setAct(e.target.value)} />
            </div>
            <div className="col-md-5">
              <label htmlFor={`${base}-note`} className="pdz-label d-block">
                Nota{step.needs_note ? ' (obbligatoria)' : ''}
              </label>
              <input id={`${base}-note`} className="form-control" value={note} required={!!step.needs_note} onChange={(e) => setNote(e.target.value)} />
            </div>
          </div>
          {error !== null && <ErrorAlert error={error} title="Passaggio non eseguito" />}
          <div className="d-flex gap-2 mt-3">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              Conferma<span className="visually-hidden">: {step.label}</span>
            </button>
            <button type="button" className="btn btn-outline-secondary" onClick={() => setOpen(false)}>
              Annulla
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

function SignatureForm({ plan, party, onDone }: { plan: number; party: Any; onDone(): void }) {
  const [on, setOn] = useState('');
  const [by, setBy] = useState('');
  const [error, setError] = useState<unknown>(null);
  const id = `firma-${party.id}`;
  return (
    <form
      className="d-flex flex-wrap gap-2 align-items-end"
      aria-label={`Registra firma di ${party.name}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          const body: Record<string, string> = { signed_on: on };
          if (by.trim()) body.signed_by = by.trim();
          await apiRequest('POST', `/plans/${plan}/adp/parties/${party.id}/signature`, body);
          onDone();
        } catch (err) {
          setError(err);
        }
      }}
    >
      <div>
        <label htmlFor={`${id}-on`} className="small d-block">
          Data firma<span className="visually-hidden"> di {party.name}</span>
        </label>
        <input id={`${id}-on`} type="date" required className="form-control form-control-sm" value={on} onChange={(e) => setOn(e.target.value)} />
      </div>
      <div>
        <label htmlFor={`${id}-by`} className="small d-block">
          Firmato da<span className="visually-hidden"> per {party.name}</span>
        </label>
        <input id={`${id}-by`} className="form-control form-control-sm" value={by} onChange={(e) => setBy(e.target.value)} />
      </div>
      <button type="submit" className="btn btn-sm btn-primary">
        Registra firma<span className="visually-hidden"> di {party.name}</span>
      </button>
      {error !== null && <ErrorAlert error={error} />}
    </form>
  );
}

function AdpForm({ plan, adp, onDone, onCancel }: { plan: number; adp: Any; onDone(): void; onCancel(): void }) {
  const [purposes, setPurposes] = useState<string>(adp.purposes ?? '');
  const [tools, setTools] = useState<string>(adp.third_sector_tools ?? '');
  const [monitoring, setMonitoring] = useState<string>(adp.monitoring ?? '');
  const [from, setFrom] = useState<string>(adp.duration?.from ?? '');
  const [to, setTo] = useState<string>(adp.duration?.to ?? '');
  const [error, setError] = useState<unknown>(null);
  const fields: [string, string, string, (s: string) => void][] = [
    ['purposes', 'Finalità', purposes, setPurposes],
    ['third_sector_tools', 'Strumenti di coinvolgimento del Terzo Settore', tools, setTools],
    ['monitoring', 'Monitoraggio', monitoring, setMonitoring],
  ];
  const bad = (f: string) =>
    error && (error as Any).details ? ((error as Any).details as Any[]).filter((d) => d.field === f || d.field?.startsWith(f + '.')) : [];
  return (
    <form
      id="adp-form"
      aria-label="Modifica dell'Accordo di Programma"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await apiRequest('PUT', `/plans/${plan}/adp`, {
            version: adp.version,
            purposes,
            third_sector_tools: tools,
            monitoring,
            duration: { from: from || null, to: to || null },
          });
          onDone();
        } catch (err) {
          setError(err);
        }
      }}
    >
      {fields.map(([k, label, value, set]) => (
        <div className="mb-3" key={k}>
          <label htmlFor={`adp-${k}`} className="pdz-label d-block">
            {label}
          </label>
          <textarea id={`adp-${k}`} className="form-control" rows={3} value={value} onChange={(e) => set(e.target.value)} aria-invalid={bad(k).length > 0} />
          {bad(k).map((d: Any, i: number) => (
            <div key={i} className="text-danger small">
              {d.reason}
            </div>
          ))}
        </div>
      ))}
      <div className="row g-2 mb-3">
        <div className="col-auto">
          <label htmlFor="adp-from" className="pdz-label d-block">
            Durata: dal
          </label>
          <input id="adp-from" type="date" className="form-control" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="col-auto">
          <label htmlFor="adp-to" className="pdz-label d-block">
            al
          </label>
          <input id="adp-to" type="date" className="form-control" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        {bad('duration').map((d: Any, i: number) => (
          <div key={i} className="text-danger small col-12">
            {d.reason}
          </div>
        ))}
      </div>
      {error !== null && <ErrorAlert error={error} title="Accordo non salvato" />}
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-primary">
          Salva l'Accordo
        </button>
        <button type="button" className="btn btn-outline-secondary" onClick={onCancel}>
          Annulla
        </button>
      </div>
    </form>
  );
}

function Adp({ plan, editableState, tick, onChanged }: { plan: number; editableState: boolean; tick: number; onChanged(): void }) {
  const api0 = useApi(() => apiRequest<Any>('GET', `/plans/${plan}/adp`), [plan, tick]);
  const adp = {
    ...api0,
    reload: () => {
      api0.reload();
      onChanged();
    },
  };
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const a = adp.data;
  const addRequired = async () => {
    setError(null);
    try {
      await apiRequest('POST', `/plans/${plan}/adp/parties`, { preset: 'required' });
      adp.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="adp-title" className="mt-5">
      <h2 id="adp-title" className="h4">
        Accordo di Programma
      </h2>
      {adp.loading && !a && <Loading />}
      {adp.error !== null && <ErrorAlert error={adp.error} />}
      {a && (
        <>
          <div className="d-flex flex-wrap gap-2 mb-3">
            <a className="btn btn-outline-primary" href={`/api/v1/plans/${plan}/adp/export?format=pdf`} download>
              Scarica l'Accordo (PDF)
            </a>
            <a className="btn btn-outline-primary" href={`/api/v1/plans/${plan}/adp/export?format=docx`} download>
              Scarica l'Accordo (DOCX)
            </a>
            {a.can_edit && editableState && a.editable !== false && !editing && (
              <button type="button" className="btn btn-primary" onClick={() => setEditing(true)}>
                Modifica l'Accordo
              </button>
            )}
          </div>
          {editing ? (
            <AdpForm
              plan={plan}
              adp={a}
              onCancel={() => setEditing(false)}
              onDone={() => {
                setEditing(false);
                adp.reload();
              }}
            />
          ) : (
            <dl className="row pdz-dl" id="adp-elements">
              <div className="col-md-6">
                <dt>Finalità</dt>
                <dd>{a.purposes || <span className="text-muted">non indicate</span>}</dd>
              </div>
              <div className="col-md-6">
                <dt>Ente capofila</dt>
                <dd>{a.capofila?.name ? `${a.capofila.name}${a.capofila.type_label ? ` (${a.capofila.type_label})` : ''}` : <span className="text-muted">non indicato</span>}</dd>
              </div>
              <div className="col-md-6">
                <dt>Ufficio di Piano</dt>
                <dd>
                  {[a.ufficio_di_piano?.host_body, a.ufficio_di_piano?.description].filter(Boolean).join(' – ') || (
                    <span className="text-muted">non indicato</span>
                  )}
                </dd>
              </div>
              <div className="col-md-6">
                <dt>Strumenti per il Terzo Settore</dt>
                <dd>{a.third_sector_tools || <span className="text-muted">non indicati</span>}</dd>
              </div>
              <div className="col-md-6">
                <dt>Monitoraggio</dt>
                <dd>{a.monitoring || <span className="text-muted">non indicato</span>}</dd>
              </div>
              <div className="col-md-6">
                <dt>Durata</dt>
                <dd>{a.duration?.from ? `dal ${formatDate(a.duration.from)} al ${formatDate(a.duration.to)}` : <span className="text-muted">non indicata</span>}</dd>
              </div>
              <div className="col-md-6">
                <dt>Approvato dall'Assemblea il</dt>
                <dd data-field="adp-approved">{a.approved_by_assemblea_on ? formatDate(a.approved_by_assemblea_on) : '–'}</dd>
              </div>
              <div className="col-md-6">
                <dt>Sottoscritto il</dt>
                <dd data-field="adp-signed">{a.signed_on ? formatDate(a.signed_on) : '–'}</dd>
              </div>
            </dl>
          )}
          {(a.missing_signatures ?? []).length > 0 && (
            <div className="alert alert-warning" role="note" id="adp-missing">
              Firme mancanti: {(a.missing_signatures as Any[]).map((m) => (typeof m === 'string' ? m : m.name)).join(', ')}.
            </div>
          )}
          {a.can_edit && a.editable !== false && (
            <p>
              <button type="button" className="btn btn-outline-primary" onClick={addRequired}>
                Aggiungi i sottoscrittori richiesti
              </button>
            </p>
          )}
          {error !== null && <ErrorAlert error={error} />}
          <div className="table-responsive">
            <table className="table table-sm" id="adp-parties">
              <caption>Soggetti dell'Accordo ({(a.parties ?? []).length})</caption>
              <thead>
                <tr>
                  <th scope="col">Soggetto</th>
                  <th scope="col">Ruolo</th>
                  <th scope="col">Tipo</th>
                  <th scope="col">Impegni</th>
                  <th scope="col">Firmato il</th>
                </tr>
              </thead>
              <tbody>
                {(a.parties as Any[]).map((p) => (
                  <tr key={p.id} data-party={p.id}>
                    <th scope="row">{p.name}</th>
                    <td>{ROLE[p.role] ?? p.role}</td>
                    <td>{KIND[p.kind] ?? p.kind}</td>
                    <td>{p.commitments || '–'}</td>
                    <td>
                      {p.signed_on ? (
                        <>
                          {formatDate(p.signed_on)}
                          {p.signed_by && <span className="d-block small text-muted">{p.signed_by}</span>}
                        </>
                      ) : a.can_edit ? (
                        <SignatureForm plan={plan} party={p} onDone={() => adp.reload()} />
                      ) : (
                        <span className="text-muted">non firmato</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** The tab «Iter e Accordo»: state, history, next steps, transmission package and the AdP. */
export function PlanLifecycle({ plan, onChanged }: { plan: number; onChanged?(): void }) {
  const [tick, setTick] = useState(0);
  const lc = useApi(() => apiRequest<Any>('GET', `/plans/${plan}/lifecycle`), [plan, tick]);
  const l = lc.data;
  const done = () => {
    setTick((t) => t + 1);
    onChanged?.();
  };
  return (
    <>
      <h2 className="h4">Iter del piano</h2>
      {lc.loading && !l && <Loading />}
      {lc.error !== null && <ErrorAlert error={lc.error} />}
      {l && (
        <>
          <p>
            Stato attuale:{' '}
            <span className="badge bg-primary" data-field="lifecycle-state" data-state={l.state}>
              {l.state_label}
            </span>
          </p>
          {(l.next ?? []).length > 0 && (
            <section aria-labelledby="next-title">
              <h3 id="next-title" className="h5">
                Prossimi passaggi
              </h3>
              <ul className="list-unstyled" id="next-steps">
                {(l.next as Any[]).map((s) => (
                  <NextStep key={s.to} plan={plan} step={s} onDone={done} />
                ))}
              </ul>
            </section>
          )}
          {l.package && (
            <p>
              <a className="btn btn-outline-primary" id="package-link" href={`/api/v1/plans/${plan}/package`} download={l.package.filename}>
                Scarica il pacchetto di trasmissione ({l.package.filename})
              </a>
            </p>
          )}
          <div className="table-responsive">
            <table className="table table-sm" id="lifecycle-history">
              <caption>Passaggi di stato del piano ({(l.history ?? []).length})</caption>
              <thead>
                <tr>
                  <th scope="col">Da</th>
                  <th scope="col">A</th>
                  <th scope="col">Chi</th>
                  <th scope="col">Quando</th>
                  <th scope="col">Nota</th>
                  <th scope="col">Atto</th>
                </tr>
              </thead>
              <tbody>
                {(l.history as Any[]).length === 0 && (
                  <tr>
                    <td colSpan={6}>Nessun passaggio di stato.</td>
                  </tr>
                )}
                {(l.history as Any[]).map((h, i) => (
                  <tr key={i}>
                    <td>{h.from_label}</td>
                    <td>{h.to_label}</td>
                    <td>{h.actor}</td>
                    <td>
                      {h.on ? formatDate(h.on) : formatDateTime(h.at)}
                      {h.on && <span className="d-block small text-muted">registrato {formatDateTime(h.at)}</span>}
                    </td>
                    <td>{h.note || '–'}</td>
                    <td>{h.act || '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Adp plan={plan} editableState={!!l.adp_editable} tick={tick} onChanged={lc.reload} />
        </>
      )}
    </>
  );
}

const STATUS: Record<string, [string, string]> = {
  pass: ['bg-success', 'Conforme'],
  fail: ['bg-danger', 'Non conforme'],
  warning: ['bg-warning text-dark', 'Da verificare'],
};

/** The tab «Conformità». */
export function PlanCompliance({ plan }: { plan: number }) {
  const c = useApi(() => apiRequest<Any>('GET', `/plans/${plan}/compliance`), [plan]);
  const d = c.data;
  return (
    <>
      <h2 className="h4">Conformità alle norme</h2>
      {c.loading && !d && <Loading />}
      {c.error !== null && <ErrorAlert error={c.error} />}
      {d && (
        <>
          <p id="compliance-summary">
            <span className="badge bg-success me-2">{d.summary.pass} conformi</span>
            <span className="badge bg-danger me-2">{d.summary.fail} non conformi</span>
            <span className="badge bg-warning text-dark">{d.summary.warning} da verificare</span>
          </p>
          <div className="table-responsive">
            <table className="table table-sm" id="compliance-items">
              <caption>Requisiti verificati ({(d.items ?? []).length})</caption>
              <thead>
                <tr>
                  <th scope="col">Requisito</th>
                  <th scope="col">Esito</th>
                  <th scope="col">Motivo</th>
                  <th scope="col">Norma</th>
                </tr>
              </thead>
              <tbody>
                {(d.items as Any[]).map((i) => (
                  <tr key={i.code} data-code={i.code}>
                    <th scope="row">{i.title}</th>
                    <td>
                      <span className={`badge ${(STATUS[i.status] ?? ['bg-secondary'])[0]}`}>{(STATUS[i.status] ?? ['', i.status])[1]}</span>
                    </td>
                    <td>{i.reason}</td>
                    <td>{i.act}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

const CAL_CLASS: Record<string, string> = {
  overdue: 'bg-danger',
  done_late: 'bg-warning text-dark',
  done_on_time: 'bg-success',
};

/** The calendar of deadlines of an ambito or of a region. */
export function Calendar({ scope, code, showAmbito }: { scope: 'ambiti' | 'regions'; code: string; showAmbito?: boolean }) {
  const c = useApi(() => apiRequest<Any>('GET', `/${scope}/${enc(code)}/calendar`), [scope, code]);
  const d = c.data;
  return (
    <section aria-labelledby="calendar-title" className="mt-4">
      <h2 id="calendar-title" className="h4">
        Scadenze
      </h2>
      {c.loading && !d && <Loading />}
      {c.error !== null && <ErrorAlert error={c.error} />}
      {d && (
        <>
          <p id="calendar-summary">
            {d.summary.due} scadenze: {d.summary.done_on_time} rispettate, {d.summary.done_late} in ritardo, {d.summary.overdue} scadute,{' '}
            {d.summary.pending} da compiere, {d.summary.not_set} senza data.
          </p>
          <div className="table-responsive">
            <table className="table table-sm" id="calendar">
              <caption>Scadenze ({(d.items ?? []).length})</caption>
              <thead>
                <tr>
                  {showAmbito && <th scope="col">Ambito</th>}
                  <th scope="col">Piano</th>
                  <th scope="col">Adempimento</th>
                  <th scope="col">Scadenza</th>
                  <th scope="col">Compiuto il</th>
                  <th scope="col">Stato</th>
                  <th scope="col">Spiegazione</th>
                </tr>
              </thead>
              <tbody>
                {(d.items as Any[]).length === 0 && (
                  <tr>
                    <td colSpan={showAmbito ? 7 : 6}>Nessuna scadenza.</td>
                  </tr>
                )}
                {(d.items as Any[]).map((i, k) => (
                  <tr key={k}>
                    {showAmbito && <td>{i.ambito_name ?? i.ambito}</td>}
                    <td>
                      <Link to={planLink(i.plan_id)}>{i.plan_title}</Link>
                    </td>
                    <th scope="row">
                      {i.title}
                      {i.act && <span className="d-block small text-muted">{i.act}</span>}
                    </th>
                    <td>{i.due ? formatDate(i.due) : '–'}</td>
                    <td>{i.done ? formatDate(i.done) : '–'}</td>
                    <td>
                      <span className={`badge ${CAL_CLASS[i.status] ?? 'bg-secondary'}`}>{i.status_label}</span>
                      {typeof i.days === 'number' && i.days !== 0 && <span className="d-block small">{Math.abs(i.days)} giorni</span>}
                    </td>
                    <td>{i.explanation}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** The Region's table: every ambito with its current plan, state, AdP, transmission, compliance and overdue deadlines. */
export function RegionGovernance({ code }: { code: string }) {
  const g = useApi(() => apiRequest<Any>('GET', `/regions/${enc(code)}/governance`), [code]);
  const d = g.data;
  return (
    <section aria-labelledby="governance-title" className="mt-4">
      <h2 id="governance-title" className="h4">
        Stato dei Piani di Zona negli ambiti
      </h2>
      {g.loading && !d && <Loading />}
      {g.error !== null && <ErrorAlert error={g.error} />}
      {d && (
        <div className="table-responsive">
          <table className="table table-sm" id="region-governance">
            <caption>Ambiti della regione e stato del loro piano ({(d.items ?? []).length})</caption>
            <thead>
              <tr>
                <th scope="col">Ambito</th>
                <th scope="col">Piano</th>
                <th scope="col">Stato</th>
                <th scope="col">AdP firmato il</th>
                <th scope="col">Trasmesso il</th>
                <th scope="col">Conformità</th>
                <th scope="col" className="text-end">
                  Scadenze scadute
                </th>
              </tr>
            </thead>
            <tbody>
              {(d.items as Any[]).map((i) => (
                <tr key={i.ambito.code} data-ambito={i.ambito.code}>
                  <th scope="row">
                    <Link to={`/territorio/ambiti/${enc(i.ambito.code)}`}>{i.ambito.name}</Link>
                  </th>
                  <td>{i.plan ? <Link to={planLink(i.plan.id)}>{i.plan.title}</Link> : <span className="text-muted">nessun piano</span>}</td>
                  <td>{i.state_label ?? '–'}</td>
                  <td>{i.adp_signed_on ? formatDate(i.adp_signed_on) : '–'}</td>
                  <td>{i.transmitted_on ? formatDate(i.transmitted_on) : '–'}</td>
                  <td>
                    {i.compliance ? (
                      <>
                        <span className="badge bg-success me-1">{i.compliance.pass} conformi</span>
                        <span className="badge bg-danger me-1">{i.compliance.fail} non conformi</span>
                        <span className="badge bg-warning text-dark">{i.compliance.warning} da verificare</span>
                      </>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td className="text-end">{i.overdue ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The ambito's bodies (Assemblea, Ufficio di Piano, Cabina di regia, tavoli) with members, and its meetings. */
export function AmbitoBodies({ code }: { code: string }) {
  const bodies = useApi(() => apiRequest<Any>('GET', `/ambiti/${enc(code)}/bodies`), [code]);
  const meetings = useApi(() => apiRequest<Any>('GET', `/ambiti/${enc(code)}/meetings`), [code]);
  const [error, setError] = useState<unknown>(null);
  const approve = async (id: number) => {
    setError(null);
    try {
      await apiRequest('POST', `/meetings/${id}/approve`, {});
      meetings.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="bodies-title" className="mt-4">
      <h2 id="bodies-title" className="h4">
        Organi di governo
      </h2>
      {bodies.loading && !bodies.data && <Loading />}
      {bodies.error !== null && <ErrorAlert error={bodies.error} />}
      {bodies.data &&
        (bodies.data.items as Any[]).map((b) => (
          <details key={b.id} className="mb-2" data-body={b.kind}>
            <summary>
              {b.name}
              {b.kind_label && b.kind_label !== b.name && <span className="text-muted"> ({b.kind_label})</span>} – {(b.members ?? []).length} componenti
            </summary>
            {b.coordinator && <p className="mb-1">Coordinatore: {b.coordinator}</p>}
            {b.act && <p className="mb-1 small text-muted">{b.act}</p>}
            <ul>
              {(b.members as Any[]).map((m) => (
                <li key={m.id}>
                  {m.name}
                  {m.role && <> – {m.role}</>}
                  {m.organisation && <span className="text-muted"> ({m.organisation})</span>}
                </li>
              ))}
            </ul>
          </details>
        ))}
      <h3 className="h5 mt-3">Sedute</h3>
      {meetings.loading && !meetings.data && <Loading />}
      {meetings.error !== null && <ErrorAlert error={meetings.error} />}
      {error !== null && <ErrorAlert error={error} />}
      {meetings.data && (
        <div className="table-responsive">
          <table className="table table-sm" id="meetings">
            <caption>Sedute degli organi dell'ambito ({(meetings.data.items ?? []).length})</caption>
            <thead>
              <tr>
                <th scope="col">Data</th>
                <th scope="col">Organo</th>
                <th scope="col">Titolo</th>
                <th scope="col">Verbale</th>
              </tr>
            </thead>
            <tbody>
              {(meetings.data.items as Any[]).length === 0 && (
                <tr>
                  <td colSpan={4}>Nessuna seduta registrata.</td>
                </tr>
              )}
              {(meetings.data.items as Any[]).map((m) => (
                <tr key={m.id}>
                  <td>{formatDate(m.held_on)}</td>
                  <td>{m.body?.name}</td>
                  <th scope="row">{m.title || '–'}</th>
                  <td>
                    {m.approved ? (
                      <>approvato{m.approved_at && <> il {formatDateTime(m.approved_at)}</>}</>
                    ) : m.can_edit ? (
                      <button type="button" className="btn btn-sm btn-outline-primary" onClick={() => approve(m.id)}>
                        Approva il verbale<span className="visually-hidden"> della seduta del {formatDate(m.held_on)}</span>
                      </button>
                    ) : (
                      <span className="text-muted">da approvare</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
