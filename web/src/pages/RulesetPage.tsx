// One ruleset (a Region's guidelines for a triennium): every section as a table citing its act,
// the parameters the acts leave to the Region, and a version selector when several were loaded.
import type { ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import {
  capofilaTypeLabel, deadlineWithin, factLabel, formatDate, formatDateTime, premialitaKindLabel, signatoryLabel,
} from '../api/labels';
import { formatEuro } from '../api/money';
import { calculatorLink, describeParameter, rulesetBody } from '../api/rulesets';
import type { PremialitaRule, RulesetBody, RulesetDeadline, RulesetEntry, RulesetTier } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageTitle } from '../components/PageTitle';
import { ErrorAlert, Loading } from '../components/Status';
import { useApi } from '../components/useApi';

/** The badge of a value the acts leave to the Region. */
export function ParameterBadge() {
  return <span className="badge pdz-param-badge">parametro da definire dalla Regione</span>;
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-5">
      <h2 id={id} className="h4">
        {title}
      </h2>
      {children}
    </section>
  );
}

function EntryTable({ caption, codeLabel, titleLabel, items }: {
  caption: string;
  codeLabel: string;
  titleLabel: string;
  items: RulesetEntry[];
}) {
  if (items.length === 0) return <p>Nessuna voce indicata dagli atti.</p>;
  return (
    <div className="table-responsive">
      <table className="table table-sm table-striped">
        <caption>
          {caption} ({items.length})
        </caption>
        <thead>
          <tr>
            <th scope="col">{codeLabel}</th>
            <th scope="col">{titleLabel}</th>
            <th scope="col">Atto</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.code}>
              <td className="text-nowrap">
                <code>{e.code}</code>
              </td>
              <th scope="row" className="fw-normal">
                {e.title}
              </th>
              <td>{e.act}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeadlineTerm({ d }: { d: RulesetDeadline }) {
  if (d.date) return <>{formatDate(d.date)}</>;
  if (d.within_days !== undefined && d.within_days !== null) return <>{deadlineWithin(d.within_days, d.after_event)}</>;
  return <ParameterBadge />;
}

function Amount({ cents }: { cents: number | null | undefined }) {
  if (cents === null || cents === undefined) return <ParameterBadge />;
  return <span className="text-nowrap">{formatEuro(cents)}</span>;
}

function tierPeriod(t: RulesetTier): string {
  if (t.from && t.to) return `dal ${formatDate(t.from)} al ${formatDate(t.to)}`;
  if (t.to) return `entro il ${formatDate(t.to)}`;
  if (t.from) return `dal ${formatDate(t.from)}`;
  return 'sempre';
}

function RuleAmount({ r }: { r: PremialitaRule }) {
  if (r.kind === 'date_tier' && r.tiers) {
    return (
      <ul className="list-unstyled mb-0">
        {r.tiers.map((t, i) => (
          <li key={i} className="mb-1">
            <span className="text-nowrap">{tierPeriod(t)}:</span> <strong><Amount cents={t.amount_cents} /></strong>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <>
      <Amount cents={r.amount_cents} />
      {r.kind === 'shared_policy' && <> per ogni ambito della policy</>}
    </>
  );
}

function RuleConditions({ r, body }: { r: PremialitaRule; body: RulesetBody }) {
  const parts: ReactNode[] = [];
  if (r.condition_fact) parts.push(<>se {factLabel(r.condition_fact)}</>);
  if (r.date_fact) parts.push(<>fascia secondo la {factLabel(r.date_fact)}</>);
  if (r.kind === 'objective' && r.objective) {
    const o = body.strategic_objectives?.find((x) => x.code === r.objective);
    parts.push(<>obiettivo {o ? `${o.code} «${o.title}»` : `«${r.objective}»`} raggiunto</>);
  }
  if (r.kind === 'shared_policy') {
    parts.push(<>policy realizzata da almeno {r.min_ambiti ?? 2} ambiti dello stesso distretto sociosanitario</>);
  }
  for (const req of r.requires ?? []) {
    const t = body.premialita?.rules.find((x) => x.id === req);
    parts.push(<>richiede prima «{t?.title ?? req}»</>);
  }
  if (parts.length === 0) return <>–</>;
  return (
    <ul className="mb-0 ps-3">
      {parts.map((p, i) => (
        <li key={i}>{p}</li>
      ))}
    </ul>
  );
}

export function RulesetPage() {
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const versionParam = Number(params.get('version')) || undefined;
  const doc = useApi(() => api.ruleset(code, versionParam), [code, versionParam]);
  const regions = useApi(() => api.regions(), []);
  const d = doc.data;
  const body = d ? rulesetBody(d) : null;
  const regionName = body ? regions.data?.items.find((r) => r.code === body.region)?.name : undefined;
  const latest = d ? Math.max(...d.versions) : 0;

  function chooseVersion(v: number) {
    const next = new URLSearchParams(params);
    if (v === latest) next.delete('version');
    else next.set('version', String(v));
    setParams(next, { replace: true });
  }

  const p = body?.premialita ?? null;
  const adp = body?.adp ?? null;
  const parameters = d && body ? d.parameters.map((x) => describeParameter(x, body)) : [];

  return (
    <>
      <Breadcrumbs items={[{ label: 'Home', to: '/' }, { label: 'Regole', to: '/regole' }, { label: body?.title ?? code }]} />
      <PageTitle title={body?.title ?? 'Regole'} />
      {doc.loading && <Loading />}
      {doc.error !== null && <ErrorAlert error={doc.error} />}
      {d && body && (
        <>
          <dl className="row pdz-dl" data-testid="ruleset-summary">
            <div className="col-md-6 col-lg-3">
              <dt>Atto</dt>
              <dd data-field="act">{body.act}</dd>
            </div>
            <div className="col-md-6 col-lg-3">
              <dt>Periodo</dt>
              <dd>
                dal {formatDate(body.period.from)} al {formatDate(body.period.to)}
              </dd>
            </div>
            <div className="col-md-6 col-lg-3">
              <dt>Regione</dt>
              <dd>{regionName ?? body.region}</dd>
            </div>
            <div className="col-md-6 col-lg-3">
              <dt>Codice</dt>
              <dd>
                <code>{d.code}</code>
              </dd>
            </div>
            <div className="col-md-6 col-lg-3">
              <dt>Versione</dt>
              <dd data-field="version">
                {d.version} di {d.versions.length}
                {d.version !== latest && <> (non è l’ultima)</>}
              </dd>
            </div>
            <div className="col-md-6 col-lg-9">
              <dt>Caricata</dt>
              <dd>
                il {formatDateTime(d.loaded_at)}
                {d.loaded_by && <> da {d.loaded_by}</>}
              </dd>
            </div>
          </dl>
          {d.versions.length > 1 && (
            <div className="row mb-3">
              <div className="col-md-4 select-wrapper">
                <label htmlFor="ruleset-version">Versione da consultare</label>
                <select id="ruleset-version" value={d.version} onChange={(e) => chooseVersion(Number(e.target.value))}>
                  {[...d.versions].sort((a, b) => b - a).map((v) => (
                    <option key={v} value={v}>
                      Versione {v}
                      {v === latest ? ' (ultima)' : ''}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          )}
          {d.version !== latest && (
            <div className="alert alert-info" role="note">
              Stai consultando la versione {d.version}; l’ultima caricata è la {latest}.
            </div>
          )}
          {body.notes && <p className="text-muted">{body.notes}</p>}
          {p && (
            <p>
              <Link className="btn btn-primary" to={calculatorLink(d.code)}>
                Calcola la premialità
              </Link>
            </p>
          )}

          <section aria-labelledby="parametri" className="pdz-params" data-testid="parameters">
            <h2 id="parametri" className="h5">
              Parametri lasciati alla Regione
            </h2>
            {parameters.length === 0 ? (
              <p>Gli atti fissano tutti i valori di queste regole: nessun parametro da definire.</p>
            ) : (
              <>
                <p>
                  Gli atti non fissano questi valori: li stabilisce la Regione (nel calcolatore della premialità si
                  possono indicare per una simulazione).
                </p>
                <ul className="mb-0">
                  {parameters.map((x) => (
                    <li key={x.path}>
                      {x.label}
                      {x.act && <> – atto: {x.act}</>} <code className="small">{x.path}</code>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>

          <Section id="sez-sezioni" title="Sezioni obbligatorie del Piano">
            <EntryTable caption="Sezioni che ogni Piano deve contenere" codeLabel="Codice" titleLabel="Sezione" items={body.required_sections ?? []} />
          </Section>
          <Section id="sez-obiettivi" title="Obiettivi strategici">
            <EntryTable caption="Obiettivi strategici" codeLabel="Codice" titleLabel="Obiettivo" items={body.strategic_objectives ?? []} />
          </Section>
          <Section id="sez-aree" title="Aree tematiche">
            <EntryTable caption="Aree tematiche di intervento" codeLabel="Codice" titleLabel="Area" items={body.thematic_areas ?? []} />
          </Section>
          <Section id="sez-fondi" title="Fondi">
            <EntryTable caption="Fondi e fonti di finanziamento" codeLabel="Codice" titleLabel="Fondo" items={body.funds ?? []} />
          </Section>

          <Section id="sez-scadenze" title="Scadenze">
            {(body.deadlines ?? []).length === 0 ? (
              <p>Nessuna scadenza indicata dagli atti.</p>
            ) : (
              <div className="table-responsive">
                <table className="table table-sm table-striped" id="scadenze">
                  <caption>Scadenze ({body.deadlines!.length})</caption>
                  <thead>
                    <tr>
                      <th scope="col">Scadenza</th>
                      <th scope="col">Termine</th>
                      <th scope="col">Atto</th>
                    </tr>
                  </thead>
                  <tbody>
                    {body.deadlines!.map((x) => (
                      <tr key={x.code}>
                        <th scope="row" className="fw-normal">
                          {x.title}
                        </th>
                        <td>
                          <DeadlineTerm d={x} />
                        </td>
                        <td>{x.act}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Section>

          <Section id="sez-adp" title="Accordo di Programma">
            {!adp ? (
              <p>Nessun requisito indicato dagli atti.</p>
            ) : (
              <div className="table-responsive">
                <table className="table table-sm table-striped" id="adp">
                  <caption>Requisiti dell’Accordo di Programma</caption>
                  <thead>
                    <tr>
                      <th scope="col">Requisito</th>
                      <th scope="col">Valore</th>
                      <th scope="col">Atto</th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <th scope="row" className="fw-normal">
                        Firmatari obbligatori
                      </th>
                      <td>
                        <ul className="mb-0 ps-3">
                          {(adp.required_signatories ?? []).map((s) => (
                            <li key={s}>{signatoryLabel(s)}</li>
                          ))}
                        </ul>
                      </td>
                      <td>{adp.act}</td>
                    </tr>
                    <tr>
                      <th scope="row" className="fw-normal">
                        Tipi di ente capofila ammessi
                      </th>
                      <td>
                        <ul className="mb-0 ps-3">
                          {(adp.allowed_capofila_types ?? []).map((t) => (
                            <li key={t}>{capofilaTypeLabel(t)}</li>
                          ))}
                        </ul>
                      </td>
                      <td>{adp.act}</td>
                    </tr>
                  </tbody>
                </table>
              </div>
            )}
          </Section>

          <Section id="sez-premialita" title="Premialità">
            {!p ? (
              <p>Questi atti non prevedono premialità.</p>
            ) : (
              <>
                <div className="table-responsive">
                  <table className="table table-sm table-striped" id="premialita-quadro">
                    <caption>Quadro della premialità</caption>
                    <thead>
                      <tr>
                        <th scope="col">Voce</th>
                        <th scope="col">Valore</th>
                        <th scope="col">Atto</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.fund && (
                        <tr>
                          <th scope="row" className="fw-normal">
                            Fondo
                          </th>
                          <td>{body.funds?.find((f) => f.code === p.fund)?.title ?? p.fund}</td>
                          <td>{body.funds?.find((f) => f.code === p.fund)?.act ?? body.act}</td>
                        </tr>
                      )}
                      <tr>
                        <th scope="row" className="fw-normal">
                          Tetto per ambito
                        </th>
                        <td>{p.cap_per_ambito_cents === undefined ? 'nessun tetto' : <Amount cents={p.cap_per_ambito_cents} />}</td>
                        <td>{p.cap_act ?? '–'}</td>
                      </tr>
                      <tr>
                        <th scope="row" className="fw-normal">
                          Budget regionale complessivo
                        </th>
                        <td>
                          <Amount cents={p.budget_cents} />
                        </td>
                        <td>{p.budget_act ?? '–'}</td>
                      </tr>
                    </tbody>
                  </table>
                </div>
                <div className="table-responsive">
                  <table className="table table-sm table-striped" id="premialita-regole">
                    <caption>Regole della premialità ({p.rules.length})</caption>
                    <thead>
                      <tr>
                        <th scope="col">Regola</th>
                        <th scope="col">Tipo</th>
                        <th scope="col">Importo</th>
                        <th scope="col">Condizioni</th>
                        <th scope="col">Atto</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.rules.map((r) => (
                        <tr key={r.id} data-rule={r.id}>
                          <th scope="row" className="fw-normal">
                            {r.title}
                            <br />
                            <code className="small">{r.id}</code>
                          </th>
                          <td>{premialitaKindLabel(r.kind)}</td>
                          <td>
                            <RuleAmount r={r} />
                          </td>
                          <td>
                            <RuleConditions r={r} body={body} />
                          </td>
                          <td>{r.act}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </Section>
        </>
      )}
    </>
  );
}
