// Small pieces shared by the forms of the reports and the evaluation (components/PlanReports,
// components/PlanEvaluation): the 422 reasons by field, the error next to a field, a write's error in
// words an officer understands (401, 403, 409 with a reload button), a report's state as a badge, and the
// monitoring download links (CSV, XLSX).
import { ApiError } from '../api/client';
import { monitoringExportUrl, type ReportState } from '../api/reports';
import { describeError } from './Status';

/** Field -> reason from a 422's details. */
export function fieldReasons(error: unknown): Map<string, string> {
  const m = new Map<string, string>();
  if (error instanceof ApiError && error.status === 422) {
    for (const d of error.details) if (d.field && d.reason && !m.has(d.field)) m.set(d.field, d.reason);
  }
  return m;
}

export function FieldError({ id, reason }: { id: string; reason?: string }) {
  if (!reason) return null;
  return (
    <div className="invalid-feedback d-block" id={`${id}-err`} data-error-for={id}>
      {reason}
    </div>
  );
}

/** id, class and ARIA of a field, marked invalid when it has a reason. */
export function fieldProps(id: string, reason: string | undefined, base = 'form-control') {
  return {
    id,
    className: base + (reason ? ' is-invalid' : ''),
    'aria-invalid': reason ? (true as const) : undefined,
    'aria-describedby': reason ? `${id}-err` : undefined,
  };
}

/** A write's error: 401, 403 and 409 in words, the API's message otherwise (422 fields are shown at the inputs). */
export function WriteError({ error, onReload, title, forbidden }: { error: unknown; onReload?(): void; title: string; forbidden: string }) {
  const e = describeError(error);
  if (e.status === 401) {
    return (
      <div className="alert alert-danger mt-2" role="alert">
        La sessione è scaduta: accedi di nuovo per salvare.
      </div>
    );
  }
  if (e.status === 403) {
    return (
      <div className="alert alert-danger mt-2" role="alert">
        {forbidden}
      </div>
    );
  }
  if (e.code === 'version_conflict') {
    return (
      <div className="alert alert-warning mt-2" role="alert" data-error="version_conflict">
        <p className="mb-2">{e.message}</p>
        <p className="mb-2">
          Qualcun altro ha salvato dopo che hai aperto la pagina: le tue modifiche non sono state salvate. Copia il tuo testo se ti serve, ricarica per
          vedere i dati attuali, poi ripeti la modifica.
        </p>
        {onReload && (
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={onReload}>
            Ricarica i dati
          </button>
        )}
      </div>
    );
  }
  return (
    <div className="alert alert-danger mt-2" role="alert">
      <p className="fw-semibold mb-1">{title}</p>
      <p className="mb-0">{e.message}</p>
    </div>
  );
}

const STATE_CLASS: Record<ReportState, string> = {
  bozza: 'pdz-mon-not_measured',
  trasmessa: 'pdz-mon-on_track',
  accettata: 'pdz-mon-achieved',
  restituita: 'pdz-mon-at_risk',
};

const STATE_SYMBOL: Record<ReportState, string> = { bozza: '✎', trasmessa: '➜', accettata: '✔', restituita: '↩' };

/** A report's state as a badge: symbol, words and colour (never colour alone). */
export function ReportStateBadge({ state, label }: { state: string; label: string }) {
  const s = state as ReportState;
  return (
    <span className={`pdz-mon-badge ${STATE_CLASS[s] ?? 'pdz-mon-not_measured'}`} data-state={state}>
      <span aria-hidden="true">{STATE_SYMBOL[s] ?? ''} </span>
      {label}
    </span>
  );
}

/** "Scarica CSV" and "Scarica XLSX" of a monitoring view (`path` under /api/v1, e.g. /plans/2/monitoring). */
export function MonitoringDownloads({ path, asOf, what, id }: { path: string; asOf?: string; what: string; id?: string }) {
  return (
    <p className="d-flex flex-wrap gap-2 align-items-center" id={id} data-downloads="monitoring">
      <a className="btn btn-outline-primary btn-sm" href={monitoringExportUrl(path, 'csv', asOf)} download>
        Scarica CSV<span className="visually-hidden"> {what}</span>
      </a>
      <a className="btn btn-outline-primary btn-sm" href={monitoringExportUrl(path, 'xlsx', asOf)} download>
        Scarica XLSX<span className="visually-hidden"> {what}</span>
      </a>
    </p>
  );
}
