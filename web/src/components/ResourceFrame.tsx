// Quadro delle risorse of a plan: rows with programmato/impegnato/liquidato, totals and checks, charts by fund
// and area, totals by year and management; for the Ufficio di Piano: add, correct, remove rows, import a file.
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { formatBp, managementLabels, moneyApi, resourceFieldLabel, type ResourceFrame as Frame, type ResourceRow } from '../api/finance';
import { formatDate } from '../api/labels';
import { formatEuro } from '../api/money';
import { ResourceHistory } from './ResourceHistory';
import { ResourceImport } from './ResourceImport';
import { ResourceRowForm } from './ResourceRowForm';
import { StageChart, TotalsTable } from './StageChart';
import { describeError, ErrorAlert, Loading } from './Status';
import { useApi } from './useApi';

type Mode = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; row: ResourceRow } | { kind: 'remove'; row: ResourceRow };

function RowsTable({ frame, onEdit, onRemove }: { frame: Frame; onEdit(r: ResourceRow): void; onRemove(r: ResourceRow): void }) {
  const t = frame.summary.total;
  const warned = new Set(frame.summary.checks.map((c) => c.row_id));
  return (
    <div className="table-responsive" tabIndex={0} role="region" aria-label="Righe del quadro delle risorse">
      <table className="table table-sm pdz-resources" id="rf-rows">
        <caption>Righe del quadro delle risorse ({frame.rows.length})</caption>
        <thead>
          <tr>
            <th scope="col">Riga</th>
            <th scope="col">Fondo</th>
            <th scope="col">Tipologia</th>
            <th scope="col">Anno</th>
            <th scope="col">Area</th>
            <th scope="col">Obiettivo</th>
            <th scope="col">Gestione</th>
            <th scope="col" className="text-end">Programmato</th>
            <th scope="col" className="text-end">Impegnato</th>
            <th scope="col" className="text-end">Liquidato</th>
            <th scope="col">Motivazione</th>
            <th scope="col">Note</th>
            {frame.can_edit && (
              <th scope="col">
                <span className="visually-hidden">Azioni</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {frame.rows.map((r) => (
            <tr key={r.id} id={`rf-row-${r.id}`} className={warned.has(r.id) ? 'pdz-row-warning' : undefined}>
              <th scope="row">
                {r.id}
                {warned.has(r.id) && <span className="visually-hidden"> (con avviso, vedi le verifiche)</span>}
              </th>
              <td>
                {r.fund_title} <span className="small text-muted">({r.fund})</span>
              </td>
              <td>{r.fund_type_label}</td>
              <td>{r.year}</td>
              <td>{r.area_title}</td>
              <td>{r.objective ? <span title={r.objective_title}>{r.objective}</span> : '–'}</td>
              <td>{r.management === 'singola' ? `Comune di ${r.comune_name || r.comune}` : managementLabels.associata}</td>
              <td className="text-end pdz-num">{formatEuro(r.programmed_cents)}</td>
              <td className="text-end pdz-num">
                {formatEuro(r.committed_cents)}
                {r.committed_on && <span className="d-block small">al {formatDate(r.committed_on)}</span>}
              </td>
              <td className="text-end pdz-num">
                {formatEuro(r.paid_cents)}
                {r.paid_on && <span className="d-block small">al {formatDate(r.paid_on)}</span>}
              </td>
              <td>{r.justification || '–'}</td>
              <td>{r.note || '–'}</td>
              {frame.can_edit && (
                <td>
                  <button type="button" className="btn btn-link btn-sm p-0 d-block mb-1" onClick={() => onEdit(r)}>
                    Correggi<span className="visually-hidden"> la riga {r.id}</span>
                  </button>
                  <button type="button" className="btn btn-link btn-sm p-0 d-block" onClick={() => onRemove(r)}>
                    Rimuovi<span className="visually-hidden"> la riga {r.id}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="fw-semibold">
            <th scope="row" colSpan={7}>
              Totale
            </th>
            <td className="text-end pdz-num" data-field="total-programmed">
              {formatEuro(t.programmed_cents)}
            </td>
            <td className="text-end pdz-num" data-field="total-committed">
              {formatEuro(t.committed_cents)}
            </td>
            <td className="text-end pdz-num" data-field="total-paid">
              {formatEuro(t.paid_cents)}
            </td>
            <td colSpan={frame.can_edit ? 3 : 2} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function RemoveForm({ frame, row, onDone, onCancel, onConflict }: { frame: Frame; row: ResourceRow; onDone(): void; onCancel(): void; onConflict(m: string): void }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setFailure(null);
    setMissing(reason.trim() === '');
    if (reason.trim() === '') return;
    setBusy(true);
    try {
      await moneyApi.removeRow(frame.plan_id, row.id, row.version, reason.trim());
      onDone();
    } catch (ex) {
      const a = describeError(ex);
      if (a instanceof ApiError && a.status === 409) onConflict(a.message);
      else setFailure(ex);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate className="pdz-save-box p-3 mb-4" aria-labelledby="rf-remove-title" id="rf-remove-form">
      <h3 id="rf-remove-title" className="h5">
        Rimuovi la riga {row.id}: {row.fund_title}, {row.year}, {row.area_title} ({formatEuro(row.programmed_cents)})
      </h3>
      {failure !== null && <ErrorAlert error={failure} title="Riga non rimossa" fieldLabel={resourceFieldLabel} />}
      <div className="pdz-field mb-3">
        <label htmlFor="rf-remove-reason" className="pdz-label d-block">
          Motivo della rimozione (obbligatorio)
        </label>
        <input
          ref={inputRef}
          id="rf-remove-reason"
          type="text"
          className="form-control"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={missing || undefined}
          aria-describedby={missing ? 'rf-remove-reason-error' : undefined}
        />
        {missing && (
          <div id="rf-remove-reason-error" className="invalid-feedback d-block">
            Indica il motivo della rimozione.
          </div>
        )}
      </div>
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-danger" disabled={busy}>
          Rimuovi la riga
        </button>
        <button type="button" className="btn btn-outline-secondary" onClick={onCancel} disabled={busy}>
          Annulla
        </button>
      </div>
    </form>
  );
}

export function ResourceFrame({ plan }: { plan: number }) {
  const f = useApi(() => moneyApi.frame(plan), [plan]);
  const [mode, setMode] = useState<Mode>({ kind: 'none' });
  const [notice, setNotice] = useState<{ kind: 'success' | 'warning'; text: string } | null>(null);
  const [tick, setTick] = useState(0);
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const refresh = (text: string, kind: 'success' | 'warning' = 'success') => {
    setMode({ kind: 'none' });
    setNotice({ kind, text });
    setTick((t) => t + 1);
    f.reload();
  };
  const conflict = (message: string) =>
    refresh(`${message} Il quadro è stato ricaricato con i dati attuali: riapri la riga e riapplica la modifica.`, 'warning');

  const frame = f.data;
  if (f.loading && !frame) return <Loading />;
  if (f.error !== null && !frame) return <ErrorAlert error={f.error} />;
  if (!frame) return null;
  const s = frame.summary;

  return (
    <div id="quadro-risorse">
      <h2 className="h4">Quadro delle risorse</h2>
      <dl className="row pdz-dl">
        <div className="col-sm-6 col-lg-3">
          <dt>Programmato</dt>
          <dd data-field="summary-programmed">{formatEuro(s.total.programmed_cents)}</dd>
        </div>
        <div className="col-sm-6 col-lg-3">
          <dt>Impegnato</dt>
          <dd data-field="summary-committed">{formatEuro(s.total.committed_cents)}</dd>
        </div>
        <div className="col-sm-6 col-lg-3">
          <dt>Liquidato</dt>
          <dd data-field="summary-paid">{formatEuro(s.total.paid_cents)}</dd>
        </div>
        <div className="col-sm-6 col-lg-3">
          <dt>Quota in gestione associata</dt>
          <dd data-field="joint-share">{formatBp(s.joint_share_bp)} del programmato</dd>
        </div>
      </dl>

      {s.checks.length > 0 && (
        <div className="alert alert-warning" role="note" id="rf-checks">
          <p className="fw-semibold mb-1">Verifiche ({s.checks.length}):</p>
          <ul className="mb-0">
            {s.checks.map((c, i) => (
              <li key={i}>
                <a href={`#rf-row-${c.row_id}`}>Riga {c.row_id}</a>: {c.level === 'error' ? <strong>errore</strong> : 'avviso'} – {c.message}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div tabIndex={-1} ref={noticeRef} aria-live="polite">
        {notice && (
          <div className={`alert alert-${notice.kind}`} role="status" id="rf-notice">
            {notice.text}
          </div>
        )}
      </div>

      <div className="d-flex flex-wrap gap-2 mb-3">
        {frame.can_edit && mode.kind === 'none' && (
          <button type="button" className="btn btn-primary" onClick={() => { setNotice(null); setMode({ kind: 'new' }); }}>
            Aggiungi una riga
          </button>
        )}
        <a className="btn btn-outline-primary" href={moneyApi.frameUrl(plan, 'xlsx')} download>
          Scarica il quadro XLSX
        </a>
        <a className="btn btn-outline-primary" href={moneyApi.frameUrl(plan, 'csv')} download>
          Scarica il quadro CSV
        </a>
      </div>

      {mode.kind === 'new' && (
        <ResourceRowForm frame={frame} row={null} onDone={(r) => refresh(`Riga ${r.id} aggiunta al quadro.`)} onCancel={() => setMode({ kind: 'none' })} onConflict={conflict} />
      )}
      {mode.kind === 'edit' && (
        <ResourceRowForm
          key={`${mode.row.id}-${mode.row.version}`}
          frame={frame}
          row={mode.row}
          onDone={(r) => refresh(`Riga ${r.id} corretta.`)}
          onCancel={() => setMode({ kind: 'none' })}
          onConflict={conflict}
        />
      )}
      {mode.kind === 'remove' && (
        <RemoveForm frame={frame} row={mode.row} onDone={() => refresh(`Riga ${mode.row.id} rimossa dal quadro.`)} onCancel={() => setMode({ kind: 'none' })} onConflict={conflict} />
      )}

      {frame.rows.length === 0 ? (
        <p>Il quadro non ha ancora righe.</p>
      ) : (
        <RowsTable
          frame={frame}
          onEdit={(row) => { setNotice(null); setMode({ kind: 'edit', row }); }}
          onRemove={(row) => { setNotice(null); setMode({ kind: 'remove', row }); }}
        />
      )}

      <h3 className="h5 mt-4">Riepiloghi</h3>
      <div className="row">
        <div className="col-12">
          <StageChart id="rf-chart-fund" title="Totali per fondo" head="Fondo" groups={s.by_fund} total={s.total} />
        </div>
        <div className="col-12">
          <StageChart id="rf-chart-area" title="Totali per area" head="Area" groups={s.by_area} total={s.total} />
        </div>
        <div className="col-12 col-xl-6">
          <TotalsTable id="rf-by-year" caption="Totali per anno" head="Anno" groups={s.by_year} total={s.total} />
        </div>
        <div className="col-12 col-xl-6">
          <TotalsTable id="rf-by-management" caption="Totali per gestione" head="Gestione" groups={s.by_management} total={s.total} />
        </div>
        <div className="col-12 col-xl-6">
          <TotalsTable id="rf-by-fund-type" caption="Totali per tipologia di fondo" head="Tipologia" groups={s.by_fund_type} total={s.total} />
        </div>
      </div>

      {frame.can_edit && <ResourceImport plan={plan} onImported={() => { setTick((t) => t + 1); f.reload(); }} />}
      <ResourceHistory plan={plan} tick={tick} />
    </div>
  );
}
