// Premialità calculator under a ruleset: facts per ambito (prefilled with the region's active ambiti),
// shared policies, the parameters left to the Region in euro; results with the trace per ambito and a CSV.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, apiRequest } from '../api/client';
import { formatDateTime } from '../api/labels';
import { formatEuro, parseEuro } from '../api/money';
import { premialitaApi, premialitaRunLink, type PremialitaRun, type PremialitaRunSummary } from '../api/premialita';
import {
  calculatorParameters, hasSharedPolicy, objectiveOptions, rulesetBody, rulesetLink, type CalculatorParameter,
} from '../api/rulesets';
import type { ErrorDetail, PremialitaFacts, PremialitaResult, RulesetBody } from '../api/types';
import { hasRole } from '../auth/permissions';
import { useSession } from '../auth/session';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageTitle } from '../components/PageTitle';
import { downloadCsv, PremialitaResultTable, PremialitaTotals } from '../components/PremialitaResultView';
import { ErrorAlert, Loading } from '../components/Status';
import { useApi } from '../components/useApi';

interface Row {
  key: string;
  code: string;
  name: string;
  /** Prefilled from the region's ambiti: the code is not editable. */
  fixed: boolean;
  distrettuale: boolean;
  adp: string;
  objectives: string[];
  district: string;
}

interface Policy {
  key: string;
  code: string;
  ambiti: string[];
}

let seq = 0;
const newKey = (p: string) => `${p}${++seq}`;

/** The facts and parameters of the last calculation, as sent. */
interface SentRequest {
  facts: PremialitaFacts;
  parameters: Record<string, number>;
}

/** «Salva l'esito» (region_admin): stores the calculation on screen under a title, then links to it. */
function SaveRunForm({ ruleset, request, onSaved }: { ruleset: string; request: SentRequest; onSaved(run: PremialitaRun): void }) {
  const [title, setTitle] = useState('');
  const [titleError, setTitleError] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState<PremialitaRun | null>(null);
  const [busy, setBusy] = useState(false);
  const outRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (saved || failure !== null || titleError) outRef.current?.focus();
  }, [saved, failure, titleError]);

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    setFailure(null);
    if (!title.trim()) {
      setTitleError('dai un titolo all’esito (per esempio «Premialità 2018-2020»)');
      return;
    }
    setTitleError('');
    setBusy(true);
    try {
      const run = await premialitaApi.saveRun(ruleset, title.trim(), request.facts, request.parameters);
      setSaved(run);
      onSaved(run);
    } catch (e) {
      const t = e instanceof ApiError ? e.details.find((d) => d.field === 'title') : undefined;
      if (t) setTitleError(t.reason ?? 'titolo non valido');
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="save-run-title" className="pdz-save-box p-3 mt-4" id="save-run">
      <h3 id="save-run-title" className="h5">
        Salva l’esito
      </h3>
      {saved ? null : (
        <form onSubmit={onSubmit} noValidate className="row g-2 align-items-end">
          <p className="small col-12 mb-1" id="save-run-help">
            L’esito salvato resta com’è, con il dettaglio del calcolo: lo vedono gli ambiti sulla loro pagina e può pesare
            il fondo premiale di un riparto.
          </p>
          <div className="col-12 col-md-8">
            <label htmlFor="save-run-name" className="fw-semibold d-block">
              Titolo dell’esito (obbligatorio)
            </label>
            <input
              id="save-run-name"
              type="text"
              className={'form-control' + (titleError ? ' is-invalid' : '')}
              value={title}
              autoComplete="off"
              onChange={(e) => setTitle(e.target.value)}
              aria-invalid={titleError ? true : undefined}
              aria-describedby={titleError ? 'save-run-help save-run-name-error' : 'save-run-help'}
            />
            {titleError && (
              <div id="save-run-name-error" className="invalid-feedback d-block">
                {titleError}
              </div>
            )}
          </div>
          <div className="col-12 col-md-4">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Salvataggio…' : 'Salva l’esito'}
            </button>
          </div>
        </form>
      )}
      <div tabIndex={-1} ref={outRef} aria-live="polite" id="save-run-outcome" className="mt-2">
        {failure !== null && <ErrorAlert error={failure} title="Esito non salvato." />}
        {failure === null && titleError && (
          <div className="alert alert-danger" role="alert">
            Indica il titolo dell’esito.
          </div>
        )}
        {saved && (
          <div className="alert alert-success mb-0" role="status">
            Esito «{saved.title}» salvato. <Link to={premialitaRunLink(saved.id)}>Apri l’esito salvato</Link>
          </div>
        )}
      </div>
    </section>
  );
}

/** «Esiti salvati»: the region's stored premialità runs, newest first. */
function SavedRuns({
  runs,
}: {
  runs: { data: { items: PremialitaRunSummary[] } | null; error: unknown; loading: boolean };
}) {
  const items = runs.data?.items ?? [];
  return (
    <section aria-labelledby="esiti-salvati" className="mt-5">
      <h2 id="esiti-salvati" className="h3">
        Esiti salvati
      </h2>
      {runs.loading && !runs.data && <Loading />}
      {runs.error !== null && <ErrorAlert error={runs.error} />}
      {runs.data && items.length === 0 && <p>La Regione non ha ancora salvato esiti di premialità.</p>}
      {items.length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm" id="premialita-runs">
            <caption>Esiti di premialità salvati dalla Regione ({items.length}), dal più recente</caption>
            <thead>
              <tr>
                <th scope="col">Titolo</th>
                <th scope="col">Linee guida</th>
                <th scope="col" className="text-end">
                  Totale
                </th>
                <th scope="col">Salvato da</th>
                <th scope="col">Il</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} data-run={r.id}>
                  <th scope="row">
                    <Link to={premialitaRunLink(r.id)}>{r.title}</Link>
                  </th>
                  <td>
                    <Link to={rulesetLink(r.ruleset, r.ruleset_version)}>{r.ruleset}</Link>, versione {r.ruleset_version}
                  </td>
                  <td className="text-end pdz-num">{formatEuro(r.total_cents)}</td>
                  <td>{r.created_by}</td>
                  <td>{formatDateTime(r.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The rows and policies as they were sent, to map the API's indices back to inputs. */
interface Sent {
  rows: Row[];
  policies: Policy[];
}

const rowName = (r: Row) => r.name || r.code || 'nuovo ambito';

interface Located {
  /** Ids of the inputs to mark aria-invalid. */
  ids: string[];
  /** The field in Italian words. */
  label: string;
  /** The calculator parameter concerned, if any. */
  param?: string;
}

/** Maps an API (or client) field path to the ids of the inputs to mark and to Italian words. */
function locateField(field: string, sent: Sent | null, params: CalculatorParameter[], body: RulesetBody | null): Located {
  const f = field.replace(/^\$\.?/, '').replace(/^facts\./, '');
  const param = (key: string): Located => {
    const p = params.find((x) => x.key === key);
    return { ids: p ? [`param-${key}`] : [], label: p ? p.label : `Parametro «${key}»`, param: p?.key };
  };
  let m = /^(?:parameters\.)?(budget|cap)$/.exec(f);
  if (m) return param(m[1]);
  if (f === 'premialita.budget_cents') return param('budget');
  if (f === 'premialita.cap_per_ambito_cents') return param('cap');
  m = /^premialita\.rules\.([^.]+)\.amount_cents$/.exec(f);
  if (m) return param(m[1]);
  m = /^premialita\.rules\[(\d+)\]\.amount_cents$/.exec(f);
  if (m) {
    const id = body?.premialita?.rules[Number(m[1])]?.id;
    if (id) return param(id);
  }
  m = /^parameters\.(.+)$/.exec(f);
  if (m) return param(m[1]);
  if (params.some((p) => p.key === f)) return param(f);

  m = /^ambiti\[(\d+)\](?:\.(\w+))?/.exec(f);
  if (m) {
    const row = sent?.rows[Number(m[1])];
    if (!row) return { ids: [], label: field };
    const who = `ambito ${rowName(row)}`;
    switch (m[2]) {
      case 'adp_signed_on':
        return { ids: [`row-${row.key}-adp`], label: `Data di firma dell’AdP – ${who}` };
      case 'ambito_distrettuale':
        return { ids: [`row-${row.key}-distr`], label: `Ambito distrettuale – ${who}` };
      case 'objectives_reached':
        return {
          ids: objectiveOptions(body!).map((o) => `row-${row.key}-obj-${o.code}`),
          label: `Obiettivi raggiunti – ${who}`,
        };
      case 'district':
        return { ids: [`row-${row.key}-district`], label: `Distretto – ${who}` };
      case 'code':
        return { ids: row.fixed ? [] : [`row-${row.key}-code`], label: `Codice – ${who}` };
      default:
        return { ids: [], label: who };
    }
  }
  m = /^policies\[(\d+)\](?:\.(\w+))?/.exec(f);
  if (m) {
    const pol = sent?.policies[Number(m[1])];
    if (!pol) return { ids: [], label: field };
    const which = `policy ${Number(m[1]) + 1}${pol.code ? ` «${pol.code}»` : ''}`;
    if (m[2] === 'code') return { ids: [`pol-${pol.key}-code`], label: `Codice – ${which}` };
    if (m[2] === 'ambiti') return { ids: [`pol-${pol.key}-ambiti`], label: `Ambiti partecipanti – ${which}` };
    return { ids: [], label: which };
  }
  return { ids: [], label: field };
}

export function PremialitaPage() {
  const { code = '' } = useParams();
  const doc = useApi(() => api.ruleset(code), [code]);
  const body = doc.data ? rulesetBody(doc.data) : null;
  const region = body?.region;
  const ambiti = useApi(() => (region ? api.ambiti({ region, limit: 500 }) : Promise.resolve(null)), [region]);
  const runs = useApi(() => (region ? premialitaApi.runs(region) : Promise.resolve(null)), [region]);
  const { user } = useSession();
  const mayStore = !!region && hasRole(user, 'region_admin', 'region', region);

  const [rows, setRows] = useState<Row[] | null>(null);
  const [policies, setPolicies] = useState<Policy[]>([]);
  const [paramValues, setParamValues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<PremialitaResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<Sent | null>(null);
  const [busy, setBusy] = useState(false);
  const [resultSeq, setResultSeq] = useState(0);
  /** What produced the result on screen: stored as is by «Salva l'esito». */
  const [lastRequest, setLastRequest] = useState<SentRequest | null>(null);
  const [prefillNote, setPrefillNote] = useState('');
  const errorRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setRows(null);
    setPolicies([]);
    setParamValues({});
    setResult(null);
    setLastRequest(null);
    setError(null);
  }, [code]);

  useEffect(() => {
    // Wait for the region's ambiti (the first answer, before the ruleset is known, is null).
    if (rows !== null || !doc.data || ambiti.loading || (ambiti.data === null && ambiti.error === null)) return;
    const items = ambiti.data?.items ?? [];
    setRows(
      items
        .filter((a) => !a.valid_to)
        .map((a) => ({
          key: newKey('r'),
          code: a.code,
          name: a.name,
          fixed: true,
          distrettuale: false,
          adp: '',
          objectives: [],
          district: a.district?.code ?? '',
        })),
    );
  }, [rows, doc.data, ambiti.loading, ambiti.data, ambiti.error]);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  const params = doc.data ? calculatorParameters(doc.data) : [];
  const objectives = body ? objectiveOptions(body) : [];
  const shared = body ? hasSharedPolicy(body) : false;

  const details: ErrorDetail[] = error instanceof ApiError && error.status === 422 ? error.details : [];
  const located = details.map((d) => (d.field ? locateField(d.field, sent, params, body) : { ids: [], label: '' }));
  const badIds = new Set(located.flatMap((l) => l.ids));
  const invalid = (id: string) =>
    badIds.has(id) ? { 'aria-invalid': true as const, 'aria-describedby': 'calc-errors' } : {};
  const invalidClass = (id: string) => (badIds.has(id) ? ' is-invalid' : '');
  const fieldLabel = (field: string) => locateField(field, sent, params, body).label;

  /** Takes each ambito's AdP signature date from the governance data, saying where it comes from. */
  async function prefill() {
    try {
      const data = await apiRequest<{
        facts: { ambiti: { code: string; adp_signed_on?: string }[] };
        sources: { code: string; adp_signed_on: string | null }[];
      }>('GET', `/rulesets/${encodeURIComponent(code ?? '')}/premialita/facts`);
      const dates = new Map(data.facts.ambiti.filter((a) => a.adp_signed_on).map((a) => [a.code, a.adp_signed_on!]));
      setRows((rs) => (rs ?? []).map((r) => (dates.has(r.code) ? { ...r, adp: dates.get(r.code)! } : r)));
      const from = data.sources.filter((x) => x.adp_signed_on).map((x) => `${x.code}: ${x.adp_signed_on}`);
      setPrefillNote(
        from.length === 0
          ? 'Nessun Accordo di Programma sottoscritto per i piani di queste linee guida: date da inserire.'
          : `Date prese dai dati — ${from.join('; ')}. Ambito distrettuale e obiettivi raggiunti restano da indicare.`,
      );
    } catch (e) {
      setError(e);
    }
  }

  const updateRow = (key: string, patch: Partial<Row>) =>
    setRows((rs) => (rs ?? []).map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const updatePolicy = (key: string, patch: Partial<Policy>) =>
    setPolicies((ps) => ps.map((p) => (p.key === key ? { ...p, ...patch } : p)));

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (!rows || !doc.data) return;
    const snapshot: Sent = { rows, policies };
    setSent(snapshot);
    setError(null);

    // Amounts are parsed here, exactly, into cents; what cannot be parsed never reaches the server.
    const parameters: Record<string, number> = {};
    const bad: ErrorDetail[] = [];
    for (const p of params) {
      const raw = (paramValues[p.key] ?? '').trim();
      if (raw === '') continue;
      const parsed = parseEuro(raw);
      if (parsed.ok) parameters[p.key] = parsed.cents;
      else bad.push({ field: `parameters.${p.key}`, value: raw, reason: `${parsed.reason}: scrivi un importo in euro, ad es. 1.234,56` });
    }
    rows.forEach((r, i) => {
      if (!r.code.trim()) bad.push({ field: `facts.ambiti[${i}].code`, reason: 'indica il codice dell’ambito' });
    });
    if (bad.length > 0) {
      setResult(null);
      setError(new ApiError(422, 'invalid_input', 'Alcuni dati non sono validi: correggili e premi di nuovo «Calcola».', bad));
      return;
    }

    const facts: PremialitaFacts = {
      ambiti: rows.map((r) => ({
        code: r.code.trim(),
        ambito_distrettuale: r.distrettuale,
        ...(r.adp ? { adp_signed_on: r.adp } : {}),
        objectives_reached: objectives.map((o) => o.code).filter((c) => r.objectives.includes(c)),
        ...(r.district.trim() ? { district: r.district.trim() } : {}),
      })),
      ...(shared
        ? {
            policies: policies.map((p) => ({
              code: p.code.trim(),
              ambiti: rows.map((r) => r.code.trim()).filter((c) => p.ambiti.includes(c)),
            })),
          }
        : {}),
    };
    setBusy(true);
    try {
      const res = await api.premialita(doc.data.code, facts, parameters);
      setResultSeq((n) => n + 1);
      setLastRequest({ facts, parameters });
      setResult(res);
    } catch (e) {
      setResult(null);
      setLastRequest(null);
      if (e instanceof ApiError && e.status === 422) {
        // The server quotes amounts in cents: show what the person typed instead.
        const shown = e.details.map((d) => {
          const key = d.field ? locateField(d.field, snapshot, params, body).param : undefined;
          return key && paramValues[key] ? { ...d, value: paramValues[key].trim() } : d;
        });
        setError(new ApiError(e.status, e.code, e.message, shown));
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  }

  const names = new Map((rows ?? []).map((r) => [r.code, r.name]));
  const nameOf = (c: string) => names.get(c) || c;

  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Home', to: '/' },
          { label: 'Regole', to: '/regole' },
          { label: body?.title ?? code, to: rulesetLink(code) },
          { label: 'Calcolo della premialità' },
        ]}
      />
      <PageTitle title="Calcolo della premialità" />
      {(doc.loading || (doc.data && ambiti.loading)) && <Loading />}
      {doc.error !== null && <ErrorAlert error={doc.error} />}
      {ambiti.error !== null && <ErrorAlert error={ambiti.error} title="Ambiti della regione non disponibili." />}
      {doc.data && body && (
        <p>
          Simulazione secondo <Link to={rulesetLink(doc.data.code)}>{body.title}</Link> ({body.act}), versione{' '}
          {doc.data.version}. Indica per ogni ambito i fatti che contano per la premialità e premi «Calcola»: il calcolo
          non salva nulla.
          {mayStore && ' Dopo il calcolo puoi salvarne l’esito, che resta agli atti della Regione.'}
        </p>
      )}
      {doc.data && body && !body.premialita && (
        <div className="alert alert-info" role="status">
          Questi atti non prevedono premialità: non c’è nulla da calcolare.
        </div>
      )}
      {doc.data && body?.premialita && rows && (
        <form onSubmit={onSubmit} noValidate aria-labelledby="calc-title">
          <h2 id="calc-title" className="visually-hidden">
            Dati per il calcolo
          </h2>
          <div id="calc-errors" ref={errorRef} tabIndex={-1}>
            {error !== null && (
              <ErrorAlert
                error={error}
                title={error instanceof ApiError && error.status === 422 ? 'Alcuni dati non sono validi:' : 'Calcolo non riuscito.'}
                fieldLabel={fieldLabel}
              />
            )}
          </div>

          <fieldset className="mb-4">
            <legend className="h4 px-0">Ambiti</legend>
            {objectives.length > 0 && (
              <div className="small mb-2" id="obiettivi-legenda">
                <p className="mb-1 fw-semibold">Obiettivi strategici:</p>
                <ul className="mb-0">
                  {objectives.map((o) => (
                    <li key={o.code}>
                      <strong>{o.code}</strong> – {o.title}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <div className="table-responsive">
              <table className="table table-sm align-middle pdz-calc-table" id="calc-ambiti">
                <caption>Fatti per ambito ({rows.length})</caption>
                <thead>
                  <tr>
                    <th scope="col">Ambito</th>
                    <th scope="col">Ambito distrettuale</th>
                    <th scope="col">Firma dell’AdP</th>
                    <th scope="col">Obiettivi raggiunti</th>
                    <th scope="col">Distretto</th>
                    <th scope="col">
                      <span className="visually-hidden">Azioni</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => {
                    const id = (s: string) => `row-${r.key}-${s}`;
                    const who = rowName(r);
                    return (
                      <tr key={r.key} data-ambito={r.code}>
                        <th scope="row">
                          {r.fixed ? (
                            <>
                              {r.name}
                              <br />
                              <code className="small fw-normal">{r.code}</code>
                            </>
                          ) : (
                            <>
                              <label htmlFor={id('code')} className="small fw-normal d-block">
                                Codice dell’ambito aggiunto
                              </label>
                              <input
                                id={id('code')}
                                type="text"
                                className={'form-control form-control-sm' + invalidClass(id('code'))}
                                value={r.code}
                                autoComplete="off"
                                onChange={(e) => updateRow(r.key, { code: e.target.value })}
                                {...invalid(id('code'))}
                              />
                            </>
                          )}
                        </th>
                        <td>
                          <div className="form-check my-0">
                            <input
                              id={id('distr')}
                              type="checkbox"
                              checked={r.distrettuale}
                              onChange={(e) => updateRow(r.key, { distrettuale: e.target.checked })}
                              {...invalid(id('distr'))}
                            />
                            <label htmlFor={id('distr')}>
                              Sì<span className="visually-hidden">, {who} è ambito distrettuale</span>
                            </label>
                          </div>
                        </td>
                        <td>
                          <label htmlFor={id('adp')} className="visually-hidden">
                            Data di firma dell’AdP di {who}
                          </label>
                          <input
                            id={id('adp')}
                            type="date"
                            className={'form-control form-control-sm' + invalidClass(id('adp'))}
                            value={r.adp}
                            onChange={(e) => updateRow(r.key, { adp: e.target.value })}
                            {...invalid(id('adp'))}
                          />
                        </td>
                        <td>
                          <div role="group" aria-label={`Obiettivi raggiunti da ${who}`} className="d-flex flex-wrap gap-2">
                            {objectives.map((o) => {
                              const oid = id(`obj-${o.code}`);
                              return (
                                <div key={o.code} className="form-check form-check-inline my-0">
                                  <input
                                    id={oid}
                                    type="checkbox"
                                    checked={r.objectives.includes(o.code)}
                                    onChange={(e) =>
                                      updateRow(r.key, {
                                        objectives: e.target.checked
                                          ? [...r.objectives, o.code]
                                          : r.objectives.filter((x) => x !== o.code),
                                      })
                                    }
                                    {...invalid(oid)}
                                  />
                                  <label htmlFor={oid} title={o.title}>
                                    <span className="visually-hidden">Obiettivo </span>
                                    {o.code}
                                    <span className="visually-hidden"> raggiunto da {who}</span>
                                  </label>
                                </div>
                              );
                            })}
                          </div>
                        </td>
                        <td>
                          <label htmlFor={id('district')} className="visually-hidden">
                            Distretto di {who}
                          </label>
                          <input
                            id={id('district')}
                            type="text"
                            className={'form-control form-control-sm' + invalidClass(id('district'))}
                            value={r.district}
                            autoComplete="off"
                            onChange={(e) => updateRow(r.key, { district: e.target.value })}
                            {...invalid(id('district'))}
                          />
                        </td>
                        <td>
                          <button
                            type="button"
                            className="btn btn-outline-danger btn-xs"
                            onClick={() => {
                              setRows((rs) => (rs ?? []).filter((x) => x.key !== r.key));
                              setPolicies((ps) => ps.map((p) => ({ ...p, ambiti: p.ambiti.filter((c) => c !== r.code) })));
                            }}
                          >
                            Rimuovi<span className="visually-hidden"> {who}</span>
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                  {rows.length === 0 && (
                    <tr>
                      <td colSpan={6}>Nessun ambito: aggiungine almeno uno.</td>
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
            <button
              type="button"
              className="btn btn-outline-primary btn-sm"
              onClick={() =>
                setRows((rs) => [
                  ...(rs ?? []),
                  { key: newKey('r'), code: '', name: '', fixed: false, distrettuale: false, adp: '', objectives: [], district: '' },
                ])
              }
            >
              Aggiungi un ambito
            </button>{' '}
            <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => void prefill()}>
              Precompila le date di firma dall’Accordo di Programma
            </button>
            {prefillNote && (
              <p className="small mt-2" role="status" id="prefill-note">
                {prefillNote}
              </p>
            )}
          </fieldset>

          {shared && (
            <fieldset className="mb-4" id="policies">
              <legend className="h4 px-0">Policy condivise</legend>
              <p className="small">
                Una policy definita e realizzata insieme da più ambiti dello stesso distretto: indica un codice e gli
                ambiti che vi partecipano.
              </p>
              {policies.length === 0 && <p>Nessuna policy indicata.</p>}
              {policies.map((p, i) => {
                const codeId = `pol-${p.key}-code`;
                const groupId = `pol-${p.key}-ambiti`;
                return (
                  <div key={p.key} className="border rounded p-3 mb-3" data-policy={i + 1}>
                    <div className="row g-3 align-items-end">
                      <div className="col-md-4">
                        <label htmlFor={codeId} className="fw-semibold d-block">
                          Codice della policy {i + 1}
                        </label>
                        <input
                          id={codeId}
                          type="text"
                          className={'form-control' + invalidClass(codeId)}
                          value={p.code}
                          autoComplete="off"
                          onChange={(e) => updatePolicy(p.key, { code: e.target.value })}
                          {...invalid(codeId)}
                        />
                      </div>
                      <div className="col-md-6">
                        <div
                          role="group"
                          id={groupId}
                          aria-label={`Ambiti che partecipano alla policy ${i + 1}`}
                          aria-invalid={badIds.has(groupId) || undefined}
                          aria-describedby={badIds.has(groupId) ? 'calc-errors' : undefined}
                          className={'d-flex flex-wrap gap-3' + (badIds.has(groupId) ? ' border border-danger p-1' : '')}
                        >
                          {rows.map((r) => {
                            const cid = `pol-${p.key}-amb-${r.key}`;
                            return (
                              <div key={r.key} className="form-check form-check-inline my-0">
                                <input
                                  id={cid}
                                  type="checkbox"
                                  checked={p.ambiti.includes(r.code)}
                                  disabled={!r.code}
                                  onChange={(e) =>
                                    updatePolicy(p.key, {
                                      ambiti: e.target.checked ? [...p.ambiti, r.code] : p.ambiti.filter((c) => c !== r.code),
                                    })
                                  }
                                />
                                <label htmlFor={cid}>
                                  {rowName(r)}
                                  <span className="visually-hidden"> partecipa alla policy {i + 1}</span>
                                </label>
                              </div>
                            );
                          })}
                        </div>
                      </div>
                      <div className="col-md-2">
                        <button
                          type="button"
                          className="btn btn-outline-danger btn-xs"
                          onClick={() => setPolicies((ps) => ps.filter((x) => x.key !== p.key))}
                        >
                          Rimuovi<span className="visually-hidden"> la policy {i + 1}</span>
                        </button>
                      </div>
                    </div>
                  </div>
                );
              })}
              <button
                type="button"
                className="btn btn-outline-primary btn-sm"
                onClick={() => setPolicies((ps) => [...ps, { key: newKey('p'), code: `policy-${ps.length + 1}`, ambiti: [] }])}
              >
                Aggiungi una policy
              </button>
            </fieldset>
          )}

          <fieldset className="mb-4" id="parametri-calcolo">
            <legend className="h4 px-0">Parametri della Regione</legend>
            {params.length === 0 ? (
              <p>Gli atti fissano tutti gli importi: nessun parametro da indicare.</p>
            ) : (
              <>
                <p className="small" id="param-help">
                  Importi in euro, ad es. <span className="text-nowrap">1.234,56</span> oppure 1234.56. Un campo vuoto
                  lascia il valore non indicato.
                </p>
                <div className="row">
                  {params.map((p) => {
                    const pid = `param-${p.key}`;
                    return (
                      <div key={p.key} className="col-md-6 mb-3">
                        <label htmlFor={pid} className="fw-semibold d-block">
                          {p.label} (€)
                        </label>
                        <input
                          id={pid}
                          type="text"
                          inputMode="decimal"
                          autoComplete="off"
                          className={'form-control' + invalidClass(pid)}
                          value={paramValues[p.key] ?? ''}
                          onChange={(e) => setParamValues((v) => ({ ...v, [p.key]: e.target.value }))}
                          aria-describedby={badIds.has(pid) ? 'calc-errors param-help' : 'param-help'}
                          aria-invalid={badIds.has(pid) || undefined}
                        />
                        {p.act && <p className="small text-muted mb-0 mt-1">Atto: {p.act}</p>}
                      </div>
                    );
                  })}
                </div>
              </>
            )}
          </fieldset>

          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Calcolo in corso…' : 'Calcola'}
          </button>
        </form>
      )}

      {result && (
        <section aria-labelledby="risultati" className="mt-5" id="calc-result">
          <h2 id="risultati" className="h3" tabIndex={-1} ref={resultRef}>
            Risultato
          </h2>
          <PremialitaTotals result={result} />
          <PremialitaResultTable
            key={resultSeq}
            result={result}
            body={body}
            nameOf={nameOf}
            id="calc-results"
            tracePrefix="trace-"
            caption={`Premialità per ambito (${result.ambiti.length}) – ${result.act ?? result.ruleset}, versione ${result.version}`}
          />
          <button type="button" className="btn btn-outline-primary" onClick={() => downloadCsv(result)}>
            Scarica CSV
          </button>
          {mayStore && lastRequest && (
            <SaveRunForm key={resultSeq} ruleset={result.ruleset} request={lastRequest} onSaved={() => runs.reload()} />
          )}
        </section>
      )}

      {region && <SavedRuns runs={runs} />}
    </>
  );
}
