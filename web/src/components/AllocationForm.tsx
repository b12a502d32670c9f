// Form of a new allocation run (region_admin): title, fund, year, reference date, total, optional ruleset,
// the method's parameters the ruleset leaves open (all without a ruleset), premialità (from a stored esito or typed
// per ambito) and integration per ambito.
// "Calcola anteprima" computes only; "Salva il riparto" stores the run.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { allocationLink, moneyApi, type Allocation, type AllocationRequest } from '../api/finance';
import { todayIso } from '../api/labels';
import { formatEuro, parseEuro } from '../api/money';
import { premialitaApi, premialitaRunLink } from '../api/premialita';
import { rulesetBody } from '../api/rulesets';
import type { ErrorDetail } from '../api/types';
import { AllocationMethod, AllocationTable } from './AllocationTable';
import { describeError, ErrorAlert, Loading } from './Status';
import { useApi } from './useApi';

type Param = 'fixed_quota_cents' | 'reward_pot_cents' | 'integration_threshold_bp' | 'cut_bp';
const PARAMS: { key: Param; label: string; percent: boolean; hint: string }[] = [
  { key: 'fixed_quota_cents', label: 'Quota fissa per ambito (€)', percent: false, hint: 'Uguale per ogni ambito, prima della quota capitaria.' },
  { key: 'reward_pot_cents', label: 'Fondo premiale (€)', percent: false, hint: 'Ripartito in proporzione alla premialità di ogni ambito.' },
  { key: 'integration_threshold_bp', label: 'Soglia di integrazione (%)', percent: true, hint: 'Sotto questa quota di spesa gestita in forma associata scatta la decurtazione.' },
  { key: 'cut_bp', label: 'Decurtazione sotto soglia (%)', percent: true, hint: 'Percentuale della quota capitaria tolta e ridistribuita agli altri ambiti.' },
];

const fieldLabels: Record<string, string> = {
  title: 'titolo',
  fund: 'fondo',
  year: 'anno',
  reference_date: 'data di riferimento',
  total_cents: 'totale da ripartire',
  ruleset: 'linee guida',
  'method.fixed_quota_cents': 'quota fissa',
  'method.reward_pot_cents': 'fondo premiale',
  'method.integration_threshold_bp': 'soglia di integrazione',
  'method.cut_bp': 'decurtazione',
  'method.act': 'atto',
  premialita_run: 'esito di premialità',
  ambiti: 'ambiti',
};
const fieldLabel = (f: string) => {
  const m = /^ambiti\[(\d+)\]\.(\w+)$/.exec(f);
  if (m) return `ambito n. ${Number(m[1]) + 1}, ${m[2] === 'premialita_cents' ? 'premialità' : m[2] === 'integration_bp' ? 'integrazione' : m[2]}`;
  return fieldLabels[f] ?? f;
};

/** "45,5" -> 4550 basis points (two decimals at most, 0-100). */
function parsePercent(s: string): { ok: true; bp: number } | { ok: false; reason: string } {
  const p = parseEuro(s.replace('%', ''));
  if (!p.ok) return { ok: false, reason: 'percentuale non valida' };
  if (p.cents < 0 || p.cents > 10000) return { ok: false, reason: 'percentuale fra 0 e 100' };
  return { ok: true, bp: p.cents };
}

export function AllocationForm({ region, onSaved }: { region: string; onSaved(a: Allocation): void }) {
  const rulesets = useApi(() => api.rulesets(region), [region]);
  const ambiti = useApi(() => api.ambiti({ region, limit: 500 }), [region]);
  const premialitaRuns = useApi(() => premialitaApi.runs(region), [region]);
  const [premialitaRun, setPremialitaRun] = useState('');
  const [title, setTitle] = useState('');
  const [fund, setFund] = useState('');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [refDate, setRefDate] = useState(todayIso());
  const [total, setTotal] = useState('');
  const [ruleset, setRuleset] = useState('');
  const [params, setParams] = useState<Record<string, string>>({});
  const [act, setAct] = useState('');
  const [perAmbito, setPerAmbito] = useState<Record<string, { premialita: string; integration: string }>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [preview, setPreview] = useState<Allocation | null>(null);
  const [busy, setBusy] = useState(false);
  const outRef = useRef<HTMLDivElement>(null);

  const doc = useApi(() => (ruleset ? api.ruleset(ruleset) : Promise.resolve(null)), [ruleset]);
  const open: Param[] = ruleset
    ? (doc.data?.parameters ?? []).filter((p) => p.startsWith('allocation.')).map((p) => p.slice('allocation.'.length) as Param).filter((p) => PARAMS.some((x) => x.key === p))
    : PARAMS.map((p) => p.key);
  const funds = doc.data ? rulesetBody(doc.data).funds ?? [] : [];
  const ambitoList = (ambiti.data?.items ?? []).filter((a) => !a.valid_to);

  useEffect(() => {
    if (preview || failure !== null) outRef.current?.focus();
  }, [preview, failure]);

  function build(withTitle: boolean): AllocationRequest | null {
    const errs: Record<string, string> = {};
    const t = parseEuro(total);
    if (!t.ok) errs.total_cents = `importo non valido: ${t.reason}`;
    if (year.trim() && !/^\d{4}$/.test(year.trim())) errs.year = 'indicare l’anno con quattro cifre';
    if (withTitle && title.trim() === '') errs.title = 'dare un titolo al riparto (per esempio «FNPS 2025»)';
    const method: NonNullable<AllocationRequest['method']> = {};
    for (const p of PARAMS.filter((x) => open.includes(x.key))) {
      const s = (params[p.key] ?? '').trim();
      if (s === '') continue;
      if (p.percent) {
        const r = parsePercent(s);
        if (r.ok) method[p.key] = r.bp;
        else errs[`method.${p.key}`] = r.reason;
      } else {
        const r = parseEuro(s);
        if (r.ok) method[p.key] = r.cents;
        else errs[`method.${p.key}`] = `importo non valido: ${r.reason}`;
      }
    }
    if (!ruleset && act.trim()) method.act = act.trim();
    const list: NonNullable<AllocationRequest['ambiti']> = [];
    ambitoList.forEach((a) => {
      const v = perAmbito[a.code];
      if (!v) return;
      const item: { code: string; premialita_cents?: number; integration_bp?: number } = { code: a.code };
      if (!premialitaRun && v.premialita.trim()) {
        const r = parseEuro(v.premialita);
        if (r.ok) item.premialita_cents = r.cents;
        else errs[`ambito.${a.code}.premialita`] = `importo non valido: ${r.reason}`;
      }
      if (v.integration.trim()) {
        const r = parsePercent(v.integration);
        if (r.ok) item.integration_bp = r.bp;
        else errs[`ambito.${a.code}.integration`] = r.reason;
      }
      if (item.premialita_cents !== undefined || item.integration_bp !== undefined) list.push(item);
    });
    setErrors(errs);
    if (Object.keys(errs).length > 0 || !t.ok) {
      setFailure(null);
      setPreview(null);
      setTimeout(() => outRef.current?.focus(), 0);
      return null;
    }
    const req: AllocationRequest = { total_cents: t.cents, reference_date: refDate || undefined, fund: fund.trim() || undefined };
    if (year.trim()) req.year = Number(year.trim());
    if (withTitle) req.title = title.trim();
    if (ruleset) req.ruleset = ruleset;
    if (Object.keys(method).length > 0) req.method = method;
    if (list.length > 0) req.ambiti = list;
    if (premialitaRun) req.premialita_run = Number(premialitaRun);
    return req;
  }

  function serverErrors(details: ErrorDetail[]) {
    const errs: Record<string, string> = {};
    for (const d of details) {
      if (!d.field) continue;
      const m = /^ambiti\[(\d+)\]\.(premialita_cents|integration_bp)$/.exec(d.field);
      if (m) {
        const code = list()[Number(m[1])];
        if (code) errs[`ambito.${code}.${m[2] === 'premialita_cents' ? 'premialita' : 'integration'}`] = d.reason ?? 'valore non valido';
        continue;
      }
      errs[d.field] = d.reason ?? 'valore non valido';
    }
    setErrors(errs);
  }
  // Codes in the order they were sent (the API's ambiti[i]).
  const list = () =>
    ambitoList
      .filter((a) => perAmbito[a.code] && ((!premialitaRun && perAmbito[a.code].premialita.trim()) || perAmbito[a.code].integration.trim()))
      .map((a) => a.code);
  const runItems = premialitaRuns.data?.items ?? [];
  const chosenRun = runItems.find((r) => String(r.id) === premialitaRun);

  async function run(save: boolean) {
    const req = build(save);
    if (!req) return;
    setBusy(true);
    setFailure(null);
    try {
      if (save) {
        const stored = await moneyApi.saveAllocation(region, req);
        setPreview(null);
        onSaved(stored);
      } else {
        setPreview(await moneyApi.computeAllocation(region, req));
      }
    } catch (ex) {
      const e = describeError(ex);
      setPreview(null);
      if (e.status === 422) serverErrors(e.details);
      setFailure(ex);
    } finally {
      setBusy(false);
    }
  }

  const inv = (key: string, id: string, hint?: string) => ({
    id,
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': [hint ? `${id}-hint` : '', errors[key] ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  const Err = ({ k, id }: { k: string; id: string }) =>
    errors[k] ? (
      <div id={`${id}-error`} className="invalid-feedback d-block">
        {errors[k]}
      </div>
    ) : null;

  return (
    <section aria-labelledby="al-form-title" className="pdz-save-box p-3 mb-4">
      <h2 id="al-form-title" className="h4">
        Nuovo riparto
      </h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(true);
        }}
      >
        <div className="row">
          <div className="col-12 col-lg-6 pdz-field mb-3">
            <label htmlFor="al-title" className="pdz-label d-block">
              Titolo (obbligatorio per salvare)
            </label>
            <input type="text" className="form-control" value={title} onChange={(e) => setTitle(e.target.value)} {...inv('title', 'al-title')} />
            <Err k="title" id="al-title" />
          </div>
          <div className="col-12 col-lg-6 pdz-field mb-3">
            <label htmlFor="al-ruleset" className="pdz-label d-block">
              Linee guida (facoltativo)
            </label>
            <select
              className="form-select"
              value={ruleset}
              onChange={(e) => {
                setRuleset(e.target.value);
                setParams({});
                setPreview(null);
              }}
              {...inv('ruleset', 'al-ruleset', 'hint')}
            >
              <option value="">— nessuna: metodo indicato qui —</option>
              {(rulesets.data?.items ?? []).map((r) => (
                <option key={r.code} value={r.code}>
                  {r.title} ({r.act})
                </option>
              ))}
            </select>
            <small id="al-ruleset-hint" className="form-text d-block">
              Con le linee guida il metodo è quello dei loro atti: qui si indicano solo i parametri che lasciano aperti.
            </small>
            <Err k="ruleset" id="al-ruleset" />
          </div>
          <div className="col-12 col-md-6 col-lg-3 pdz-field mb-3">
            <label htmlFor="al-fund" className="pdz-label d-block">
              Fondo
            </label>
            {funds.length > 0 ? (
              <select className="form-select" value={fund} onChange={(e) => setFund(e.target.value)} {...inv('fund', 'al-fund')}>
                <option value="">— scegli —</option>
                {funds.map((f) => (
                  <option key={f.code} value={f.code}>
                    {f.title} ({f.code})
                  </option>
                ))}
              </select>
            ) : (
              <input type="text" className="form-control" value={fund} onChange={(e) => setFund(e.target.value)} {...inv('fund', 'al-fund')} />
            )}
            <Err k="fund" id="al-fund" />
          </div>
          <div className="col-12 col-md-6 col-lg-3 pdz-field mb-3">
            <label htmlFor="al-year" className="pdz-label d-block">
              Anno
            </label>
            <input type="text" inputMode="numeric" className="form-control" value={year} onChange={(e) => setYear(e.target.value)} {...inv('year', 'al-year')} />
            <Err k="year" id="al-year" />
          </div>
          <div className="col-12 col-md-6 col-lg-3 pdz-field mb-3">
            <label htmlFor="al-date" className="pdz-label d-block">
              Data di riferimento
            </label>
            <input type="date" className="form-control" value={refDate} onChange={(e) => setRefDate(e.target.value)} {...inv('reference_date', 'al-date', 'hint')} />
            <small id="al-date-hint" className="form-text d-block">
              Ambiti e popolazione a questa data.
            </small>
            <Err k="reference_date" id="al-date" />
          </div>
          <div className="col-12 col-md-6 col-lg-3 pdz-field mb-3">
            <label htmlFor="al-total" className="pdz-label d-block">
              Totale da ripartire (€)
            </label>
            <input type="text" inputMode="decimal" className="form-control" value={total} onChange={(e) => setTotal(e.target.value)} {...inv('total_cents', 'al-total', 'hint')} />
            <small id="al-total-hint" className="form-text d-block">
              Per esempio 100.000,00
            </small>
            <Err k="total_cents" id="al-total" />
          </div>
        </div>

        <fieldset className="mb-3">
          <legend className="h5">Parametri del metodo</legend>
          {ruleset && doc.loading && <Loading label="Caricamento delle linee guida…" />}
          {ruleset && doc.data && open.length === 0 && <p>Le linee guida scelte fissano tutto il metodo: nessun parametro da indicare.</p>}
          <div className="row">
            {PARAMS.filter((p) => open.includes(p.key)).map((p) => (
              <div key={p.key} className="col-12 col-md-6 col-lg-3 pdz-field mb-3">
                <label htmlFor={`al-${p.key}`} className="pdz-label d-block">
                  {p.label}
                </label>
                <input
                  type="text"
                  inputMode="decimal"
                  className="form-control"
                  value={params[p.key] ?? ''}
                  onChange={(e) => setParams((prev) => ({ ...prev, [p.key]: e.target.value }))}
                  {...inv(`method.${p.key}`, `al-${p.key}`, 'hint')}
                />
                <small id={`al-${p.key}-hint`} className="form-text d-block">
                  {p.hint}
                </small>
                <Err k={`method.${p.key}`} id={`al-${p.key}`} />
              </div>
            ))}
            {!ruleset && (
              <div className="col-12 col-lg-6 pdz-field mb-3">
                <label htmlFor="al-act" className="pdz-label d-block">
                  Atto che fissa il metodo (facoltativo)
                </label>
                <input type="text" className="form-control" value={act} onChange={(e) => setAct(e.target.value)} {...inv('method.act', 'al-act')} />
                <Err k="method.act" id="al-act" />
              </div>
            )}
          </div>
        </fieldset>

        <div className="row">
          <div className="col-12 col-lg-6 pdz-field mb-3">
            <label htmlFor="al-premialita-run" className="pdz-label d-block">
              Premialità da un esito salvato
            </label>
            <select
              className="form-select"
              value={premialitaRun}
              onChange={(e) => {
                setPremialitaRun(e.target.value);
                setPreview(null);
                setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !/^ambito\..*\.premialita$/.test(k) && k !== 'premialita_run')));
              }}
              {...inv('premialita_run', 'al-premialita-run', 'hint')}
            >
              <option value="">— nessuno: premialità indicata per ambito —</option>
              {runItems.map((r) => (
                <option key={r.id} value={String(r.id)}>
                  {r.title} – {formatEuro(r.total_cents)} ({r.ruleset})
                </option>
              ))}
            </select>
            <small id="al-premialita-run-hint" className="form-text d-block">
              Facoltativo. La premialità di ogni ambito nell’esito pesa il fondo premiale, che va indicato.
              {premialitaRuns.data && runItems.length === 0 && ' La Regione non ha ancora salvato esiti di premialità.'}
            </small>
            <Err k="premialita_run" id="al-premialita-run" />
            {premialitaRuns.error !== null && <ErrorAlert error={premialitaRuns.error} title="Esiti di premialità non disponibili." />}
            {chosenRun && (
              <p className="small mt-1 mb-0">
                <Link to={premialitaRunLink(chosenRun.id)}>Apri l’esito «{chosenRun.title}»</Link>
              </p>
            )}
          </div>
        </div>

        <div className="table-responsive">
          <table className="table table-sm" id="al-ambiti">
            <caption>
              {premialitaRun
                ? 'Quota di spesa in gestione associata per ambito (facoltativa); la premialità viene dall’esito scelto'
                : 'Premialità maturata e quota di spesa in gestione associata per ambito (facoltative)'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Ambito</th>
                {!premialitaRun && <th scope="col">Premialità (€)</th>}
                <th scope="col">Integrazione (%)</th>
              </tr>
            </thead>
            <tbody>
              {ambitoList.map((a) => {
                const v = perAmbito[a.code] ?? { premialita: '', integration: '' };
                const upd = (k: 'premialita' | 'integration', s: string) => setPerAmbito((prev) => ({ ...prev, [a.code]: { ...v, [k]: s } }));
                return (
                  <tr key={a.code}>
                    <th scope="row">{a.name}</th>
                    {!premialitaRun && (
                      <td>
                        <label htmlFor={`al-prem-${a.code}`} className="visually-hidden">
                          Premialità di {a.name} in euro
                        </label>
                        <input type="text" inputMode="decimal" className="form-control form-control-sm" value={v.premialita} onChange={(e) => upd('premialita', e.target.value)} {...inv(`ambito.${a.code}.premialita`, `al-prem-${a.code}`)} />
                        <Err k={`ambito.${a.code}.premialita`} id={`al-prem-${a.code}`} />
                      </td>
                    )}
                    <td>
                      <label htmlFor={`al-int-${a.code}`} className="visually-hidden">
                        Integrazione di {a.name} in percentuale
                      </label>
                      <input type="text" inputMode="decimal" className="form-control form-control-sm" value={v.integration} onChange={(e) => upd('integration', e.target.value)} {...inv(`ambito.${a.code}.integration`, `al-int-${a.code}`)} />
                      <Err k={`ambito.${a.code}.integration`} id={`al-int-${a.code}`} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>

        <div className="d-flex flex-wrap gap-2">
          <button type="button" className="btn btn-outline-primary" disabled={busy} onClick={() => void run(false)}>
            Calcola anteprima
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Salva il riparto
          </button>
        </div>
      </form>

      <div tabIndex={-1} ref={outRef} aria-live="polite" className="mt-3" id="al-outcome">
        {failure !== null && <ErrorAlert error={failure} title="Riparto non calcolato" fieldLabel={fieldLabel} />}
        {failure === null && Object.keys(errors).length > 0 && (
          <div className="alert alert-danger" role="alert">
            Correggi i campi segnalati.
          </div>
        )}
        {preview && (
          <>
            <h3 className="h5">Anteprima (non salvata)</h3>
            <AllocationMethod result={preview} />
            {preview.premialita_run != null && (
              <p id="al-preview-premialita">
                Fondo premiale pesato sulla premialità dell’esito{' '}
                <Link to={premialitaRunLink(preview.premialita_run)}>
                  {runItems.find((r) => r.id === preview.premialita_run)?.title ?? `n. ${preview.premialita_run}`}
                </Link>
                .
              </p>
            )}
            <AllocationTable result={preview} id="al-preview" caption="Anteprima del riparto per ambito" />
          </>
        )}
      </div>
    </section>
  );
}

export function SavedNotice({ run }: { run: Allocation }) {
  return (
    <>
      Riparto «{run.title}» salvato.{' '}
      {run.id !== undefined && <Link to={allocationLink(run.id)}>Apri il riparto</Link>}
    </>
  );
}
