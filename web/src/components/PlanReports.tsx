// Tab «Relazioni» of the plan page (docs/monitoring.md §6): the reports the ruleset asks for with their due
// dates (when the API gives the schedule), the reports written with their state, a new draft, and the
// report itself: narrative sections edited and saved (optimistic version), submitted by the Ufficio di
// Piano, accepted or returned with a note by the Region or the ATS, downloaded as PDF or DOCX.
import { useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { formatDate, formatDateTime, todayIso } from '../api/labels';
import { MONITORED_STATES } from '../api/monitoring';
import {
  normalizeSchedule, reportKindLabels, reportSections, reportsApi, type Report, type ReportKind, type ReportSummary, type ScheduleItem,
} from '../api/reports';
import { Markdown } from './Markdown';
import { FieldError, fieldProps, fieldReasons, ReportStateBadge, WriteError } from './MonitoringForms';
import { ErrorAlert, Loading } from './Status';
import { useApi } from './useApi';

const FORBIDDEN_EDIT = 'Non hai i permessi per questa relazione: la redige l’Ufficio di Piano dell’ambito, la accettano o la restituiscono la Regione e l’ATS.';

function periodText(from: string | null, to: string | null): string {
  if (!from || !to) return '–';
  return `dal ${formatDate(from)} al ${formatDate(to)}`;
}

/** The last return's note of a report (from its transitions). */
function lastReturn(r: Report) {
  return [...r.transitions].reverse().find((t) => t.to === 'restituita') ?? null;
}

/** The note of a returned report, read from the report itself (the list does not carry it). */
function ReturnNote({ id }: { id: number }) {
  const r = useApi(() => reportsApi.get(id), [id]);
  const t = r.data ? lastReturn(r.data) : null;
  if (!t?.note) return null;
  return (
    <span className="d-block small" data-field="return-note">
      Nota di restituzione ({t.actor}, {formatDate(t.at.slice(0, 10))}): «{t.note}»
    </span>
  );
}

// ---------------------------------------------------------------------------------------------------
// The editor of one report

function ReportEditor({
  id, canEdit, canReview, onBack, onChanged,
}: {
  id: number;
  canEdit: boolean;
  canReview: boolean;
  onBack(): void;
  onChanged(): void;
}) {
  const r = useApi(() => reportsApi.get(id), [id]);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [noteBad, setNoteBad] = useState<string | null>(null);
  const headRef = useRef<HTMLHeadingElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const d = r.data;

  useEffect(() => {
    headRef.current?.focus();
  }, [id, !!d]);
  // A new version (after a save, a step or a reload): the fields show what is stored.
  useEffect(() => {
    if (d) setTexts({ ...d.narrative });
  }, [d?.id, d?.version]);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  if (r.loading && !d) return <Loading label="Caricamento della relazione…" />;
  if (r.error !== null && !d) return <ErrorAlert error={r.error} />;
  if (!d) return null;

  const mayEdit = (d.can_edit ?? canEdit) && d.editable;
  const allowed = d.allowed_transitions;
  const maySubmit = allowed ? allowed.includes('trasmessa') : canEdit && d.editable;
  const mayReview = allowed ? allowed.includes('accettata') || allowed.includes('restituita') : canReview && d.state === 'trasmessa';
  const dirty = reportSections.some((s) => (texts[s.code] ?? '') !== (d.narrative[s.code] ?? ''));
  const bad = fieldReasons(error);
  const noteReason = noteBad ?? bad.get('note');
  const returned = lastReturn(d);

  async function save(): Promise<Report | null> {
    const next = await reportsApi.patch(d!.id, { narrative: texts, version: d!.version });
    r.setData(next);
    return next;
  }

  async function run(what: () => Promise<string>) {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      setDone(await what());
      onChanged();
    } catch (err) {
      setError(err);
      const f = fieldReasons(err);
      const first = reportSections.find((s) => f.has(`narrative.${s.code}`));
      if (first) setTimeout(() => document.getElementById(`rel-${first.code}`)?.focus(), 0);
      else if (f.has('note')) setTimeout(() => document.getElementById('rel-note')?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  const onSave = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await save();
      return 'Relazione salvata.';
    });
  };
  const onSubmitReport = () =>
    run(async () => {
      // Unsaved text is saved first: what is submitted is what the officer sees.
      if (dirty) await save();
      const next = await reportsApi.transition(d.id, 'trasmessa');
      r.setData(next);
      return 'Relazione trasmessa: i dati di monitoraggio sono stati congelati alla fine del periodo e il documento è pronto.';
    });
  const onReview = (to: 'accettata' | 'restituita') => {
    setNoteBad(null);
    if (to === 'restituita' && !note.trim()) {
      setNoteBad('Scrivi che cosa va integrato: la nota è obbligatoria per restituire la relazione.');
      document.getElementById('rel-note')?.focus();
      return;
    }
    void run(async () => {
      const next = await reportsApi.transition(d.id, to, note);
      r.setData(next);
      setNote('');
      return to === 'accettata' ? 'Relazione accettata.' : 'Relazione restituita all’Ufficio di Piano con la nota.';
    });
  };

  return (
    <section aria-labelledby="rel-title" id="rel-editor" data-report={d.id}>
      <p>
        <button type="button" className="btn btn-link px-0" onClick={onBack}>
          <span aria-hidden="true">← </span>Torna all’elenco delle relazioni
        </button>
      </p>
      <h3 id="rel-title" className="h5" tabIndex={-1} ref={headRef}>
        {d.title}
      </h3>
      <dl className="row pdz-dl">
        <div className="col-sm-6 col-lg-3">
          <dt>Tipo</dt>
          <dd>{d.kind_label}</dd>
        </div>
        <div className="col-sm-6 col-lg-3">
          <dt>Periodo</dt>
          <dd>{periodText(d.period.from, d.period.to)}</dd>
        </div>
        <div className="col-sm-6 col-lg-2">
          <dt>Stato</dt>
          <dd data-field="report-state">
            <ReportStateBadge state={d.state} label={d.state_label} />
          </dd>
        </div>
        <div className="col-sm-6 col-lg-4">
          <dt>Ultima modifica</dt>
          <dd>
            {formatDateTime(d.updated_at)} <span className="text-muted">(creata da {d.created_by})</span>
          </dd>
        </div>
      </dl>

      {d.state === 'restituita' && returned && (
        <div className="alert alert-warning" role="note" id="rel-returned">
          <p className="fw-semibold mb-1">
            Relazione restituita da {returned.actor} il {formatDateTime(returned.at)}:
          </p>
          <p className="mb-0">«{returned.note}»</p>
          {mayEdit && <p className="mb-0 mt-1">Integra il testo e trasmettila di nuovo.</p>}
        </div>
      )}

      <div className="d-flex flex-wrap gap-2 mb-3" id="rel-downloads">
        <a className="btn btn-outline-primary btn-sm" href={reportsApi.exportUrl(d.id, 'pdf')} download>
          Scarica PDF<span className="visually-hidden"> della relazione</span>
        </a>
        <a className="btn btn-outline-primary btn-sm" href={reportsApi.exportUrl(d.id, 'docx')} download>
          Scarica DOCX<span className="visually-hidden"> della relazione</span>
        </a>
        <span className="small text-muted align-self-center">
          {d.editable
            ? 'Bozza: il documento mostra i dati di monitoraggio aggiornati a oggi, alla fine del periodo.'
            : 'Il documento riporta i dati congelati alla trasmissione.'}
        </span>
      </div>

      {mayEdit ? (
        <form noValidate onSubmit={onSave} aria-labelledby="rel-text-title">
          <h4 id="rel-text-title" className="h6">
            Testo della relazione
          </h4>
          <p className="small text-muted">Ogni sezione accetta testo semplice o Markdown (elenchi puntati, **grassetto**).</p>
          {reportSections.map((s) => {
            const fid = `rel-${s.code}`;
            const reason = bad.get(`narrative.${s.code}`);
            return (
              <div className="mb-3" key={s.code}>
                <label htmlFor={fid} className="pdz-label d-block">
                  {s.title}
                </label>
                <p className="small text-muted mb-1" id={`${fid}-help`}>
                  {s.help}
                </p>
                <textarea
                  {...fieldProps(fid, reason)}
                  aria-describedby={reason ? `${fid}-help ${fid}-err` : `${fid}-help`}
                  rows={s.code === 'sintesi' ? 5 : 4}
                  value={texts[s.code] ?? ''}
                  onChange={(e) => {
                    setTexts({ ...texts, [s.code]: e.target.value });
                    setDone(null);
                  }}
                />
                <FieldError id={fid} reason={reason} />
              </div>
            );
          })}
          <details className="pdz-mon-details mb-3" id="rel-preview">
            <summary>Anteprima del testo</summary>
            <div className="border rounded p-3 mt-2">
              {reportSections.map((s) => (
                <div key={s.code} className="mb-2">
                  <p className="fw-semibold mb-1">{s.title}</p>
                  {(texts[s.code] ?? '').trim() ? <Markdown source={texts[s.code]} baseLevel={5} /> : <p className="text-muted">Sezione non compilata.</p>}
                </div>
              ))}
              <p className="small text-muted mb-0">Il documento completo, con i dati di monitoraggio, si ottiene con «Scarica PDF».</p>
            </div>
          </details>
          <div className="d-flex flex-wrap gap-2 align-items-center">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              Salva<span className="visually-hidden"> la relazione</span>
            </button>
            {maySubmit && (
              <button type="button" className="btn btn-outline-primary" disabled={busy} onClick={() => void onSubmitReport()} aria-describedby="rel-submit-help">
                Trasmetti<span className="visually-hidden"> la relazione</span>
              </button>
            )}
            {dirty && !busy && <span className="small text-muted">Modifiche non salvate</span>}
          </div>
          {maySubmit && (
            <p className="small text-muted mt-1" id="rel-submit-help">
              «Trasmetti» salva il testo e invia la relazione alla Regione e all’ATS: i dati di monitoraggio alla fine del periodo vengono congelati
              nel documento e il testo non si modifica più, salvo restituzione.
            </p>
          )}
        </form>
      ) : (
        <section aria-labelledby="rel-text-title">
          <h4 id="rel-text-title" className="h6">
            Testo della relazione
          </h4>
          {reportSections.map((s) => (
            <div key={s.code} className="mb-3" data-section={s.code}>
              <p className="fw-semibold mb-1">{s.title}</p>
              {(d.narrative[s.code] ?? '').trim() ? (
                <Markdown source={d.narrative[s.code]} baseLevel={5} />
              ) : (
                <p className="text-muted">Sezione non compilata.</p>
              )}
            </div>
          ))}
          {maySubmit && (
            <button type="button" className="btn btn-outline-primary" disabled={busy} onClick={() => void onSubmitReport()}>
              Trasmetti<span className="visually-hidden"> la relazione</span>
            </button>
          )}
        </section>
      )}

      {mayReview && (
        <section aria-labelledby="rel-review-title" className="mt-4" id="rel-review">
          <h4 id="rel-review-title" className="h6">
            Esito dell’esame
          </h4>
          <label htmlFor="rel-note" className="pdz-label d-block">
            Nota (obbligatoria per restituire)
          </label>
          <textarea
            {...fieldProps('rel-note', noteReason)}
            rows={3}
            value={note}
            onChange={(e) => {
              setNote(e.target.value);
              setNoteBad(null);
            }}
          />
          <FieldError id="rel-note" reason={noteReason} />
          <div className="d-flex flex-wrap gap-2 mt-2">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => onReview('accettata')}>
              Accetta<span className="visually-hidden"> la relazione</span>
            </button>
            <button type="button" className="btn btn-outline-danger" disabled={busy} onClick={() => onReview('restituita')}>
              Restituisci<span className="visually-hidden"> la relazione con la nota</span>
            </button>
          </div>
        </section>
      )}

      {error !== null && (
        <WriteError
          error={error}
          onReload={() => {
            setError(null);
            r.reload();
          }}
          title="Operazione non riuscita"
          forbidden={FORBIDDEN_EDIT}
        />
      )}
      {done && (
        <p className="text-success fw-semibold mt-2" role="status" tabIndex={-1} ref={doneRef} id="rel-done">
          {done}
        </p>
      )}

      {d.transitions.length > 0 && (
        <div className="table-responsive mt-4">
          <table className="table table-sm small" id="rel-transitions">
            <caption>Passaggi di stato della relazione</caption>
            <thead>
              <tr>
                <th scope="col">Data e ora</th>
                <th scope="col">Chi</th>
                <th scope="col">Da</th>
                <th scope="col">A</th>
                <th scope="col">Nota</th>
              </tr>
            </thead>
            <tbody>
              {d.transitions.map((t, i) => (
                <tr key={i}>
                  <td>{formatDateTime(t.at)}</td>
                  <td>{t.actor}</td>
                  <td>{t.from_label}</td>
                  <td>{t.to_label}</td>
                  <td>{t.note || <span className="text-muted">–</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------
// The list, the schedule and a new draft

/**
 * The default period of a new report of a kind: the first expected one still missing (the schedule),
 * else the whole plan (previsione, consuntivo) or the plan's first year (avanzamento).
 */
function defaultPeriod(kind: string, period: { from: string; to: string }, schedule: ScheduleItem[] | null) {
  const s = schedule?.find((x) => x.kind === kind && x.missing && x.from && x.to);
  if (s) return { from: s.from!, to: s.to! };
  if (kind !== 'avanzamento') return { from: period.from, to: period.to };
  const endOfYear = `${period.from.slice(0, 4)}-12-31`;
  return { from: period.from, to: endOfYear < period.to ? endOfYear : period.to };
}

function NewReport({
  plan, period, kinds, schedule, onCreated,
}: {
  plan: number;
  period: { from: string; to: string };
  kinds: { kind: string; label: string }[];
  schedule: ScheduleItem[] | null;
  onCreated(id: number): void;
}) {
  const [kind, setKind] = useState('avanzamento');
  const [from, setFrom] = useState(() => defaultPeriod('avanzamento', period, schedule).from);
  const [to, setTo] = useState(() => defaultPeriod('avanzamento', period, schedule).to);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const bad = fieldReasons(error);
  const base = useId();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const r = await reportsApi.create(plan, { kind, period_from: from, period_to: to });
      onCreated(r.id);
    } catch (err) {
      setError(err);
      const f = fieldReasons(err);
      const first = ['kind', 'period_from', 'period_to'].find((k) => f.has(k));
      if (first) setTimeout(() => document.getElementById(`${base}-${first}`)?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="rel-new-title" className="mt-4">
      <h3 id="rel-new-title" className="h5">
        Nuova relazione
      </h3>
      <form noValidate onSubmit={submit} className="row g-2 align-items-start" id="rel-new">
        <div className="col-md-4">
          <label htmlFor={`${base}-kind`} className="pdz-label d-block">
            Tipo di relazione
          </label>
          <select
            {...fieldProps(`${base}-kind`, bad.get('kind'), 'form-select')}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              const p = defaultPeriod(e.target.value, period, schedule);
              setFrom(p.from);
              setTo(p.to);
            }}
          >
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
          <FieldError id={`${base}-kind`} reason={bad.get('kind')} />
        </div>
        <div className="col-sm-6 col-md-3">
          <label htmlFor={`${base}-period_from`} className="pdz-label d-block">
            Periodo dal
          </label>
          <input {...fieldProps(`${base}-period_from`, bad.get('period_from'))} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          <FieldError id={`${base}-period_from`} reason={bad.get('period_from')} />
        </div>
        <div className="col-sm-6 col-md-3">
          <label htmlFor={`${base}-period_to`} className="pdz-label d-block">
            Periodo al
          </label>
          <input {...fieldProps(`${base}-period_to`, bad.get('period_to'))} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          <FieldError id={`${base}-period_to`} reason={bad.get('period_to')} />
        </div>
        <div className="col-md-2 d-flex align-items-end pdz-mon-save">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Crea la bozza
          </button>
        </div>
        <p className="small text-muted mb-0">
          Il periodo sta dentro quello del piano ({periodText(period.from, period.to)}). La bozza si completa e si trasmette dopo.
        </p>
      </form>
      {error !== null && <WriteError error={error} title="Relazione non creata" forbidden={FORBIDDEN_EDIT} />}
    </section>
  );
}

function Schedule({
  items, canEdit, onCreate, onOpen, busyKey, error,
}: {
  items: ScheduleItem[];
  canEdit: boolean;
  onCreate(s: ScheduleItem): void;
  onOpen(id: number): void;
  busyKey: string | null;
  error: unknown;
}) {
  return (
    <section aria-labelledby="rel-schedule-title" className="mb-4">
      <h3 id="rel-schedule-title" className="h5">
        Relazioni previste dalle linee guida
      </h3>
      {items.length === 0 ? (
        <p>Le linee guida del piano non prevedono scadenze per le relazioni.</p>
      ) : (
        <div className="table-responsive">
          <table className="table table-sm" id="rel-schedule">
            <caption className="visually-hidden">Relazioni previste, con il periodo, la scadenza e lo stato</caption>
            <thead>
              <tr>
                <th scope="col">Relazione</th>
                <th scope="col">Periodo</th>
                <th scope="col">Scadenza</th>
                <th scope="col">Stato</th>
                <th scope="col">
                  <span className="visually-hidden">Azioni</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((s, i) => {
                const key = `${s.kind}-${s.from}-${s.to}`;
                return (
                  <tr key={i} data-schedule={s.kind} className={s.overdue ? 'pdz-row-warning' : undefined}>
                    <th scope="row" className="fw-normal">
                      {s.title ?? s.label}
                    </th>
                    <td>{periodText(s.from, s.to)}</td>
                    <td>{s.due ? formatDate(s.due) : '–'}</td>
                    <td>
                      {s.state ? <ReportStateBadge state={s.state} label={s.stateLabel ?? s.state} /> : s.missing ? <span className="pdz-mon-badge pdz-mon-not_measured">Mancante</span> : null}
                      {s.overdue && (
                        <>
                          {' '}
                          <span className="pdz-mon-badge pdz-mon-late" data-field="schedule-overdue">
                            Scaduta{s.daysLate > 0 ? ` da ${s.daysLate} giorni` : ''}
                          </span>
                        </>
                      )}
                    </td>
                    <td>
                      {s.reportId !== null ? (
                        <button type="button" className="btn btn-link btn-sm p-0" onClick={() => onOpen(s.reportId!)}>
                          Apri<span className="visually-hidden"> la {s.label.toLowerCase()} {periodText(s.from, s.to)}</span>
                        </button>
                      ) : (
                        canEdit &&
                        s.missing &&
                        s.from &&
                        s.to && (
                          <button type="button" className="btn btn-outline-primary btn-sm" disabled={busyKey === key} onClick={() => onCreate(s)}>
                            Crea bozza<span className="visually-hidden"> della {s.label.toLowerCase()} {periodText(s.from, s.to)}</span>
                          </button>
                        )
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {error !== null && <WriteError error={error} title="Relazione non creata" forbidden={FORBIDDEN_EDIT} />}
    </section>
  );
}

function ReportTable({ items, onOpen }: { items: ReportSummary[]; onOpen(id: number): void }) {
  if (items.length === 0) return <p id="rel-none">Nessuna relazione redatta finora.</p>;
  return (
    <div className="table-responsive">
      <table className="table table-sm" id="rel-list">
        <caption className="visually-hidden">Relazioni del piano, per periodo</caption>
        <thead>
          <tr>
            <th scope="col">Relazione</th>
            <th scope="col">Tipo</th>
            <th scope="col">Periodo</th>
            <th scope="col">Stato</th>
            <th scope="col">Ultima modifica</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-report={r.id}>
              <th scope="row" className="fw-normal">
                <a
                  href={`?scheda=relazioni&relazione=${r.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    onOpen(r.id);
                  }}
                >
                  {r.title}
                </a>
              </th>
              <td>{r.kind_label || reportKindLabels[r.kind as ReportKind] || r.kind}</td>
              <td>{periodText(r.period.from, r.period.to)}</td>
              <td>
                <ReportStateBadge state={r.state} label={r.state_label} />
                {r.state === 'restituita' && <ReturnNote id={r.id} />}
              </td>
              <td>
                {formatDateTime(r.updated_at)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PlanReports({
  plan, status, statusLabel, period, canEdit, canReview,
}: {
  plan: number;
  status: string;
  statusLabel: string;
  period: { from: string; to: string };
  /** The user writes the reports (the ambito's Ufficio di Piano); the API checks it again. */
  canEdit: boolean;
  /** The user accepts or returns them (the Region, the ATS of the ambito). */
  canReview: boolean;
}) {
  const monitored = MONITORED_STATES.has(status);
  const [params, setParams] = useSearchParams();
  const open = Number(params.get('relazione') ?? '') || null;
  const list = useApi(() => (monitored ? reportsApi.list(plan) : Promise.resolve(null)), [plan, monitored]);
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [createError, setCreateError] = useState<unknown>(null);
  const listHeadRef = useRef<HTMLHeadingElement>(null);
  const returning = useRef(false);

  const setOpen = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id === null) next.delete('relazione');
    else next.set('relazione', String(id));
    setParams(next, { replace: false });
  };
  useEffect(() => {
    if (open === null && returning.current) {
      returning.current = false;
      listHeadRef.current?.focus();
    }
  }, [open]);

  if (!monitored) {
    return (
      <>
        <h2 className="h4">Relazioni di monitoraggio</h2>
        <div className="alert alert-info" role="note" id="rel-not-started">
          Il piano è «{statusLabel}». Le relazioni di previsione, avanzamento e consuntivo si redigono dall’approvazione della Regione in poi.
        </div>
      </>
    );
  }

  const d = list.data;
  const schedule = d && d.schedule !== undefined ? normalizeSchedule(d.schedule, d.today ?? todayIso()) : null;

  async function createFromSchedule(s: ScheduleItem) {
    if (!s.from || !s.to) return;
    setCreateError(null);
    setBusyKey(`${s.kind}-${s.from}-${s.to}`);
    try {
      const r = await reportsApi.create(plan, { kind: s.kind, period_from: s.from, period_to: s.to });
      list.reload();
      setOpen(r.id);
    } catch (err) {
      setCreateError(err);
    } finally {
      setBusyKey(null);
    }
  }

  return (
    <>
      <h2 className="h4">Relazioni di monitoraggio</h2>
      <p>
        Le relazioni di previsione, di avanzamento e di consuntivo raccontano l’attuazione del piano. Alla trasmissione i dati di monitoraggio del
        periodo vengono congelati nel documento; la Regione o l’ATS la accettano o la restituiscono con una nota.
      </p>
      {!canEdit && !canReview && (
        <p className="small text-muted" id="rel-readonly">
          Solo l’Ufficio di Piano dell’ambito redige le relazioni: accedi con il tuo utente per scriverle.
        </p>
      )}
      {open !== null ? (
        <ReportEditor
          key={open}
          id={open}
          canEdit={canEdit}
          canReview={canReview}
          onBack={() => {
            returning.current = true;
            setOpen(null);
          }}
          onChanged={list.reload}
        />
      ) : (
        <>
          {list.loading && !d && <Loading label="Caricamento delle relazioni…" />}
          {list.error !== null && <ErrorAlert error={list.error} />}
          {d && (
            <>
              {schedule && (
                <Schedule items={schedule} canEdit={canEdit} onCreate={(s) => void createFromSchedule(s)} onOpen={setOpen} busyKey={busyKey} error={createError} />
              )}
              <section aria-labelledby="rel-list-title">
                <h3 id="rel-list-title" className="h5" tabIndex={-1} ref={listHeadRef}>
                  Relazioni redatte ({d.items.length})
                </h3>
                <ReportTable items={d.items} onOpen={setOpen} />
              </section>
              {canEdit && (
                <NewReport
                  plan={plan}
                  period={period}
                  kinds={d.kinds}
                  schedule={schedule}
                  onCreated={(id) => {
                    list.reload();
                    setOpen(id);
                  }}
                />
              )}
            </>
          )}
        </>
      )}
    </>
  );
}
