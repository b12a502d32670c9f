// Tab «Monitoraggio» of the plan page (docs/monitoring.md §6): the situation on a date (plan progress,
// expected progress, judgement, overdue actions, roll-ups by area, dimension and strategic objective),
// the actions late first, then the matrix: general objectives > specific objectives > actions (status,
// progress, notes, history) and indicators (measurements entered or from the flows, corrections,
// binding to a flow indicator, trend toward the target).
import { lazy, Suspense, useEffect, useId, useMemo, useRef, useState, type ComponentProps, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { knowledgeApi, type IndicatorDef } from '../api/knowledge';
import { formatDate, formatDateTime, todayIso } from '../api/labels';
import {
  ACTION_STATUSES, actionStatusLabels, dimensionNames, formatMeasure, formatShare, judgementLabels, monitoringApi, MONITORED_STATES,
  parseDecimal, type ActionStatus, type Judgement, type Measurement, type MonitoredAction, type MonitoredIndicator,
  type MonitoredSpecific, type MonitoringProgress, type PlanMonitoring,
  evidenceKindLabels, MAX_EVIDENCE_BYTES, type ActionEvidence, type EvidenceKind, type NewEvidence,
} from '../api/monitoring';
import type { ChartOption, EChart as EChartType } from './EChart';
import { ErrorAlert, Loading } from './Status';
import { useApi } from './useApi';
import { MonitoringDownloads, WriteError as SharedWriteError } from './MonitoringForms';

// ECharts is loaded only when an indicator's detail is opened (its own chunk).
const LazyEChart = lazy(() => import('./EChart').then((m) => ({ default: m.EChart })));

function EChart(props: ComponentProps<typeof EChartType>) {
  return (
    <Suspense fallback={<Loading label="Caricamento del grafico…" />}>
      <LazyEChart {...props} />
    </Suspense>
  );
}

type Names = Record<string, string>;

const SYMBOL: Record<Judgement, string> = {
  achieved: '✔',
  on_track: '●',
  at_risk: '▲',
  off_track: '▼',
  not_measured: '–',
  not_computable: '–',
};

const HELP: Record<Judgement, string> = {
  achieved: 'obiettivo raggiunto (avanzamento al 100%)',
  on_track: 'avanzamento in linea con quello atteso alla data',
  at_risk: 'avanzamento sotto quello atteso: da seguire',
  off_track: 'avanzamento molto sotto quello atteso alla data',
  not_measured: 'nessuna misurazione ancora',
  not_computable: 'manca un valore numerico di partenza o atteso: non si può calcolare',
};

/** The judgement as a badge: symbol, words and colour (never colour alone). */
export function ProgressBadge({ judgement, label }: { judgement: Judgement; label?: string }) {
  const text = label || judgementLabels[judgement] || judgement;
  return (
    <span className={`pdz-mon-badge pdz-mon-${judgement}`} title={`${text}: ${HELP[judgement] ?? ''}`} data-judgement={judgement}>
      <span aria-hidden="true">{SYMBOL[judgement] ?? ''} </span>
      {text}
    </span>
  );
}

/** "42% (atteso 60%)" with the badge. */
function ProgressLine({ p, what }: { p: MonitoringProgress; what?: string }) {
  return (
    <span className="pdz-mon-progress">
      {what && <span className="text-muted">{what}: </span>}
      <strong>{formatShare(p.value)}</strong> <span className="text-muted small">(atteso {formatShare(p.expected)})</span>{' '}
      <ProgressBadge judgement={p.judgement} label={p.label} />
    </span>
  );
}

/** Field -> reason from a 422's details. */
function fieldReasons(error: unknown): Map<string, string> {
  const m = new Map<string, string>();
  if (error instanceof ApiError && error.status === 422) {
    for (const d of error.details) if (d.field && d.reason && !m.has(d.field)) m.set(d.field, d.reason);
  }
  return m;
}

/** A monitoring write's error (MonitoringForms' WriteError), with this page's 403 in words. */
function WriteError(props: { error: unknown; onReload(): void; title: string }) {
  return (
    <SharedWriteError
      {...props}
      forbidden="Non hai i permessi per aggiornare il monitoraggio di questo piano: serve un ruolo nell’Ufficio di Piano dell’ambito."
    />
  );
}

function FieldError({ id, reason }: { id: string; reason?: string }) {
  if (!reason) return null;
  return (
    <div className="invalid-feedback d-block" id={`${id}-err`} data-error-for={id}>
      {reason}
    </div>
  );
}

function invalid(id: string, reason: string | undefined, base = 'form-control') {
  return {
    id,
    className: base + (reason ? ' is-invalid' : ''),
    'aria-invalid': reason ? (true as const) : undefined,
    'aria-describedby': reason ? `${id}-err` : undefined,
  };
}

// ---------------------------------------------------------------------------------------------------
// Actions

function stateText(s: { status: ActionStatus; progress: number } | null): string {
  if (!s) return 'nessuno stato registrato';
  return `${actionStatusLabels[s.status] ?? s.status}, ${s.progress}%`;
}

function ActionHistory({ plan, action, version, refresh = 0 }: { plan: number; action: string; version: number; refresh?: number }) {
  const h = useApi(() => monitoringApi.history(plan, action), [plan, action, version, refresh]);
  if (h.loading && !h.data) return <Loading label="Caricamento dello storico…" />;
  if (h.error !== null) return <ErrorAlert error={h.error} />;
  const items = h.data?.items ?? [];
  if (items.length === 0) return <p className="small mb-0">Nessuna modifica registrata finora.</p>;
  return (
    <div className="table-responsive">
      <table className="table table-sm small mb-0">
        <caption className="visually-hidden">Storico delle modifiche dell’azione, dalla più recente</caption>
        <thead>
          <tr>
            <th scope="col">Data e ora</th>
            <th scope="col">Chi</th>
            <th scope="col">Prima</th>
            <th scope="col">Dopo</th>
            <th scope="col">Motivo</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c, i) => (
            <tr key={i}>
              <td>{formatDateTime(c.at)}</td>
              <td>{c.actor}</td>
              <td>{stateText(c.before)}</td>
              <td>
                {stateText(c.after)}
                {c.after.notes && <span className="d-block text-muted">Note: {c.after.notes}</span>}
              </td>
              <td>{c.note || <span className="text-muted">–</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------
// Evidence of an action: files, links, meetings of the ambito, acts (docs/monitoring.md §5)

function formatSize(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} byte`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${new Intl.NumberFormat('it-IT', { maximumFractionDigits: 0 }).format(kb)} kB`;
  return `${new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 }).format(kb / 1024)} MB`;
}

/** The file's bytes as base64 (without the data: prefix). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('Lettura del file non riuscita.'));
    r.readAsDataURL(file);
  });
}

function EvidenceLine({ e }: { e: ActionEvidence }) {
  if (e.kind === 'link' && e.url) {
    return (
      <>
        <a href={e.url} target="_blank" rel="noopener noreferrer">
          {e.title}
          <span className="visually-hidden"> (collegamento esterno, si apre in una nuova finestra)</span>
        </a>
      </>
    );
  }
  if (e.kind === 'file' && e.download) {
    return (
      <>
        <a href={e.download} download={e.file_name ?? undefined}>
          {e.title}
          <span className="visually-hidden"> (scarica il file)</span>
        </a>{' '}
        <span className="text-muted">
          ({e.file_name}
          {e.size !== null && `, ${formatSize(e.size)}`})
        </span>
      </>
    );
  }
  if (e.kind === 'meeting') {
    return (
      <>
        {e.title}
        {e.meeting && <span className="text-muted"> (seduta del {formatDate(e.meeting.held_on)})</span>}
      </>
    );
  }
  if (e.kind === 'act') {
    return (
      <>
        {e.title}{' '}
        <span className="text-muted">
          (atto n. {e.act_number} del {formatDate(e.act_date)})
        </span>
      </>
    );
  }
  return <>{e.title}</>;
}

function EvidenceForm({
  plan, ambito, action, number, onAdded, onReload,
}: {
  plan: number;
  ambito: string;
  action: string;
  number: string;
  onAdded(title: string): void;
  onReload(): void;
}) {
  const base = `evid-${action}`;
  const suffix = ` dell’azione ${number}`;
  const [kind, setKind] = useState<EvidenceKind>('link');
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [meetingId, setMeetingId] = useState('');
  const [actNumber, setActNumber] = useState('');
  const [actDate, setActDate] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<Map<string, string>>(new Map());
  const meetings = useApi(
    () => (kind === 'meeting' && ambito ? monitoringApi.ambitoMeetings(ambito).then((r) => r.items) : Promise.resolve(null)),
    [kind, ambito],
  );

  const api = fieldReasons(error);
  const bad = (f: string) => local.get(f) ?? api.get(f);

  function reset() {
    setTitle('');
    setUrl('');
    setMeetingId('');
    setActNumber('');
    setActDate('');
    setFile(null);
    if (fileRef.current) fileRef.current.value = '';
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const problems = new Map<string, string>();
    const need = (field: string, value: string, why = 'Campo obbligatorio.') => {
      if (!value.trim()) problems.set(field, why);
    };
    if (kind !== 'meeting') need('title', title);
    if (kind === 'link') need('url', url, 'Scrivi l’indirizzo, ad es. https://www.comune.it/delibera.pdf');
    if (kind === 'meeting') need('meeting_id', meetingId, 'Scegli una riunione.');
    if (kind === 'act') {
      need('act_number', actNumber);
      need('act_date', actDate, 'Indica la data dell’atto.');
    }
    if (kind === 'file') {
      if (!file) problems.set('content_base64', 'Scegli un file.');
      else if (file.size > MAX_EVIDENCE_BYTES) problems.set('content_base64', 'Il file supera 5 MB.');
      else if (file.size === 0) problems.set('content_base64', 'Il file è vuoto.');
    }
    setLocal(problems);
    if (problems.size > 0) {
      const first = [...problems.keys()][0];
      document.getElementById(`${base}-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      let body: NewEvidence;
      if (kind === 'link') body = { kind, title: title.trim(), url: url.trim() };
      else if (kind === 'meeting') body = { kind, meeting_id: Number(meetingId), ...(title.trim() ? { title: title.trim() } : {}) };
      else if (kind === 'act') body = { kind, title: title.trim(), act_number: actNumber.trim(), act_date: actDate };
      else {
        const f = file as File;
        body = { kind, title: title.trim(), file_name: f.name, content_base64: await readBase64(f), ...(f.type ? { content_type: f.type } : {}) };
      }
      const added = await monitoringApi.addEvidence(plan, action, body);
      reset();
      onAdded(added.title);
    } catch (err) {
      setError(err);
      const f = fieldReasons(err);
      const first = ['kind', 'title', 'url', 'meeting_id', 'act_number', 'act_date', 'file_name', 'content_type', 'content_base64'].find((k) => f.has(k));
      if (first) {
        const target = first === 'file_name' || first === 'content_type' ? 'content_base64' : first;
        setTimeout(() => document.getElementById(`${base}-${target}`)?.focus(), 0);
      }
    } finally {
      setBusy(false);
    }
  }

  // A file's name or type refused by the API is shown next to the file input.
  const fileReason = bad('content_base64') ?? api.get('file_name') ?? api.get('content_type');
  return (
    <form noValidate onSubmit={submit} aria-label={`Aggiungi un’evidenza${suffix}`} className="pdz-mon-evidence-form mt-2" data-evidence-form={action}>
      <div className="row g-2 align-items-start">
        <div className="col-sm-6 col-lg-3">
          <label htmlFor={`${base}-kind`} className="pdz-label d-block">
            Tipo<span className="visually-hidden"> di evidenza{suffix}</span>
          </label>
          <select
            {...invalid(`${base}-kind`, bad('kind'), 'form-select')}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as EvidenceKind);
              setLocal(new Map());
              setError(null);
            }}
          >
            {(['file', 'link', 'meeting', 'act'] as EvidenceKind[]).map((k) => (
              <option key={k} value={k}>
                {evidenceKindLabels[k]}
              </option>
            ))}
          </select>
          <FieldError id={`${base}-kind`} reason={bad('kind')} />
        </div>
        <div className="col-sm-6 col-lg-9">
          <label htmlFor={`${base}-title`} className="pdz-label d-block">
            {kind === 'meeting' ? 'Titolo (facoltativo: altrimenti quello della riunione)' : 'Titolo'}
            <span className="visually-hidden"> dell’evidenza{suffix}</span>
          </label>
          <input {...invalid(`${base}-title`, bad('title'))} type="text" maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />
          <FieldError id={`${base}-title`} reason={bad('title')} />
        </div>
        {kind === 'link' && (
          <div className="col-12">
            <label htmlFor={`${base}-url`} className="pdz-label d-block">
              Indirizzo (http o https)<span className="visually-hidden">{suffix}</span>
            </label>
            <input {...invalid(`${base}-url`, bad('url'))} type="url" inputMode="url" placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} />
            <FieldError id={`${base}-url`} reason={bad('url')} />
          </div>
        )}
        {kind === 'meeting' && (
          <div className="col-12">
            <label htmlFor={`${base}-meeting_id`} className="pdz-label d-block">
              Riunione degli organismi dell’ambito<span className="visually-hidden">{suffix}</span>
            </label>
            <select {...invalid(`${base}-meeting_id`, bad('meeting_id'), 'form-select')} value={meetingId} onChange={(e) => setMeetingId(e.target.value)}>
              <option value="">{meetings.loading ? 'Caricamento delle riunioni…' : '– scegli una riunione –'}</option>
              {(meetings.data ?? []).map((mt) => (
                <option key={mt.id} value={String(mt.id)}>
                  {formatDate(mt.held_on)} – {mt.title || 'Seduta'} ({mt.body.name})
                </option>
              ))}
            </select>
            {meetings.data && meetings.data.length === 0 && <p className="small text-muted mb-0">L’ambito non ha ancora riunioni registrate.</p>}
            {meetings.error !== null && <ErrorAlert error={meetings.error} />}
            <FieldError id={`${base}-meeting_id`} reason={bad('meeting_id')} />
          </div>
        )}
        {kind === 'act' && (
          <>
            <div className="col-sm-6">
              <label htmlFor={`${base}-act_number`} className="pdz-label d-block">
                Numero dell’atto<span className="visually-hidden">{suffix}</span>
              </label>
              <input {...invalid(`${base}-act_number`, bad('act_number'))} type="text" maxLength={100} value={actNumber} onChange={(e) => setActNumber(e.target.value)} />
              <FieldError id={`${base}-act_number`} reason={bad('act_number')} />
            </div>
            <div className="col-sm-6">
              <label htmlFor={`${base}-act_date`} className="pdz-label d-block">
                Data dell’atto<span className="visually-hidden">{suffix}</span>
              </label>
              <input {...invalid(`${base}-act_date`, bad('act_date'))} type="date" value={actDate} onChange={(e) => setActDate(e.target.value)} />
              <FieldError id={`${base}-act_date`} reason={bad('act_date')} />
            </div>
          </>
        )}
        {kind === 'file' && (
          <div className="col-12">
            <label htmlFor={`${base}-content_base64`} className="pdz-label d-block">
              File (al massimo 5 MB)<span className="visually-hidden">{suffix}</span>
            </label>
            <input
              {...invalid(`${base}-content_base64`, fileReason)}
              ref={fileRef}
              type="file"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setLocal(new Map());
              }}
            />
            <FieldError id={`${base}-content_base64`} reason={fileReason} />
          </div>
        )}
        <div className="col-12">
          <button type="submit" className="btn btn-outline-primary btn-sm" disabled={busy}>
            Aggiungi evidenza<span className="visually-hidden">{suffix}</span>
          </button>
        </div>
      </div>
      {error !== null && <WriteError error={error} onReload={onReload} title="Evidenza non aggiunta" />}
    </form>
  );
}

function EvidenceSection({
  plan, ambito, a, number, canEdit, onChanged, onReload,
}: {
  plan: number;
  ambito: string;
  a: MonitoredAction;
  number: string;
  canEdit: boolean;
  onChanged(): void;
  onReload(): void;
}) {
  const list = a.evidence ?? [];
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const suffix = ` dell’azione ${number}`;

  async function remove(e: ActionEvidence) {
    if (!window.confirm(`Rimuovere l’evidenza «${e.title}»? Non sarà più elencata, ma resta nello storico dell’azione.`)) return;
    setError(null);
    setBusy(e.id);
    try {
      await monitoringApi.removeEvidence(plan, a.id, e.id);
      setMessage(`Evidenza «${e.title}» rimossa.`);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  if (!canEdit && list.length === 0) return null;
  return (
    <section className="mt-2 pdz-mon-evidence" aria-labelledby={`evidenze-${a.id}-heading`} data-evidence-of={a.id}>
      <h6 id={`evidenze-${a.id}-heading`} className="small fw-semibold mb-1">
        Evidenze ({list.length})<span className="visually-hidden">{suffix}</span>
      </h6>
      {list.length === 0 ? (
        <p className="small text-muted mb-1">Nessuna evidenza: aggiungi atti, verbali, documenti o collegamenti che attestano quanto fatto.</p>
      ) : (
        <ul className="small mb-1 pdz-mon-evidence-list">
          {list.map((e) => (
            <li key={e.id} data-evidence={e.id} data-kind={e.kind}>
              <span className="badge bg-light text-dark me-1">{evidenceKindLabels[e.kind] ?? e.kind}</span>
              <EvidenceLine e={e} />
              <span className="text-muted">
                {' '}
                · aggiunta da {e.added_by} il {formatDateTime(e.added_at)}
              </span>
              {canEdit && (
                <button type="button" className="btn btn-link btn-sm p-0 ms-2 align-baseline" disabled={busy === e.id} onClick={() => remove(e)}>
                  Rimuovi<span className="visually-hidden"> l’evidenza «{e.title}»{suffix}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className={'text-success small fw-semibold' + (message ? ' mb-1' : ' mb-0')} role="status">
        {message}
      </p>
      {error !== null && <WriteError error={error} onReload={onReload} title="Evidenza non rimossa" />}
      {canEdit && (
        <details className="pdz-mon-evidence-add">
          <summary className="small">
            Aggiungi evidenza<span className="visually-hidden">{suffix}</span>
          </summary>
          <EvidenceForm
            plan={plan}
            ambito={ambito}
            action={a.id}
            number={number}
            onReload={onReload}
            onAdded={(title) => {
              setMessage(`Evidenza «${title}» aggiunta.`);
              onChanged();
            }}
          />
        </details>
      )}
    </section>
  );
}

function ActionItem({
  plan, ambito = '', a, number, canEdit, onSaved, onReload,
}: {
  plan: number;
  /** The plan's ambito: its meetings can be evidence. */
  ambito?: string;
  a: MonitoredAction;
  number: string;
  canEdit: boolean;
  onSaved(): void;
  onReload(): void;
}) {
  const base = `azione-${a.id}`;
  const [status, setStatus] = useState<ActionStatus>(a.status);
  const [progress, setProgress] = useState(String(a.progress));
  const [notes, setNotes] = useState(a.notes);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [localBad, setLocalBad] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const [evidenceChanges, setEvidenceChanges] = useState(0);
  const savedRef = useRef<HTMLParagraphElement>(null);

  // A new version (after a save or a reload): the form shows the stored state.
  useEffect(() => {
    setStatus(a.status);
    setProgress(String(a.progress));
    setNotes(a.notes);
    setNote('');
  }, [a.version, a.status, a.progress, a.notes]);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  const bad = fieldReasons(error);
  const progressReason = localBad ?? bad.get('progress');
  const dirty = status !== a.status || progress !== String(a.progress) || notes !== a.notes;
  const sliderValue = Math.min(100, Math.max(0, Number(progress) || 0));
  const suffix = ` dell’azione ${number}`;

  const changeStatus = (s: ActionStatus) => {
    setStatus(s);
    setSaved(false);
    if (s === 'done') setProgress('100');
    if (s === 'not_started') setProgress('0');
  };

  // Moving the progress of an action not started means it started.
  const changeProgress = (v: string) => {
    setProgress(v);
    setLocalBad(null);
    setSaved(false);
    if (status === 'not_started' && Number(v) > 0) setStatus('in_progress');
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setLocalBad(null);
    setSaved(false);
    const t = progress.trim();
    if (t === '' || !/^-?\d+$/.test(t)) {
      setLocalBad('Scrivi un numero intero da 0 a 100.');
      document.getElementById(`${base}-progress`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await monitoringApi.updateAction(plan, a.id, {
        status,
        progress: Number(t),
        notes: notes.trim(),
        ...(note.trim() ? { note: note.trim() } : {}),
        version: a.version,
      });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
      const f = fieldReasons(err);
      const first = ['status', 'progress', 'notes', 'note'].find((k) => f.has(k));
      if (first) setTimeout(() => document.getElementById(`${base}-${first}`)?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={'pdz-mon-action' + (a.overdue ? ' pdz-mon-action-late' : '')} id={base} data-action={a.id} tabIndex={-1}>
      <p className="mb-1">
        <span className="pdz-num">{number}</span> {a.text}
      </p>
      <p className="small mb-2">
        <span data-field="action-state">
          Stato: <strong>{a.status_label}</strong>, avanzamento <strong>{a.progress}%</strong>
        </span>{' '}
        <span className="text-muted">(atteso {formatShare(a.expected)})</span>
        {' · '}Scadenza: {a.due ? formatDate(a.due) : <span className="text-muted">non indicata</span>}
        {a.overdue && (
          <>
            {' '}
            <span className="pdz-mon-badge pdz-mon-late">Scaduta</span>
          </>
        )}
        {a.weight !== 1 && <> · Peso: {a.weight}</>}
        {a.updated_at && (
          <span className="d-block text-muted">
            Ultimo aggiornamento: {formatDateTime(a.updated_at)}, {a.updated_by}
          </span>
        )}
        {!canEdit && a.notes && <span className="d-block">Note: {a.notes}</span>}
      </p>
      {canEdit && (
        <form noValidate onSubmit={submit} aria-label={`Aggiorna l’azione ${number}`} className="pdz-mon-form">
          <div className="row g-2 align-items-start">
            <div className="col-sm-6 col-lg-3">
              <label htmlFor={`${base}-status`} className="pdz-label d-block">
                Stato<span className="visually-hidden">{suffix}</span>
              </label>
              <select {...invalid(`${base}-status`, bad.get('status'), 'form-select')} value={status} onChange={(e) => changeStatus(e.target.value as ActionStatus)}>
                {ACTION_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {actionStatusLabels[s]}
                  </option>
                ))}
              </select>
              <FieldError id={`${base}-status`} reason={bad.get('status')} />
            </div>
            <div className="col-sm-6 col-lg-4">
              <label htmlFor={`${base}-progress`} className="pdz-label d-block">
                Avanzamento (%)<span className="visually-hidden">{suffix}</span>
              </label>
              <div className="d-flex align-items-center gap-2">
                <input
                  {...invalid(`${base}-progress`, progressReason)}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={100}
                  step={1}
                  style={{ maxWidth: '6rem' }}
                  value={progress}
                  onChange={(e) => changeProgress(e.target.value)}
                />
                <input
                  type="range"
                  className="form-range"
                  min={0}
                  max={100}
                  step={5}
                  value={sliderValue}
                  aria-label={`Avanzamento${suffix} (cursore)`}
                  aria-valuetext={`${sliderValue}%`}
                  onChange={(e) => changeProgress(e.target.value)}
                />
              </div>
              <FieldError id={`${base}-progress`} reason={progressReason} />
            </div>
            <div className="col-lg-5">
              <label htmlFor={`${base}-notes`} className="pdz-label d-block">
                Note<span className="visually-hidden">{suffix}</span>
              </label>
              <textarea
                {...invalid(`${base}-notes`, bad.get('notes'))}
                rows={2}
                value={notes}
                onChange={(e) => {
                  setNotes(e.target.value);
                  setSaved(false);
                }}
              />
              <FieldError id={`${base}-notes`} reason={bad.get('notes')} />
            </div>
            <div className="col-lg-7">
              <label htmlFor={`${base}-note`} className="pdz-label d-block">
                Motivo della modifica (facoltativo, resta nello storico)<span className="visually-hidden">{suffix}</span>
              </label>
              <input {...invalid(`${base}-note`, bad.get('note'))} type="text" value={note} onChange={(e) => setNote(e.target.value)} />
              <FieldError id={`${base}-note`} reason={bad.get('note')} />
            </div>
            <div className="col-lg-5 d-flex align-items-end gap-2 pdz-mon-save">
              <button type="submit" className="btn btn-primary btn-sm" disabled={busy}>
                Salva<span className="visually-hidden">{suffix}</span>
              </button>
              {dirty && !busy && <span className="small text-muted">Modifiche non salvate</span>}
            </div>
          </div>
          <p className="small text-muted mb-0 mt-1">«Conclusa» vale 100%, «Non avviata» 0%; un’azione annullata non conta nell’avanzamento.</p>
          {error !== null && <WriteError error={error} onReload={onReload} title="Azione non salvata" />}
          {saved && !dirty && (
            <p className="text-success small fw-semibold mt-2 mb-0" role="status" tabIndex={-1} ref={savedRef}>
              Azione {number} salvata.
            </p>
          )}
        </form>
      )}
      <EvidenceSection
        plan={plan}
        ambito={ambito}
        a={a}
        number={number}
        canEdit={canEdit}
        onReload={onReload}
        onChanged={() => {
          setEvidenceChanges((n) => n + 1);
          onSaved();
        }}
      />
      <details className="mt-2 pdz-mon-history" onToggle={(e) => setShowHistory((e.target as HTMLDetailsElement).open)}>
        <summary>
          Storico<span className="visually-hidden">{suffix}</span>
        </summary>
        {showHistory && <ActionHistory plan={plan} action={a.id} version={a.version} refresh={evidenceChanges} />}
      </details>
    </li>
  );
}

// ---------------------------------------------------------------------------------------------------
// Indicators

function measureText(p: { value: number | null; text: string; date: string | null }, unit: string): string {
  const parts: string[] = [];
  if (p.value !== null && p.value !== undefined) parts.push(formatMeasure(p.value, unit));
  if (p.text) parts.push(p.text);
  if (p.date) parts.push(`al ${formatDate(p.date)}`);
  return parts.length ? parts.join(' ') : '–';
}

function TrendChart({ ind, id }: { ind: MonitoredIndicator; id: string }) {
  const valid = ind.measurements.filter((m) => !m.corrected_by);
  const option = useMemo<ChartOption>(() => {
    const marks: { yAxis: number; name: string; lineStyle: { color: string; type: 'dashed' | 'solid' }; label: { formatter: string } }[] = [];
    if (ind.baseline.value !== null) {
      marks.push({ yAxis: ind.baseline.value, name: 'Partenza', lineStyle: { color: '#5b6b8c', type: 'dashed' }, label: { formatter: `Partenza ${formatMeasure(ind.baseline.value)}` } });
    }
    if (ind.target.value !== null) {
      marks.push({ yAxis: ind.target.value, name: 'Atteso', lineStyle: { color: '#007a52', type: 'solid' }, label: { formatter: `Atteso ${formatMeasure(ind.target.value)}` } });
    }
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 110, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: valid.map((m) => formatDate(m.measured_on)) },
      yAxis: { type: 'value', scale: true },
      series: [
        {
          type: 'line',
          name: ind.name,
          data: valid.map((m) => m.value),
          symbolSize: 8,
          lineStyle: { color: '#0066cc', width: 3 },
          itemStyle: { color: '#0066cc' },
          markLine: { symbol: 'none', data: marks, label: { position: 'end' } },
        },
      ],
    };
  }, [ind, valid]);
  if (valid.length === 0) return null;
  return (
    <EChart
      id={id}
      title={`Andamento verso l’obiettivo: ${ind.name}`}
      description="Grafico a linee delle misurazioni valide nel tempo, con le linee del valore di partenza e del valore atteso; gli stessi valori sono nella tabella delle misurazioni."
      option={option}
      height={240}
    />
  );
}

function MeasurementForm({
  plan, ind, correcting, onCancelCorrection, onSaved, onReload,
}: {
  plan: number;
  ind: MonitoredIndicator;
  correcting: Measurement | null;
  onCancelCorrection(): void;
  onSaved(): void;
  onReload(): void;
}) {
  const base = `misura-${ind.id}`;
  const [on, setOn] = useState('');
  const [value, setValue] = useState('');
  const [source, setSource] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [localBad, setLocalBad] = useState<Map<string, string>>(new Map());
  const [done, setDone] = useState<string | null>(null);
  const dateRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (correcting) {
      setOn(correcting.measured_on);
      setValue(String(correcting.value).replace('.', ','));
      setSource(correcting.source);
      setNote('');
      setError(null);
      setLocalBad(new Map());
      setDone(null);
      dateRef.current?.focus();
    }
  }, [correcting]);

  const bad = new Map([...fieldReasons(error), ...localBad]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(null);
    const local = new Map<string, string>();
    const v = parseDecimal(value);
    if (!on) local.set('measured_on', 'Indica la data della misurazione.');
    if (v === null) local.set('value', 'Scrivi un numero (con la virgola per i decimali).');
    if (!source.trim()) local.set('source', 'Indica da dove viene il dato.');
    setLocalBad(local);
    if (local.size > 0) {
      const first = ['measured_on', 'value', 'source'].find((k) => local.has(k));
      document.getElementById(`${base}-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await monitoringApi.addMeasurement(plan, ind.id, {
        measured_on: on,
        value: v!,
        source: source.trim(),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(correcting?.id ? { corrects: correcting.id } : {}),
      });
      setDone(correcting ? 'Correzione registrata.' : 'Misurazione registrata.');
      setOn('');
      setValue('');
      setSource('');
      setNote('');
      onCancelCorrection();
      onSaved();
    } catch (err) {
      setError(err);
      const f = fieldReasons(err);
      const first = ['measured_on', 'value', 'source', 'note', 'corrects'].find((k) => f.has(k));
      if (first) setTimeout(() => document.getElementById(`${base}-${first}`)?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={submit} className="border rounded p-2 mt-2" aria-labelledby={`${base}-title`}>
      <p id={`${base}-title`} className="fw-semibold mb-2">
        {correcting ? `Correggi la misurazione del ${formatDate(correcting.measured_on)} (valore ${formatMeasure(correcting.value, ind.unit)})` : 'Aggiungi una misurazione'}
        <span className="visually-hidden"> dell’indicatore «{ind.name}»</span>
      </p>
      <div className="row g-2">
        <div className="col-sm-6 col-lg-3">
          <label htmlFor={`${base}-measured_on`} className="pdz-label d-block">
            Data
          </label>
          <input ref={dateRef} {...invalid(`${base}-measured_on`, bad.get('measured_on'))} type="date" value={on} onChange={(e) => setOn(e.target.value)} />
          <FieldError id={`${base}-measured_on`} reason={bad.get('measured_on')} />
        </div>
        <div className="col-sm-6 col-lg-2">
          <label htmlFor={`${base}-value`} className="pdz-label d-block">
            Valore{ind.unit ? ` (${ind.unit})` : ''}
          </label>
          <input {...invalid(`${base}-value`, bad.get('value'))} type="text" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />
          <FieldError id={`${base}-value`} reason={bad.get('value')} />
        </div>
        <div className="col-sm-6 col-lg-3">
          <label htmlFor={`${base}-source`} className="pdz-label d-block">
            Fonte
          </label>
          <input {...invalid(`${base}-source`, bad.get('source'))} type="text" value={source} onChange={(e) => setSource(e.target.value)} />
          <FieldError id={`${base}-source`} reason={bad.get('source')} />
        </div>
        <div className="col-sm-6 col-lg-4">
          <label htmlFor={`${base}-note`} className="pdz-label d-block">
            Nota (facoltativa)
          </label>
          <input {...invalid(`${base}-note`, bad.get('note'))} type="text" value={note} onChange={(e) => setNote(e.target.value)} />
          <FieldError id={`${base}-note`} reason={bad.get('note')} />
        </div>
      </div>
      {bad.get('corrects') && <div className="invalid-feedback d-block">{bad.get('corrects')}</div>}
      <div className="d-flex gap-2 mt-2">
        <button type="submit" className="btn btn-primary btn-sm" disabled={busy}>
          {correcting ? 'Registra la correzione' : 'Registra la misurazione'}
        </button>
        {correcting && (
          <button type="button" className="btn btn-outline-secondary btn-sm" onClick={onCancelCorrection}>
            Annulla la correzione
          </button>
        )}
      </div>
      {error !== null && <WriteError error={error} onReload={onReload} title="Misurazione non registrata" />}
      {done && (
        <p className="text-success small fw-semibold mt-2 mb-0" role="status">
          {done}
        </p>
      )}
    </form>
  );
}

function BindingControl({
  plan, ind, catalogue, canEdit, onSaved, onReload,
}: {
  plan: number;
  ind: MonitoredIndicator;
  catalogue: IndicatorDef[] | null;
  canEdit: boolean;
  onSaved(): void;
  onReload(): void;
}) {
  const base = `collega-${ind.id}`;
  const [kid, setKid] = useState('');
  const [category, setCategory] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const def = catalogue?.find((d) => d.id === kid);
  const categories = (def as { categories?: { code: string; label: string }[] } | undefined)?.categories ?? [];
  const bad = fieldReasons(error);

  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      setKid('');
      setCategory('');
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const b = ind.binding;
  return (
    <div className="mt-3">
      {b ? (
        <p className="mb-2" data-field="binding">
          Misurato dai flussi informativi:{' '}
          <strong>{catalogue?.find((d) => d.id === b.knowledge_indicator)?.name ?? (b.label || b.knowledge_indicator)}</strong>
          {b.category && <> – categoria {categoryLabel(catalogue, b.knowledge_indicator, b.category)}</>}
          {b.error && <span className="d-block text-danger small">I flussi non danno valori: {b.error}</span>}
        </p>
      ) : (
        <p className="small text-muted mb-2">Valori inseriti a mano. Se il dato arriva dai flussi informativi, collega l’indicatore: i valori si aggiornano da soli.</p>
      )}
      {canEdit && b && (
        <button type="button" className="btn btn-outline-danger btn-sm" disabled={busy} onClick={() => void run(() => monitoringApi.unbind(plan, ind.id))}>
          Rimuovi il collegamento ai flussi<span className="visually-hidden"> dell’indicatore «{ind.name}»</span>
        </button>
      )}
      {canEdit && !b && (
        <form
          noValidate
          className="row g-2 align-items-end"
          aria-label={`Misura dai flussi l’indicatore «${ind.name}»`}
          onSubmit={(e) => {
            e.preventDefault();
            if (!kid) {
              setError(new ApiError(422, 'validation_failed', 'Scegli un indicatore dei flussi.', [{ field: 'knowledge_indicator', reason: 'scegli un indicatore dall’elenco' }]));
              return;
            }
            void run(() => monitoringApi.bind(plan, ind.id, kid, category || undefined));
          }}
        >
          <div className="col-md-6">
            <label htmlFor={`${base}-kid`} className="pdz-label d-block">
              Indicatore dei flussi
            </label>
            <select
              {...invalid(`${base}-kid`, bad.get('knowledge_indicator'), 'form-select')}
              value={kid}
              onChange={(e) => {
                setKid(e.target.value);
                setCategory('');
              }}
            >
              <option value="">– scegli –</option>
              {(catalogue ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
            <FieldError id={`${base}-kid`} reason={bad.get('knowledge_indicator')} />
          </div>
          {categories.length > 0 && (
            <div className="col-md-3">
              <label htmlFor={`${base}-category`} className="pdz-label d-block">
                Categoria (facoltativa)
              </label>
              <select {...invalid(`${base}-category`, bad.get('category'), 'form-select')} value={category} onChange={(e) => setCategory(e.target.value)}>
                <option value="">Tutte</option>
                {categories.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.label}
                  </option>
                ))}
              </select>
              <FieldError id={`${base}-category`} reason={bad.get('category')} />
            </div>
          )}
          <div className="col-md-3">
            <button type="submit" className="btn btn-outline-primary btn-sm" disabled={busy}>
              Misura dai flussi
            </button>
          </div>
        </form>
      )}
      {error !== null && <WriteError error={error} onReload={onReload} title="Collegamento non eseguito" />}
    </div>
  );
}

function categoryLabel(catalogue: IndicatorDef[] | null, kid: string, code: string): string {
  const def = catalogue?.find((d) => d.id === kid) as { categories?: { code: string; label: string }[] } | undefined;
  return def?.categories?.find((c) => c.code === code)?.label ?? code;
}

function IndicatorItem({
  plan, ind, canEdit, catalogue, onSaved, onReload,
}: {
  plan: number;
  ind: MonitoredIndicator;
  canEdit: boolean;
  catalogue: IndicatorDef[] | null;
  onSaved(): void;
  onReload(): void;
}) {
  const [open, setOpen] = useState(false);
  const [correcting, setCorrecting] = useState<Measurement | null>(null);
  const byId = new Map(ind.measurements.filter((m) => m.id).map((m) => [m.id!, m]));
  const base = `indicatore-${ind.id}`;
  return (
    <li className="pdz-mon-indicator" id={base} data-indicator={ind.id}>
      <p className="mb-1 fw-semibold">{ind.name}</p>
      <dl className="row small mb-1 pdz-mon-dl">
        <div className="col-sm-6 col-lg-3">
          <dt>Partenza</dt>
          <dd>{measureText(ind.baseline, ind.unit)}</dd>
        </div>
        <div className="col-sm-6 col-lg-3">
          <dt>Valore atteso</dt>
          <dd>{measureText(ind.target, ind.unit)}</dd>
        </div>
        <div className="col-sm-6 col-lg-3">
          <dt>Ultimo valore</dt>
          <dd data-field="latest">{ind.latest !== null ? `${formatMeasure(ind.latest, ind.unit)} al ${formatDate(ind.latest_on)}` : <span className="text-muted">nessuna misurazione</span>}</dd>
        </div>
        <div className="col-sm-6 col-lg-3">
          <dt>Avanzamento</dt>
          <dd>
            <strong>{formatShare(ind.progress)}</strong> <span className="text-muted">(atteso {formatShare(ind.expected)})</span>{' '}
            <ProgressBadge judgement={ind.judgement} label={ind.label} />
          </dd>
        </div>
      </dl>
      {ind.dimension && <p className="small mb-1">Dimensione: {dimensionNames[ind.dimension] ?? ind.dimension}</p>}
      <details className="pdz-mon-details" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>
          Misurazioni ({ind.measurements.length}){canEdit ? ', inserimento e collegamento ai flussi' : ''}
          <span className="visually-hidden"> dell’indicatore «{ind.name}»</span>
        </summary>
        {open && (
          <div className="pt-2">
            {ind.measurements.length === 0 ? (
              <p className="small">Nessuna misurazione finora.</p>
            ) : (
              <>
                <TrendChart ind={ind} id={`${base}-chart`} />
                <div className="table-responsive">
                  <table className="table table-sm small" data-table="measurements">
                    <caption>Misurazioni dell’indicatore, dalla più vecchia</caption>
                    <thead>
                      <tr>
                        <th scope="col">Data</th>
                        <th scope="col">Valore</th>
                        <th scope="col">Fonte</th>
                        <th scope="col">Origine</th>
                        <th scope="col">Nota</th>
                        {canEdit && (
                          <th scope="col">
                            <span className="visually-hidden">Azioni</span>
                          </th>
                        )}
                      </tr>
                    </thead>
                    <tbody>
                      {ind.measurements.map((m, i) => {
                        const corr = m.corrected_by ? byId.get(m.corrected_by) : undefined;
                        const struck = (x: ReactNode) => (m.corrected_by ? <del>{x}</del> : x);
                        return (
                          <tr key={m.id ?? `f${i}`} data-corrected={m.corrected_by ? 'true' : undefined}>
                            <td>{struck(formatDate(m.measured_on))}</td>
                            <td>
                              {struck(formatMeasure(m.value, ind.unit))}
                              {m.corrected_by && (
                                <span className="d-block">
                                  corretta da {corr ? `${formatMeasure(corr.value, ind.unit)} (${formatDate(corr.measured_on)})` : 'una misurazione successiva'}
                                </span>
                              )}
                            </td>
                            <td>{m.source}</td>
                            <td>{m.origin === 'flow' ? 'dai flussi' : 'inserita'}</td>
                            <td>
                              {m.note || (m.corrects ? '' : <span className="text-muted">–</span>)}
                              {m.corrects && <span className="d-block text-muted">correzione</span>}
                              {m.entered_by && (
                                <span className="d-block text-muted">
                                  {m.entered_by}, {formatDateTime(m.entered_at)}
                                </span>
                              )}
                            </td>
                            {canEdit && (
                              <td>
                                {m.origin === 'entered' && !m.corrected_by && (
                                  <button type="button" className="btn btn-link btn-sm p-0" onClick={() => setCorrecting(m)}>
                                    Correggi<span className="visually-hidden"> la misurazione del {formatDate(m.measured_on)}</span>
                                  </button>
                                )}
                              </td>
                            )}
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </>
            )}
            {canEdit && (
              <MeasurementForm plan={plan} ind={ind} correcting={correcting} onCancelCorrection={() => setCorrecting(null)} onSaved={onSaved} onReload={onReload} />
            )}
            <BindingControl plan={plan} ind={ind} catalogue={catalogue} canEdit={canEdit} onSaved={onSaved} onReload={onReload} />
          </div>
        )}
      </details>
    </li>
  );
}

// ---------------------------------------------------------------------------------------------------
// The matrix and the summary

function SpecificBlock({
  plan, ambito, s, canEdit, catalogue, onSaved, onReload,
}: {
  plan: number;
  ambito?: string;
  s: MonitoredSpecific;
  canEdit: boolean;
  catalogue: IndicatorDef[] | null;
  onSaved(): void;
  onReload(): void;
}) {
  return (
    <section className="pdz-mon-specific" aria-labelledby={`spec-${s.id}-title`} data-specific={s.number}>
      <h5 id={`spec-${s.id}-title`} className="h6 mb-1">
        <span className="pdz-num">{s.number}</span> {s.title}
      </h5>
      <p className="small mb-2">
        <ProgressLine p={s.progress} what="Avanzamento" />
        <span className="d-block text-muted">
          Azioni (realizzazione): {formatShare(s.progress.actions)} · Indicatori (risultato): {formatShare(s.progress.indicators)}
        </span>
      </p>
      <h6 className="pdz-mon-sub">Azioni ({s.actions.length})</h6>
      {s.actions.length === 0 ? (
        <p className="small text-muted">Nessuna azione.</p>
      ) : (
        <ol className="pdz-mon-list">
          {s.actions.map((a, k) => (
            <ActionItem key={a.id} plan={plan} ambito={ambito} a={a} number={`${s.number}.${k + 1}`} canEdit={canEdit} onSaved={onSaved} onReload={onReload} />
          ))}
        </ol>
      )}
      <h6 className="pdz-mon-sub">Indicatori di esito ({s.indicators.length})</h6>
      {s.indicators.length === 0 ? (
        <p className="small text-muted">Nessun indicatore.</p>
      ) : (
        <ul className="pdz-mon-list">
          {s.indicators.map((ind) => (
            <IndicatorItem key={ind.id} plan={plan} ind={ind} canEdit={canEdit} catalogue={catalogue} onSaved={onSaved} onReload={onReload} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RollupTable({ id, caption, head, rows }: { id: string; caption: string; head: string; rows: { key: string; name: string; progress: number | null; extra?: ReactNode }[] }) {
  return (
    <div className="col-lg-4">
      <div className="table-responsive">
        <table className="table table-sm" id={id}>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{head}</th>
              <th scope="col" className="text-end">
                Avanzamento
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={2} className="text-muted">
                  Nessun dato.
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row" className="fw-normal">
                  {r.name}
                  {r.extra}
                </th>
                <td className="text-end">{formatShare(r.progress)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Summary({ m, names }: { m: PlanMonitoring; names: Names }) {
  return (
    <section aria-labelledby="mon-summary-title" className="mb-4">
      <h3 id="mon-summary-title" className="h5">
        Sintesi al {formatDate(m.as_of)}
      </h3>
      <dl className="row pdz-dl pdz-mon-summary" id="mon-summary">
        <div className="col-sm-6 col-lg-3">
          <dt>Avanzamento del piano</dt>
          <dd className="fs-4 fw-semibold" data-field="plan-progress">
            {formatShare(m.progress.value)}
          </dd>
        </div>
        <div className="col-sm-6 col-lg-3">
          <dt>Avanzamento atteso alla data</dt>
          <dd className="fs-4" data-field="plan-expected">
            {formatShare(m.progress.expected)}
          </dd>
        </div>
        <div className="col-sm-6 col-lg-3">
          <dt>Giudizio</dt>
          <dd data-field="plan-judgement">
            <ProgressBadge judgement={m.progress.judgement} label={m.progress.label} />
          </dd>
        </div>
        <div className="col-sm-6 col-lg-3">
          <dt>Azioni in ritardo</dt>
          <dd className="fs-4" data-field="overdue-count">
            {m.overdue.length}
          </dd>
        </div>
      </dl>
      <p className="small text-muted">
        Il giudizio confronta l’avanzamento con quello atteso alla data: «In linea» da {formatShare(m.thresholds.on_track)} dell’atteso, «A rischio» da{' '}
        {formatShare(m.thresholds.at_risk)}, sotto «In ritardo» (soglie: {m.thresholds.source}).
      </p>
      <div className="row">
        <RollupTable
          id="mon-by-area"
          caption="Per area tematica"
          head="Area"
          rows={m.by_area.map((r) => ({ key: r.area, name: names[r.area] ?? r.area, progress: r.progress }))}
        />
        <RollupTable
          id="mon-by-dimension"
          caption="Per dimensione (indicatori)"
          head="Dimensione"
          rows={m.by_dimension.map((r) => ({
            key: r.dimension,
            name: dimensionNames[r.dimension] ?? r.dimension,
            progress: r.progress,
            extra: (
              <span className="d-block small text-muted">
                {Object.entries(r.judgements)
                  .map(([j, n]) => `${judgementLabels[j as Judgement] ?? j}: ${n}`)
                  .join(' · ')}
              </span>
            ),
          }))}
        />
        <RollupTable
          id="mon-by-strategic"
          caption="Per obiettivo strategico regionale"
          head="Obiettivo strategico"
          rows={m.by_strategic_objective.map((r) => ({ key: r.strategic_objective, name: names[r.strategic_objective] ?? r.strategic_objective, progress: r.progress }))}
        />
      </div>
    </section>
  );
}

function OverdueList({ m }: { m: PlanMonitoring }) {
  const number = useMemo(() => {
    const n = new Map<string, string>();
    for (const g of m.objectives) for (const s of g.specific) s.actions.forEach((a, k) => n.set(a.id, `${s.number}.${k + 1}`));
    return n;
  }, [m]);
  return (
    <section aria-labelledby="mon-overdue-title" className="mb-4">
      <h3 id="mon-overdue-title" className="h5">
        Azioni in ritardo ({m.overdue.length})
      </h3>
      {m.overdue.length === 0 ? (
        <p>Nessuna azione in ritardo al {formatDate(m.as_of)}.</p>
      ) : (
        <div className="table-responsive">
          <table className="table table-sm" id="mon-overdue">
            <caption className="visually-hidden">Azioni scadute e non concluse né annullate al {formatDate(m.as_of)}</caption>
            <thead>
              <tr>
                <th scope="col">Obiettivo</th>
                <th scope="col">Azione</th>
                <th scope="col">Scadenza</th>
                <th scope="col" className="text-end">
                  Giorni di ritardo
                </th>
                <th scope="col">Stato</th>
              </tr>
            </thead>
            <tbody>
              {m.overdue.map((o) => (
                <tr key={o.action_id}>
                  <td>
                    <span title={o.specific_title}>{o.objective}</span>
                  </td>
                  <th scope="row" className="fw-normal">
                    <a href={`#azione-${o.action_id}`} onClick={(e) => {
                      e.preventDefault();
                      const el = document.getElementById(`azione-${o.action_id}`);
                      el?.scrollIntoView({ block: 'start' });
                      el?.focus();
                    }}>
                      {number.get(o.action_id) ? `${number.get(o.action_id)} ` : ''}
                      {o.text}
                    </a>
                  </th>
                  <td>{formatDate(o.due)}</td>
                  <td className="text-end">{o.days_late}</td>
                  <td>{o.status_label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function PlanMonitoringView({
  plan, status, statusLabel, canEdit, names = {},
}: {
  plan: number;
  status: string;
  statusLabel: string;
  /** The user may write the monitoring (a role on the ambito); the API checks it again. */
  canEdit: boolean;
  /** Names of the thematic areas and strategic objectives of the plan's ruleset. */
  names?: Names;
}) {
  const monitored = MONITORED_STATES.has(status);
  const [asOf, setAsOf] = useState(todayIso());
  const [dateInput, setDateInput] = useState(asOf);
  const m = useApi(() => (monitored ? monitoringApi.get(plan, asOf) : Promise.resolve(null)), [plan, asOf, monitored]);
  // The flow indicators: names of the bound ones, and the choices of the binding control.
  const catalogue = useApi(() => (monitored ? knowledgeApi.indicators().then((r) => r.indicators) : Promise.resolve(null)), [monitored]);
  const dateId = useId();

  if (!monitored) {
    return (
      <>
        <h2 className="h4">Monitoraggio</h2>
        <div className="alert alert-info" role="note" id="mon-not-started">
          Il piano è «{statusLabel}». Il monitoraggio (stato delle azioni, misurazioni degli indicatori) comincia con l’approvazione della
          Regione: da quel momento si può registrare qui.
        </div>
      </>
    );
  }

  const d = m.data;
  return (
    <>
      <h2 className="h4">Monitoraggio</h2>
      <p>
        Stato di attuazione di ogni azione e valori degli indicatori di esito. L’avanzamento degli obiettivi e del piano è calcolato dalle azioni e
        dagli indicatori: non va inserito.
      </p>
      <MonitoringDownloads path={`/plans/${plan}/monitoring`} asOf={asOf} what="del monitoraggio del piano" id="mon-downloads" />
      <form
        className="row g-2 align-items-end mb-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (/^\d{4}-\d{2}-\d{2}$/.test(dateInput)) setAsOf(dateInput);
        }}
      >
        <div className="col-auto">
          <label htmlFor={dateId} className="pdz-label d-block">
            Situazione al
          </label>
          <input
            id={dateId}
            type="date"
            className="form-control"
            value={dateInput}
            onChange={(e) => {
              setDateInput(e.target.value);
              if (/^\d{4}-\d{2}-\d{2}$/.test(e.target.value)) setAsOf(e.target.value);
            }}
          />
        </div>
        <div className="col-auto">
          <button
            type="button"
            className="btn btn-outline-primary"
            onClick={() => {
              setDateInput(todayIso());
              setAsOf(todayIso());
            }}
          >
            Oggi
          </button>
        </div>
      </form>
      {!canEdit && (
        <p className="small text-muted" id="mon-readonly">
          Solo l’Ufficio di Piano dell’ambito aggiorna il monitoraggio: accedi con il tuo utente per modificarlo.
        </p>
      )}
      {m.loading && !d && <Loading label="Caricamento del monitoraggio…" />}
      {m.error !== null && <ErrorAlert error={m.error} />}
      {d && (
        <div aria-busy={m.loading}>
          <Summary m={d} names={names} />
          <OverdueList m={d} />
          <section aria-labelledby="mon-matrix-title">
            <h3 id="mon-matrix-title" className="h5">
              Obiettivi, azioni e indicatori
            </h3>
            {d.objectives.length === 0 && <p>Il piano non ha obiettivi.</p>}
            {d.objectives.map((g) => (
              <section key={g.id} className="pdz-mon-objective mb-4" aria-labelledby={`mon-obj-${g.id}`} data-objective={g.number}>
                <h4 id={`mon-obj-${g.id}`} className="h5 pdz-objective-title">
                  <span className="pdz-num">{g.number}.</span> {g.title}
                </h4>
                <p className="mb-2">
                  <ProgressLine p={g.progress} what="Avanzamento dell’obiettivo" />
                  {g.strategic_objectives.length > 0 && (
                    <span className="d-block small text-muted">
                      Obiettivi strategici: {g.strategic_objectives.map((c) => names[c] ?? c).join(', ')}
                    </span>
                  )}
                </p>
                {g.specific.map((s) => (
                  <SpecificBlock key={s.id} plan={plan} ambito={d.plan.ambito} s={s} canEdit={canEdit} catalogue={catalogue.data} onSaved={m.reload} onReload={m.reload} />
                ))}
              </section>
            ))}
          </section>
        </div>
      )}
    </>
  );
}
