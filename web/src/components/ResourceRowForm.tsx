// Form of one row of the resource frame: a new row, or the correction of a row (with the mandatory reason).
// Amounts are typed in euro (Italian style) and sent in cents; the server's 422 details appear under their fields.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { detailsByField, managementLabels, moneyApi, resourceFieldLabel, type ResourceFrame, type ResourceRow, type ResourceRowInput } from '../api/finance';
import { formatEuroInput, parseEuro } from '../api/money';
import { describeError, ErrorAlert } from './Status';

interface Model {
  fund: string;
  fund_type: string;
  year: string;
  area: string;
  objective: string;
  management: string;
  comune: string;
  programmed: string;
  committed: string;
  committed_on: string;
  paid: string;
  paid_on: string;
  justification: string;
  note: string;
  reason: string;
}

function toModel(r: ResourceRow | null, frame: ResourceFrame): Model {
  const year = Number(frame.period.from.slice(0, 4));
  return {
    fund: r?.fund ?? '',
    fund_type: r?.fund_type ?? '',
    year: String(r?.year ?? year),
    area: r?.area ?? '',
    objective: r?.objective ?? '',
    management: r?.management ?? 'associata',
    comune: r?.comune ?? '',
    programmed: r ? formatEuroInput(r.programmed_cents) : '',
    committed: r ? formatEuroInput(r.committed_cents) : '0',
    committed_on: r?.committed_on ?? '',
    paid: r ? formatEuroInput(r.paid_cents) : '0',
    paid_on: r?.paid_on ?? '',
    justification: r?.justification ?? '',
    note: r?.note ?? '',
    reason: '',
  };
}

type Errors = Record<string, string[]>;

/** Model -> API body; amount errors are reported under the API field names. */
function toInput(m: Model): { input: ResourceRowInput; errors: Errors } {
  const errors: Errors = {};
  const money = (field: string, s: string) => {
    const p = parseEuro(s.trim() === '' ? '0' : s);
    if (!p.ok) {
      errors[field] = [`importo non valido: ${p.reason}`];
      return 0;
    }
    return p.cents;
  };
  const input: ResourceRowInput = {
    fund: m.fund,
    fund_type: (m.fund_type || undefined) as ResourceRowInput['fund_type'],
    year: Number(m.year),
    area: m.area,
    objective: m.objective,
    management: m.management as ResourceRowInput['management'],
    comune: m.management === 'singola' ? m.comune : '',
    programmed_cents: money('programmed_cents', m.programmed),
    committed_cents: money('committed_cents', m.committed),
    committed_on: m.committed_on || null,
    paid_cents: money('paid_cents', m.paid),
    paid_on: m.paid_on || null,
    justification: m.justification,
    note: m.note,
  };
  if (!/^\d{4}$/.test(m.year)) errors.year = ['indicare l’anno con quattro cifre'];
  return { input, errors };
}

function Field({ id, label, errors, hint, children }: { id: string; label: string; errors?: string[]; hint?: string; children: ReactNode }) {
  return (
    <div className="col-12 col-md-6 col-lg-4 pdz-field mb-3">
      <label htmlFor={id} className="pdz-label d-block">
        {label}
      </label>
      {children}
      {hint && (
        <small id={`${id}-hint`} className="form-text d-block">
          {hint}
        </small>
      )}
      {errors && errors.length > 0 && (
        <div id={`${id}-error`} className="invalid-feedback d-block" data-error-for={id}>
          {errors.join('; ')}
        </div>
      )}
    </div>
  );
}

export function ResourceRowForm({
  frame,
  row,
  onDone,
  onCancel,
  onConflict,
}: {
  frame: ResourceFrame;
  /** The row to correct; null for a new row. */
  row: ResourceRow | null;
  onDone(saved: ResourceRow): void;
  onCancel(): void;
  /** The row changed meanwhile (409): the caller reloads the frame. */
  onConflict(message: string): void;
}) {
  const [m, setM] = useState<Model>(() => toModel(row, frame));
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const failRef = useRef<HTMLDivElement>(null);
  const prefix = row ? `rf-edit-${row.id}` : 'rf-new';
  const c = frame.catalogue;

  useEffect(() => {
    if (failure !== null || Object.keys(errors).length > 0) failRef.current?.focus();
  }, [failure, errors]);

  const set = (k: keyof Model) => (e: { target: { value: string } }) => setM((p) => ({ ...p, [k]: e.target.value }));
  const err = (...fields: string[]) => fields.flatMap((f) => errors[f] ?? []);
  const aria = (id: string, fields: string[], hint = false) => {
    const bad = err(...fields).length > 0;
    const by = [hint ? `${id}-hint` : '', bad ? `${id}-error` : ''].filter(Boolean).join(' ');
    return { id, 'aria-invalid': bad || undefined, 'aria-describedby': by || undefined };
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const { input, errors: local } = toInput(m);
    if (row && m.reason.trim() === '') local.reason = ['indicare il motivo della correzione'];
    setFailure(null);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const saved = row
        ? await moneyApi.correctRow(frame.plan_id, row.id, { ...input, version: row.version, reason: m.reason.trim() })
        : await moneyApi.addRow(frame.plan_id, input);
      onDone(saved);
    } catch (ex) {
      const a = describeError(ex);
      if (a instanceof ApiError && a.status === 409) {
        onConflict(a.message);
        return;
      }
      setErrors(a.status === 422 ? detailsByField(a.details) : {});
      setFailure(ex);
    } finally {
      setBusy(false);
    }
  }

  const title = row ? `Correggi la riga ${row.id}` : 'Aggiungi una riga al quadro';
  const listed = Object.entries(errors).filter(([, v]) => v.length > 0);
  return (
    <form onSubmit={submit} noValidate className="pdz-save-box p-3 mb-4" aria-labelledby={`${prefix}-title`} id={`${prefix}-form`}>
      <h3 id={`${prefix}-title`} className="h5">
        {title}
      </h3>
      <div tabIndex={-1} ref={failRef} aria-live="assertive">
        {failure !== null ? (
          <ErrorAlert error={failure} title="Riga non salvata" fieldLabel={resourceFieldLabel} />
        ) : (
          listed.length > 0 && (
            <div className="alert alert-danger" role="alert">
              <p className="mb-0">Correggi i campi segnalati: nulla è stato salvato.</p>
            </div>
          )
        )}
      </div>
      {row && (
        <div className="row">
          <div className="col-12 pdz-field mb-3">
            <label htmlFor={`${prefix}-reason`} className="pdz-label d-block">
              Motivo della correzione (obbligatorio)
            </label>
            <input type="text" className="form-control" required value={m.reason} onChange={set('reason')} {...aria(`${prefix}-reason`, ['reason'])} />
            {err('reason').length > 0 && (
              <div id={`${prefix}-reason-error`} className="invalid-feedback d-block">
                {err('reason').join('; ')}
              </div>
            )}
          </div>
        </div>
      )}
      <div className="row">
        <Field id={`${prefix}-fund`} label="Fondo" errors={err('fund')}>
          <select className="form-select" value={m.fund} onChange={set('fund')} {...aria(`${prefix}-fund`, ['fund'])}>
            <option value="">— scegli —</option>
            {c.funds.map((f) => (
              <option key={f.code} value={f.code}>
                {f.title} ({f.code})
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${prefix}-fund_type`} label="Tipologia" errors={err('fund_type')}>
          <select className="form-select" value={m.fund_type} onChange={set('fund_type')} {...aria(`${prefix}-fund_type`, ['fund_type'])}>
            <option value="">— scegli —</option>
            {c.fund_types.map((f) => (
              <option key={f.code} value={f.code}>
                {f.title}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${prefix}-year`} label="Anno" errors={err('year')}>
          <input type="text" inputMode="numeric" className="form-control" value={m.year} onChange={set('year')} {...aria(`${prefix}-year`, ['year'])} />
        </Field>
        <Field id={`${prefix}-area`} label="Area" errors={err('area')}>
          <select className="form-select" value={m.area} onChange={set('area')} {...aria(`${prefix}-area`, ['area'])}>
            <option value="">— scegli —</option>
            {c.areas.map((a) => (
              <option key={a.code} value={a.code}>
                {a.title}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${prefix}-objective`} label="Obiettivo specifico (facoltativo)" errors={err('objective')}>
          <select className="form-select" value={m.objective} onChange={set('objective')} {...aria(`${prefix}-objective`, ['objective'])}>
            <option value="">— nessuno —</option>
            {c.objectives.map((o) => (
              <option key={o.id} value={o.id}>
                {o.id}: {o.title.length > 90 ? `${o.title.slice(0, 90)}…` : o.title}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${prefix}-management`} label="Gestione" errors={err('management')}>
          <select className="form-select" value={m.management} onChange={set('management')} {...aria(`${prefix}-management`, ['management'])}>
            {Object.entries(managementLabels).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </Field>
        {m.management === 'singola' && (
          <Field id={`${prefix}-comune`} label="Comune" errors={err('comune')}>
            <select className="form-select" value={m.comune} onChange={set('comune')} {...aria(`${prefix}-comune`, ['comune'])}>
              <option value="">— scegli —</option>
              {c.comuni.map((x) => (
                <option key={x.code} value={x.code}>
                  {x.name}
                </option>
              ))}
            </select>
          </Field>
        )}
      </div>
      <div className="row">
        <Field id={`${prefix}-programmed`} label="Programmato (€)" errors={err('programmed_cents')} hint="Per esempio 12.500,00">
          <input type="text" inputMode="decimal" className="form-control" value={m.programmed} onChange={set('programmed')} {...aria(`${prefix}-programmed`, ['programmed_cents'], true)} />
        </Field>
        <Field id={`${prefix}-committed`} label="Impegnato (€)" errors={err('committed_cents')}>
          <input type="text" inputMode="decimal" className="form-control" value={m.committed} onChange={set('committed')} {...aria(`${prefix}-committed`, ['committed_cents'])} />
        </Field>
        <Field id={`${prefix}-committed_on`} label="Impegnato alla data" errors={err('committed_on')}>
          <input type="date" className="form-control" value={m.committed_on} onChange={set('committed_on')} {...aria(`${prefix}-committed_on`, ['committed_on'])} />
        </Field>
        <Field id={`${prefix}-paid`} label="Liquidato (€)" errors={err('paid_cents')}>
          <input type="text" inputMode="decimal" className="form-control" value={m.paid} onChange={set('paid')} {...aria(`${prefix}-paid`, ['paid_cents'])} />
        </Field>
        <Field id={`${prefix}-paid_on`} label="Liquidato alla data" errors={err('paid_on')}>
          <input type="date" className="form-control" value={m.paid_on} onChange={set('paid_on')} {...aria(`${prefix}-paid_on`, ['paid_on'])} />
        </Field>
      </div>
      <div className="row">
        <Field id={`${prefix}-justification`} label="Motivazione (se l’impegnato supera il programmato)" errors={err('justification')}>
          <input type="text" className="form-control" value={m.justification} onChange={set('justification')} {...aria(`${prefix}-justification`, ['justification'])} />
        </Field>
        <Field id={`${prefix}-note`} label="Note" errors={err('note')}>
          <input type="text" className="form-control" value={m.note} onChange={set('note')} {...aria(`${prefix}-note`, ['note'])} />
        </Field>
      </div>
      {err('', 'version', 'id').length > 0 && (
        <div className="alert alert-danger" role="alert">
          {err('', 'version', 'id').join('; ')}
        </div>
      )}
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {row ? 'Salva la correzione' : 'Aggiungi la riga'}
        </button>
        <button type="button" className="btn btn-outline-secondary" onClick={onCancel} disabled={busy}>
          Annulla
        </button>
      </div>
    </form>
  );
}
