// Import of a flow file as a job: flow, submitting body and file; the bytes go raw to the API, then the job is
// polled every 500 ms (progress bar, «Annulla»); at the end the error report (nothing stored) or the submissions.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatNumber } from '../api/labels';
import { dashboardLink, knowledgeApi, type FlowSchema, type Job, type SubmitKind } from '../api/knowledge';
import { describeError, ErrorAlert } from './Status';
import '../styles/knowledge.css';

export interface SubmitBody {
  kind: SubmitKind;
  code: string;
  name: string;
}

export const bodyKey = (b: Pick<SubmitBody, 'kind' | 'code'>) => `${b.kind}:${b.code}`;

const KIND_LABEL: Record<string, string> = { comune: 'Comune', ambito: 'Ambito', region: 'Regione' };

export function bodyLabel(b: SubmitBody): string {
  if (b.kind === 'comune') return `Comune di ${b.name}`;
  if (b.kind === 'region') return `Regione ${b.name}`;
  return `${KIND_LABEL[b.kind] ?? b.kind} ${b.name}`;
}

function valueText(v: unknown): string {
  if (v === undefined || v === null || v === '') return '–';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function ErrorReport({ job }: { job: Job }) {
  const err = job.error!;
  const shown = err.details.length;
  return (
    <div className="alert alert-danger" role="alert" id="import-failed">
      <p className="fw-semibold mb-1">
        File {job.file ? `«${job.file}»` : ''} non importato: nessun dato è stato salvato.
      </p>
      <p className="mb-2">
        {err.message} {err.total === 1 ? 'È stato trovato 1 errore.' : `Sono stati trovati ${formatNumber(err.total)} errori.`} Correggi il file e
        caricalo di nuovo: l’importazione è tutto o niente.
      </p>
      {err.groups.length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm bg-white" id="import-error-groups">
            <caption>Errori per colonna e problema ({err.groups.length})</caption>
            <thead>
              <tr>
                <th scope="col">Colonna</th>
                <th scope="col">Problema</th>
                <th scope="col" className="text-end">
                  Righe con l’errore
                </th>
              </tr>
            </thead>
            <tbody>
              {err.groups.map((g, i) => (
                <tr key={i}>
                  <td>{g.field || '–'}</td>
                  <td>{g.reason}</td>
                  <td className="text-end">{formatNumber(g.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown > 0 && (
        <div className="table-responsive">
          <table className="table table-sm bg-white mb-0" id="import-errors">
            <caption>
              {shown < err.total ? `I primi ${formatNumber(shown)} errori su ${formatNumber(err.total)}` : `Tutti gli errori (${formatNumber(shown)})`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Riga</th>
                <th scope="col">Colonna</th>
                <th scope="col">Valore</th>
                <th scope="col">Problema</th>
              </tr>
            </thead>
            <tbody>
              {err.details.map((d, i) => (
                <tr key={i}>
                  <td>{d.row ?? '–'}</td>
                  <td>{d.field ?? '–'}</td>
                  <td>{valueText(d.value)}</td>
                  <td>{d.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function Success({ job, flowName }: { job: Job; flowName: string }) {
  const r = job.result!;
  const years = r.submissions.map((s) => s.year);
  const scope = job.scope;
  return (
    <div className="alert alert-success" role="status" id="import-done">
      <p className="fw-semibold mb-1">
        File {job.file ? `«${job.file}»` : ''} importato: {formatNumber(r.rows)} righe del flusso «{flowName}».
      </p>
      {r.unchanged && <p className="mb-2">Il file contiene gli stessi dati già trasmessi: nessuna modifica.</p>}
      <div className="table-responsive">
        <table className="table table-sm bg-white mb-2" id="import-submissions">
          <caption>Trasmissioni registrate, una per anno ({r.submissions.length})</caption>
          <thead>
            <tr>
              <th scope="col">Anno</th>
              <th scope="col" className="text-end">
                Versione
              </th>
              <th scope="col" className="text-end">
                Righe
              </th>
              <th scope="col">Esito</th>
            </tr>
          </thead>
          <tbody>
            {r.submissions.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.year}</th>
                <td className="text-end">{s.version}</td>
                <td className="text-end">{formatNumber(s.rows)}</td>
                <td>{s.unchanged ? 'nessuna modifica' : s.version > 1 ? 'nuova versione (la precedente resta nello storico)' : 'prima trasmissione'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {scope && scope.kind !== 'italy' && (
        <p className="mb-0">
          <Link to={dashboardLink(scope.kind, scope.code, { anno: years.length ? Math.max(...years) : undefined })}>
            Vedi il cruscotto degli indicatori di {scope.kind === 'comune' ? `Comune di ${scope.name}` : scope.kind === 'region' ? `Regione ${scope.name}` : `Ambito ${scope.name}`}
          </Link>
        </p>
      )}
    </div>
  );
}

export function FlowImport({
  flows,
  bodies,
  body,
  onBodyChange,
  onImported,
  onShowColumns,
}: {
  flows: FlowSchema[];
  bodies: SubmitBody[];
  body: SubmitBody | null;
  onBodyChange(b: SubmitBody): void;
  onImported(): void;
  onShowColumns(flow: string): void;
}) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [flow, setFlow] = useState(flows[0]?.id ?? '');
  const [missing, setMissing] = useState(false);
  const [phase, setPhase] = useState<'idle' | 'sending' | 'running' | 'done'>('idle');
  const [job, setJob] = useState<Job | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState(false);
  const alive = useRef(true);
  const jobId = useRef<number | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const flowName = (id: string) => flows.find((f) => f.id === id)?.name ?? id;

  function finish(j: Job) {
    setJob(j);
    setPhase('done');
    jobId.current = null;
    setCancelling(false);
    if (j.state === 'succeeded') onImported();
    setTimeout(() => outcomeRef.current?.focus(), 0);
  }

  async function poll(id: number) {
    while (alive.current && jobId.current === id) {
      await new Promise((r) => setTimeout(r, 500));
      if (!alive.current || jobId.current !== id) return;
      try {
        const j = await knowledgeApi.job(id);
        if (!alive.current || jobId.current !== id) return;
        if (j.state === 'running') setJob(j);
        else return finish(j);
      } catch (e) {
        if (!alive.current) return;
        setFailure(e);
        setPhase('done');
        jobId.current = null;
        return;
      }
    }
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    setMissing(!file);
    if (!file || !body || !flow) return;
    setJob(null);
    setFailure(null);
    setPhase('sending');
    try {
      const bytes = await file.arrayBuffer();
      const j = await knowledgeApi.startImport(flow, body.kind, body.code, file.name, bytes);
      if (!alive.current) return;
      if (j.state !== 'running') return finish(j);
      setJob(j);
      setPhase('running');
      jobId.current = j.id;
      void poll(j.id);
    } catch (ex) {
      if (!alive.current) return;
      setFailure(ex);
      setPhase('done');
      setTimeout(() => outcomeRef.current?.focus(), 0);
    }
  }

  async function cancel() {
    const id = jobId.current;
    if (id === null) return;
    setCancelling(true);
    try {
      const j = await knowledgeApi.cancelJob(id);
      if (!alive.current) return;
      if (j.state !== 'running') finish(j);
    } catch (ex) {
      if (!alive.current) return;
      setFailure(ex);
      setCancelling(false);
    }
  }

  const busy = phase === 'sending' || phase === 'running';
  const p = job?.progress;
  const pct = p && p.total_bytes > 0 ? Math.min(100, Math.round((100 * p.bytes) / p.total_bytes)) : 0;
  const err = failure !== null ? describeError(failure) : null;

  return (
    <section aria-labelledby="import-title" className="mb-4" id="flow-import">
      <h2 id="import-title" className="h4">
        Trasmetti un file
      </h2>
      <p>
        Scegli il flusso, l’ente per cui trasmetti e il file (CSV o XLSX) con le colonne del flusso. Ogni riga viene controllata: se anche una sola riga
        ha un errore non viene salvato nulla e ricevi l’elenco degli errori da correggere. Un file con più anni crea una trasmissione per anno; se
        ritrasmetti lo stesso anno, la nuova versione sostituisce la precedente, che resta nello storico.
      </p>
      <form onSubmit={submit} noValidate className="row g-3 align-items-start">
        <div className="col-12 col-lg-4">
          <label htmlFor="import-flow" className="pdz-label">
            Flusso
          </label>
          <select id="import-flow" className="form-select" value={flow} onChange={(e) => setFlow(e.target.value)} disabled={busy}>
            {flows.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
          {flow && (
            <button type="button" className="btn btn-link btn-sm p-0 mt-1" onClick={() => onShowColumns(flow)}>
              Vedi le colonne del flusso «{flowName(flow)}»
            </button>
          )}
        </div>
        <div className="col-12 col-lg-4">
          <label htmlFor="import-body" className="pdz-label">
            Ente che trasmette
          </label>
          <select
            id="import-body"
            className="form-select"
            value={body ? bodyKey(body) : ''}
            disabled={busy}
            onChange={(e) => {
              const b = bodies.find((x) => bodyKey(x) === e.target.value);
              if (b) onBodyChange(b);
            }}
          >
            {bodies.map((b) => (
              <option key={bodyKey(b)} value={bodyKey(b)}>
                {bodyLabel(b)}
              </option>
            ))}
          </select>
        </div>
        <div className="col-12 col-lg-4">
          <label htmlFor="import-file" className="pdz-label">
            File (CSV o XLSX)
          </label>
          <input
            ref={fileRef}
            id="import-file"
            type="file"
            className="form-control"
            disabled={busy}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={missing || undefined}
            aria-describedby={missing ? 'import-file-error' : undefined}
          />
          {missing && (
            <div id="import-file-error" className="invalid-feedback d-block">
              Scegli il file da trasmettere.
            </div>
          )}
        </div>
        <div className="col-12 d-flex gap-2">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Importazione in corso…' : 'Importa il file'}
          </button>
          {phase === 'running' && (
            <button type="button" className="btn btn-outline-danger" onClick={cancel} disabled={cancelling}>
              Annulla<span className="visually-hidden"> l’importazione</span>
            </button>
          )}
        </div>
      </form>

      {busy && (
        <div className="pdz-progress-wrap mt-3" id="import-progress">
          <p className="mb-1">
            {phase === 'sending'
              ? 'Invio del file…'
              : `Controllo in corso: ${formatNumber(p?.rows ?? 0)} righe lette, ${pct}% del file${cancelling ? ' – annullamento…' : ''}`}
          </p>
          <div className="progress">
            <div
              className="progress-bar"
              role="progressbar"
              aria-label="Avanzamento dell’importazione"
              aria-valuenow={pct}
              aria-valuemin={0}
              aria-valuemax={100}
              style={{ width: `${pct}%` }}
            />
          </div>
        </div>
      )}

      <div aria-live="polite" className="mt-3" id="import-outcome" tabIndex={-1} ref={outcomeRef}>
        {phase === 'running' && <span className="visually-hidden">Importazione avviata.</span>}
        {phase === 'done' && job?.state === 'succeeded' && job.result && <Success job={job} flowName={flowName(job.flow ?? flow)} />}
        {phase === 'done' && job?.state === 'failed' && job.error && <ErrorReport job={job} />}
        {phase === 'done' && job?.state === 'failed' && !job.error && (
          <div className="alert alert-danger" role="alert">
            Importazione non riuscita: nessun dato è stato salvato.
          </div>
        )}
        {phase === 'done' && job?.state === 'cancelled' && (
          <div className="alert alert-warning" role="status" id="import-cancelled">
            Importazione annullata: nessun dato è stato salvato.
          </div>
        )}
        {err && (
          <ErrorAlert error={failure} title="File non importato: nessun dato è stato salvato.">
            {err.status === 413 && <p className="mb-0 mt-2">Il file è troppo grande: dividilo per anno e trasmetti le parti una alla volta.</p>}
          </ErrorAlert>
        )}
      </div>
    </section>
  );
}
