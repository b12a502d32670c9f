// The "Piani di Zona" section of an ambito: its plans (drafts only for those with a role on it) and,
// for those who may edit the ambito, "Nuovo piano" (a copy of an earlier plan with a new period, or an empty plan).
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { formatDate, formatDateTime } from '../api/labels';
import { planLink, planStatusClass, planStatusLabel } from '../api/plans';
import { ErrorAlert, Loading } from './Status';
import { useApi } from './useApi';

type Mode = 'copy' | 'empty';

export function AmbitoPlans({ code, mayEdit }: { code: string; mayEdit: boolean }) {
  const plans = useApi(() => api.plans(code), [code]);
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<Mode>('copy');
  const [source, setSource] = useState('');
  const [title, setTitle] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const items = plans.data?.items ?? [];

  useEffect(() => {
    if (open) firstRef.current?.focus();
  }, [open]);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);
  useEffect(() => {
    if (items.length > 0 && !source) setSource(String(items[0].id));
    if (plans.data && items.length === 0) setMode('empty');
  }, [plans.data]); // eslint-disable-line react-hooks/exhaustive-deps

  const fieldError = (f: string) => {
    const e = error as { details?: { field?: string }[] } | null;
    return !!e?.details?.some((d) => d.field === f || d.field === `plan.${f}`);
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const period = { from, to };
      const created =
        mode === 'copy'
          ? await api.createPlan(code, { copy_from: Number(source), period, ...(title.trim() ? { title: title.trim() } : {}) })
          : await api.createPlan(code, {
              plan: { format: 'pdz-plan/1', ambito: code, title: title.trim(), period, sections: [], objectives: [] },
            });
      navigate(planLink(created.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const inv = (f: string) => (fieldError(f) ? { 'aria-invalid': true as const, className: 'form-control is-invalid' } : { className: 'form-control' });

  return (
    <section aria-labelledby="sez-piani" className="mt-4">
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2">
        <h2 id="sez-piani" className="h4 mb-0">
          Piani di Zona
        </h2>
        {mayEdit && !open && (
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => setOpen(true)} aria-expanded={false}>
            Nuovo piano
          </button>
        )}
      </div>
      {plans.loading && <Loading />}
      {plans.error !== null && <ErrorAlert error={plans.error} />}
      {open && (
        <form className="pdz-spec-card mt-3" onSubmit={submit} noValidate aria-labelledby="nuovo-piano-title">
          <h3 id="nuovo-piano-title" className="h5">
            Nuovo piano
          </h3>
          <div ref={errorRef} tabIndex={-1}>
            {error !== null && <ErrorAlert error={error} title="Il piano non è stato creato." />}
          </div>
          <fieldset className="mb-3">
            <legend className="pdz-label">Come vuoi iniziare?</legend>
            <div className="form-check">
              <input
                className="form-check-input"
                type="radio"
                name="plan-mode"
                id="plan-mode-copy"
                checked={mode === 'copy'}
                disabled={items.length === 0}
                onChange={() => setMode('copy')}
              />
              <label className="form-check-label" htmlFor="plan-mode-copy">
                Copia di un piano esistente, con un nuovo periodo (consigliato)
              </label>
            </div>
            <div className="form-check">
              <input className="form-check-input" type="radio" name="plan-mode" id="plan-mode-empty" checked={mode === 'empty'} onChange={() => setMode('empty')} />
              <label className="form-check-label" htmlFor="plan-mode-empty">
                Piano vuoto
              </label>
            </div>
          </fieldset>
          <div className="row g-3">
            {mode === 'copy' && (
              <div className="col-md-6">
                <label htmlFor="plan-source" className="pdz-label">
                  Piano da copiare
                </label>
                <select id="plan-source" className="form-select" value={source} onChange={(e) => setSource(e.target.value)}>
                  {items.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.title} ({planStatusLabel(p.status)})
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="col-md-6">
              <label htmlFor="plan-new-title" className="pdz-label">
                Titolo{mode === 'copy' ? ' (facoltativo)' : ''}
              </label>
              <input
                id="plan-new-title"
                type="text"
                {...inv('title')}
                value={title}
                aria-describedby={mode === 'copy' ? 'plan-new-title-help' : undefined}
                onChange={(e) => setTitle(e.target.value)}
              />
              {mode === 'copy' && (
                <small id="plan-new-title-help" className="form-text">
                  Se lo lasci vuoto, il titolo segue il nuovo periodo (ad es. «Piano di Zona 2018-2020»).
                </small>
              )}
            </div>
            <div className="col-md-3">
              <label htmlFor="plan-new-from" className="pdz-label">
                Periodo: dal
              </label>
              <input id="plan-new-from" ref={firstRef} type="date" {...inv('period.from')} value={from} onChange={(e) => setFrom(e.target.value)} />
            </div>
            <div className="col-md-3">
              <label htmlFor="plan-new-to" className="pdz-label">
                Periodo: al
              </label>
              <input id="plan-new-to" type="date" {...inv('period.to')} value={to} onChange={(e) => setTo(e.target.value)} />
            </div>
          </div>
          <div className="d-flex gap-2 mt-3">
            <button type="submit" className="btn btn-primary btn-sm" disabled={busy}>
              {busy ? 'Creazione in corso…' : 'Crea il piano'}
            </button>
            <button
              type="button"
              className="btn btn-outline-primary btn-sm"
              disabled={busy}
              onClick={() => {
                setOpen(false);
                setError(null);
              }}
            >
              Annulla
            </button>
          </div>
        </form>
      )}
      {plans.data && (
        <div className="table-responsive mt-3">
          <table className="table" id="piani-ambito">
            <caption>{items.length === 0 ? 'Nessun piano pubblicato per questo ambito.' : `Piani dell’ambito (${items.length}), dal più recente`}</caption>
            <thead>
              <tr>
                <th scope="col">Piano</th>
                <th scope="col">Periodo</th>
                <th scope="col">Stato</th>
                <th scope="col">Ultimo aggiornamento</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={planLink(p.id)}>{p.title}</Link>
                  </th>
                  <td>
                    {formatDate(p.period.from)} – {formatDate(p.period.to)}
                  </td>
                  <td>
                    <span className={`badge ${planStatusClass(p.status)}`}>{planStatusLabel(p.status)}</span>
                  </td>
                  <td>
                    {formatDateTime(p.updated_at)}
                    {p.revisions ? <span className="small text-muted"> ({p.revisions === 1 ? '1 revisione' : `${p.revisions} revisioni`})</span> : null}
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
