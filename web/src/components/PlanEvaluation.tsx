// Tab «Valutazione» of the plan page (docs/monitoring.md §6, seed 004): the questions of the three levels
// (esiti, risultati, impatto nel triennio) from the plan's ruleset, each with its answer and, where asked,
// a 1-5 rating. One save sends every changed answer with its version: all are stored or none (the API's
// 422 is shown next to its field, a 409 asks to reload). Impatto opens at the end of the triennium.
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { formatDate, formatDateTime } from '../api/labels';
import { MONITORED_STATES } from '../api/monitoring';
import { evaluationLevels, reportsApi, type EvaluationAnswer, type EvaluationItem } from '../api/reports';
import { FieldError, fieldProps, WriteError } from './MonitoringForms';
import { ErrorAlert, Loading } from './Status';
import { useApi } from './useApi';

const key = (i: Pick<EvaluationItem, 'level' | 'code'>) => `${i.level}:${i.code}`;
const fid = (i: Pick<EvaluationItem, 'level' | 'code'>) => `val-${i.level}-${i.code}`;

interface Draft {
  answer: string;
  rating: string;
}

export function PlanEvaluation({
  plan, status, statusLabel, periodTo, canEdit,
}: {
  plan: number;
  status: string;
  statusLabel: string;
  /** The plan's last day: impatto is answered from then on. */
  periodTo: string;
  /** The user may answer (the ambito's Ufficio di Piano); the API checks it again. */
  canEdit: boolean;
}) {
  const ev = useApi(() => reportsApi.evaluation(plan), [plan]);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** Field id -> reason, from the last 422 (mapped back from answers[i]). */
  const [bad, setBad] = useState<Map<string, string>>(new Map());
  const [saved, setSaved] = useState<number | null>(null);
  const savedRef = useRef<HTMLParagraphElement>(null);
  const d = ev.data;
  const monitored = MONITORED_STATES.has(status);
  const writable = canEdit && monitored;

  // What is stored, each time the answers are (re)loaded.
  useEffect(() => {
    if (!d) return;
    setDrafts(Object.fromEntries(d.items.map((i) => [key(i), { answer: i.answer, rating: i.rating_value === null ? '' : String(i.rating_value) }])));
  }, [d]);
  useEffect(() => {
    if (saved !== null) savedRef.current?.focus();
  }, [saved]);

  if (ev.loading && !d) return <Loading label="Caricamento della valutazione…" />;
  if (ev.error !== null && !d) return <ErrorAlert error={ev.error} />;
  if (!d) return null;

  const changed = d.items.filter((i) => {
    const x = drafts[key(i)];
    if (!x) return false;
    return x.answer !== i.answer || x.rating !== (i.rating_value === null ? '' : String(i.rating_value));
  });
  const impattoReason =
    d.impatto_reason ?? `La valutazione d’impatto si fa a chiusura del triennio: si compila dal ${formatDate(periodTo)}, al termine del piano.`;

  const set = (i: EvaluationItem, patch: Partial<Draft>) => {
    setDrafts({ ...drafts, [key(i)]: { ...drafts[key(i)], ...patch } });
    setSaved(null);
    if (bad.size) {
      const next = new Map(bad);
      next.delete(`${fid(i)}-answer`);
      next.delete(`${fid(i)}-rating`);
      setBad(next);
    }
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBad(new Map());
    setSaved(null);
    if (changed.length === 0) {
      setSaved(0);
      return;
    }
    const sent = changed;
    const answers: EvaluationAnswer[] = sent.map((i) => {
      const x = drafts[key(i)];
      return {
        level: i.level,
        question: i.code,
        answer: x.answer.trim(),
        ...(i.rating && x.rating ? { rating: Number(x.rating) } : {}),
        version: i.version,
      };
    });
    setBusy(true);
    try {
      const next = await reportsApi.saveEvaluation(plan, answers);
      ev.setData(next);
      setSaved(sent.length);
    } catch (err) {
      setError(err);
      // answers[3].rating -> the rating field of the fourth answer sent.
      const m = new Map<string, string>();
      if (err instanceof ApiError && err.status === 422) {
        for (const det of err.details) {
          const hit = /^answers\[(\d+)\]\.(\w+)$/.exec(det.field ?? '');
          const item = hit ? sent[Number(hit[1])] : undefined;
          if (!item || !det.reason) continue;
          const which = hit![2] === 'rating' ? 'rating' : 'answer';
          if (!m.has(`${fid(item)}-${which}`)) m.set(`${fid(item)}-${which}`, det.reason);
        }
      }
      setBad(m);
      const first = [...m.keys()][0];
      if (first) setTimeout(() => document.getElementById(first)?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  const levels = evaluationLevels
    .map((l) => ({ ...l, items: d.items.filter((i) => i.level === l.level) }))
    .filter((l) => l.items.length > 0);

  const body = (
    <>
      {levels.map((l) => {
        const closed = l.level === 'impatto' && !d.impatto_open;
        return (
          <fieldset key={l.level} className="mb-4 pdz-val-level" data-level={l.level} disabled={closed || !writable || busy}>
            <legend className="mb-2">
              <h3 className="h5 mb-0" id={`val-${l.level}-title`}>
                {l.title}
              </h3>
              {l.items[0].level_label && <span className="d-block small text-muted fw-normal">{l.items[0].level_label}</span>}
            </legend>
            {closed && (
              <p className="alert alert-info py-2" role="note" id="val-impatto-closed">
                {impattoReason}
              </p>
            )}
            {l.items.map((i) => {
              const x = drafts[key(i)] ?? { answer: i.answer, rating: '' };
              const aId = `${fid(i)}-answer`;
              const rId = `${fid(i)}-rating`;
              return (
                <div key={i.code} className="mb-3 pdz-val-question" data-question={i.code}>
                  {writable ? (
                    <label htmlFor={aId} className="pdz-label d-block fw-semibold">
                      {i.question}
                    </label>
                  ) : (
                    <p className="fw-semibold mb-1">{i.question}</p>
                  )}
                  {writable ? (
                    <>
                      <textarea
                        {...fieldProps(aId, bad.get(aId))}
                        rows={3}
                        value={x.answer}
                        onChange={(e) => set(i, { answer: e.target.value })}
                      />
                      <FieldError id={aId} reason={bad.get(aId)} />
                    </>
                  ) : (
                    <p id={aId} className="mb-1">
                      {i.answer.trim() ? i.answer : <span className="text-muted">Nessuna risposta.</span>}
                    </p>
                  )}
                  {i.rating &&
                    (writable ? (
                      <div className="mt-2" style={{ maxWidth: '16rem' }}>
                        <label htmlFor={rId} className="pdz-label d-block">
                          Voto da 1 (minimo) a 5 (massimo)
                        </label>
                        <select {...fieldProps(rId, bad.get(rId), 'form-select')} value={x.rating} onChange={(e) => set(i, { rating: e.target.value })}>
                          <option value="">nessun voto</option>
                          {[1, 2, 3, 4, 5].map((n) => (
                            <option key={n} value={String(n)}>
                              {n}
                            </option>
                          ))}
                        </select>
                        <FieldError id={rId} reason={bad.get(rId)} />
                      </div>
                    ) : (
                      <p className="small mb-1">Voto: {i.rating_value === null ? <span className="text-muted">non dato</span> : `${i.rating_value} su 5`}</p>
                    ))}
                  {i.updated_at && (
                    <p className="small text-muted mb-0">
                      Ultima risposta: {formatDateTime(i.updated_at)}, {i.updated_by}
                    </p>
                  )}
                </div>
              );
            })}
          </fieldset>
        );
      })}
    </>
  );

  return (
    <>
      <h2 className="h4">Valutazione del piano</h2>
      <p>
        Le domande di valutazione delle linee guida, su tre livelli: gli <strong>esiti</strong> (che cosa è stato realizzato), i{' '}
        <strong>risultati</strong> (effetti per le persone, integrazione, governance) e l’<strong>impatto</strong> nel triennio, valutato a
        chiusura.
        {d.act && <span className="d-block small text-muted">Fonte: {d.act}</span>}
      </p>
      {!monitored && (
        <div className="alert alert-info" role="note" id="val-not-started">
          Il piano è «{statusLabel}». La valutazione si compila dall’approvazione della Regione in poi.
        </div>
      )}
      {monitored && !canEdit && (
        <p className="small text-muted" id="val-readonly">
          Solo l’Ufficio di Piano dell’ambito compila la valutazione: accedi con il tuo utente per rispondere.
        </p>
      )}
      {d.items.length === 0 && <p>Le linee guida del piano non indicano domande di valutazione.</p>}
      {writable && d.items.length > 0 ? (
        <form noValidate onSubmit={submit} aria-label="Valutazione del piano" aria-busy={busy}>
          {body}
          <div className="d-flex flex-wrap gap-2 align-items-center">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              Salva la valutazione
            </button>
            {changed.length > 0 && !busy && (
              <span className="small text-muted">
                {changed.length === 1 ? '1 risposta modificata, non ancora salvata' : `${changed.length} risposte modificate, non ancora salvate`}
              </span>
            )}
          </div>
          <p className="small text-muted mt-1 mb-0">Si salvano insieme tutte le risposte modificate: se una non va bene, nessuna viene salvata.</p>
          {error !== null && bad.size === 0 && (
            <WriteError
              error={error}
              onReload={ev.reload}
              title="Valutazione non salvata"
              forbidden="Non hai i permessi per compilare la valutazione di questo piano: serve un ruolo nell’Ufficio di Piano dell’ambito."
            />
          )}
          {error !== null && bad.size > 0 && (
            <div className="alert alert-danger mt-2" role="alert">
              <p className="fw-semibold mb-1">Valutazione non salvata: nessuna risposta è stata registrata.</p>
              <p className="mb-0">Correggi i campi segnalati e salva di nuovo.</p>
            </div>
          )}
          {saved !== null && (
            <p className="text-success fw-semibold mt-2 mb-0" role="status" tabIndex={-1} ref={savedRef} id="val-saved">
              {saved === 0 ? 'Nessuna modifica da salvare.' : saved === 1 ? 'Valutazione salvata: 1 risposta.' : `Valutazione salvata: ${saved} risposte.`}
            </p>
          )}
        </form>
      ) : (
        body
      )}
    </>
  );
}
