// Flussi informativi: transmit a flow file for a body the user may act for (job with progress, error report),
// the history of that body's submissions, and the documentation of every flow (columns, code lists).
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { formatDateTime, formatNumber } from '../api/labels';
import { columnTypeLabels, knowledgeApi, type CodeList, type FlowSchema } from '../api/knowledge';
import type { User } from '../api/types';
import { hasRole } from '../auth/permissions';
import { useSession } from '../auth/session';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { bodyKey, bodyLabel, FlowImport, type SubmitBody } from '../components/FlowImport';
import { PageTitle } from '../components/PageTitle';
import { ErrorAlert, Loading } from '../components/Status';
import { panelId, tabId, Tabs } from '../components/Tabs';
import { useApi } from '../components/useApi';
import '../styles/knowledge.css';

/** The bodies the user may transmit for: udp_editor -> ambito, comune_referent -> comune, region_admin -> region and its ambiti. */
function useSubmitBodies(user: User | null) {
  const adminRegions = useMemo(
    () => (user?.roles ?? []).filter((r) => r.role === 'region_admin' && r.scope.kind === 'region').map((r) => r.scope),
    [user],
  );
  const regionKey = adminRegions.map((r) => r.code).join(',');
  const regionAmbiti = useApi(
    () => (adminRegions.length ? Promise.all(adminRegions.map((r) => api.ambiti({ region: r.code, limit: 500 }))) : Promise.resolve([])),
    [regionKey],
  );
  return useMemo(() => {
    const out: SubmitBody[] = [];
    const seen = new Set<string>();
    const add = (b: SubmitBody) => {
      if (!seen.has(bodyKey(b))) {
        seen.add(bodyKey(b));
        out.push(b);
      }
    };
    for (const r of user?.roles ?? []) {
      if (r.role === 'udp_editor' && r.scope.kind === 'ambito') add({ kind: 'ambito', code: r.scope.code, name: r.scope.name });
      if (r.role === 'comune_referent' && r.scope.kind === 'comune') add({ kind: 'comune', code: r.scope.code, name: r.scope.name });
    }
    for (const r of adminRegions) add({ kind: 'region', code: r.code, name: r.name });
    for (const page of regionAmbiti.data ?? []) for (const a of page.items) add({ kind: 'ambito', code: a.code, name: a.name });
    return { bodies: out, loading: regionAmbiti.loading && adminRegions.length > 0 };
  }, [user, adminRegions, regionAmbiti.data, regionAmbiti.loading]);
}

function SubmissionsHistory({ body, flows, tick }: { body: SubmitBody; flows: FlowSchema[]; tick: number }) {
  const s = useApi(() => knowledgeApi.submissions(body.kind, body.code, true), [body.kind, body.code, tick]);
  const flowName = (id: string) => flows.find((f) => f.id === id)?.name ?? id;
  const items = s.data?.submissions ?? [];
  return (
    <section aria-labelledby="history-title" className="mt-4">
      <h2 id="history-title" className="h4">
        Trasmissioni di {bodyLabel(body)}
      </h2>
      {s.loading && !s.data && <Loading label="Caricamento delle trasmissioni…" />}
      {s.error !== null && <ErrorAlert error={s.error} />}
      {s.data && (
        <div className="table-responsive" tabIndex={0} role="region" aria-label="Storico delle trasmissioni">
          <table className="table table-sm" id="submissions">
            <caption>
              Storico delle trasmissioni, dalla più recente ({items.length}); le versioni sostituite restano a disposizione
            </caption>
            <thead>
              <tr>
                <th scope="col">Flusso</th>
                <th scope="col">Anno</th>
                <th scope="col" className="text-end">
                  Versione
                </th>
                <th scope="col">Stato</th>
                <th scope="col" className="text-end">
                  Righe
                </th>
                <th scope="col">File</th>
                <th scope="col">Trasmessa da</th>
                <th scope="col">Data</th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 && (
                <tr>
                  <td colSpan={8}>Nessuna trasmissione.</td>
                </tr>
              )}
              {items.map((x) => (
                <tr key={x.id}>
                  <th scope="row">{flowName(x.flow)}</th>
                  <td>{x.year}</td>
                  <td className="text-end">{x.version}</td>
                  <td>{x.current ? <span className="badge bg-success">In vigore</span> : <span className="badge bg-secondary">Sostituita</span>}</td>
                  <td className="text-end">{formatNumber(x.rows)}</td>
                  <td className="text-break">{x.file || '–'}</td>
                  <td>{x.submitted_by}</td>
                  <td>{formatDateTime(x.submitted_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function FlowDoc({ flow, open, onToggle, lists }: { flow: FlowSchema; open: boolean; onToggle(): void; lists: Map<string, CodeList> }) {
  const tableId = `flusso-${flow.id}-colonne`;
  return (
    <article className="pdz-flow-card" id={`flusso-${flow.id}`} aria-labelledby={`flusso-${flow.id}-title`}>
      <h3 id={`flusso-${flow.id}-title`} className="h5">
        {flow.name} <code className="small">{flow.id}</code>
      </h3>
      <p className="mb-1">{flow.description}</p>
      <p className="small mb-2">
        Chiave (una riga ripetuta è un errore): {flow.key.map((k, i) => (
          <span key={k}>
            {i > 0 && ', '}
            <code>{k}</code>
          </span>
        ))}
      </p>
      <button type="button" className="btn btn-outline-primary btn-sm" aria-expanded={open} aria-controls={tableId} onClick={onToggle}>
        {open ? 'Nascondi le colonne' : `Mostra le colonne (${flow.columns.length})`}
        <span className="visually-hidden"> del flusso {flow.name}</span>
      </button>
      <div id={tableId} hidden={!open} className="mt-2">
        {open && (
          <div className="table-responsive">
            <table className="table table-sm">
              <caption>Colonne del flusso «{flow.name}»: l’intestazione del file deve usare questi nomi, in qualsiasi ordine</caption>
              <thead>
                <tr>
                  <th scope="col">Colonna</th>
                  <th scope="col">Obbligatoria</th>
                  <th scope="col">Tipo</th>
                  <th scope="col">Valori ammessi</th>
                  <th scope="col">Descrizione</th>
                  <th scope="col">Esempio</th>
                </tr>
              </thead>
              <tbody>
                {flow.columns.map((c) => (
                  <tr key={c.name}>
                    <th scope="row">
                      <code>{c.name}</code>
                    </th>
                    <td>{c.required ? 'Sì' : 'No'}</td>
                    <td>{columnTypeLabels[c.type] ?? c.type}</td>
                    <td>
                      {c.list ? (
                        <a
                          href={`#elenco-${c.list}`}
                          onClick={() => {
                            const d = document.getElementById(`elenco-${c.list}`);
                            if (d instanceof HTMLDetailsElement) d.open = true;
                          }}
                        >
                          Elenco «{lists.get(c.list)?.name ?? c.list}»</a>
                      ) : c.choices && c.choices.length > 0 ? (
                        c.choices.map((x, i) => (
                          <span key={x}>
                            {i > 0 && ', '}
                            <code>{x}</code>
                          </span>
                        ))
                      ) : (
                        '–'
                      )}
                    </td>
                    <td>{c.description}</td>
                    <td>
                      <code>{c.example}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </article>
  );
}

const TABS = [
  { id: 'invio', label: 'Trasmetti i dati' },
  { id: 'documentazione', label: 'Flussi e colonne' },
];

export function FlowsPage() {
  const { user, loading: sessionLoading } = useSession();
  const [params, setParams] = useSearchParams();
  const flows = useApi(() => knowledgeApi.flows(), []);
  const lists = useApi(() => knowledgeApi.codelists(), []);
  const { bodies, loading: bodiesLoading } = useSubmitBodies(user);
  const [body, setBody] = useState<SubmitBody | null>(null);
  const [tick, setTick] = useState(0);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const tab = params.get('scheda') === 'documentazione' ? 'documentazione' : 'invio';

  // The body asked in the address (?ambito=… or ?comune=…), else the first one allowed.
  const wanted = params.get('ambito') ? `ambito:${params.get('ambito')}` : params.get('comune') ? `comune:${params.get('comune')}` : null;
  useEffect(() => {
    if (bodies.length === 0) {
      setBody(null);
      return;
    }
    setBody((cur) => {
      if (cur && bodies.some((b) => bodyKey(b) === bodyKey(cur))) return cur;
      return bodies.find((b) => bodyKey(b) === wanted) ?? bodies[0];
    });
  }, [bodies, wanted]);

  function setTab(id: string) {
    const next = new URLSearchParams(params);
    if (id === 'invio') next.delete('scheda');
    else next.set('scheda', id);
    setParams(next, { replace: true });
  }

  function showColumns(flow: string) {
    setOpen((s) => new Set(s).add(flow));
    setTab('documentazione');
    setTimeout(() => {
      const el = document.getElementById(`flusso-${flow}`);
      el?.scrollIntoView({ block: 'start' });
      el?.querySelector<HTMLElement>('button')?.focus();
    }, 0);
  }

  const listMap = useMemo(() => new Map((lists.data?.lists ?? []).map((l) => [l.id, l] as [string, CodeList])), [lists.data]);
  const flowList = flows.data?.flows ?? [];
  const mayImport = bodies.length > 0;

  return (
    <>
      <Breadcrumbs items={[{ label: 'Home', to: '/' }, { label: 'Flussi informativi' }]} />
      <PageTitle title="Flussi informativi" />
      <p>
        I comuni e gli ambiti trasmettono alla Regione i dati sulla spesa sociale, sulle unità d’offerta, sui servizi domiciliari e sui beneficiari.
        Con questi dati pdz calcola gli indicatori del{' '}
        <Link to="/conoscenza/italy">cruscotto</Link>, aggiornati subito dopo ogni trasmissione.
      </p>
      {flows.loading && !flows.data && <Loading />}
      {flows.error !== null && <ErrorAlert error={flows.error} />}
      {flows.data && (
        <>
          <Tabs prefix="flussi" label="Sezioni dei flussi informativi" tabs={TABS} active={tab} onChange={setTab} />
          <div role="tabpanel" id={panelId('flussi', tab)} aria-labelledby={tabId('flussi', tab)} tabIndex={0} className="pdz-tabpanel">
            {tab === 'invio' && (
              <>
                {sessionLoading || bodiesLoading ? (
                  <Loading />
                ) : !user ? (
                  <div className="alert alert-info" role="note">
                    Per trasmettere i dati <Link to="/accedi" state={{ from: '/flussi' }}>accedi</Link> con l’utenza del tuo Ufficio di Piano o del tuo
                    comune.
                  </div>
                ) : !mayImport ? (
                  <div className="alert alert-info" role="note">
                    Il tuo profilo non permette di trasmettere dati: serve il ruolo di Ufficio di Piano su un ambito, di referente di un comune o di
                    amministratore della Regione{hasRole(user, 'ats_operator') ? ' (l’ATS consulta i dati, non li trasmette)' : ''}.
                  </div>
                ) : (
                  body && (
                    <>
                      <FlowImport
                        flows={flowList}
                        bodies={bodies}
                        body={body}
                        onBodyChange={setBody}
                        onImported={() => setTick((t) => t + 1)}
                        onShowColumns={showColumns}
                      />
                      <SubmissionsHistory body={body} flows={flowList} tick={tick} />
                    </>
                  )
                )}
              </>
            )}
            {tab === 'documentazione' && (
              <>
                <section aria-labelledby="docs-title">
                  <h2 id="docs-title" className="h4">
                    I flussi e le loro colonne
                  </h2>
                  <p>
                    Ogni flusso è un file CSV (separato da virgola o punto e virgola) o XLSX con una riga di intestazione. Gli importi si scrivono come{' '}
                    <code>1234.56</code>, <code>1.234,56</code> o <code>1234,56</code>; le date come <code>AAAA-MM-GG</code> o <code>GG/MM/AAAA</code>. Non
                    inserire nomi o codici fiscali: le persone si indicano con uno pseudonimo di 16 caratteri.
                  </p>
                  {flowList.map((f) => (
                    <FlowDoc
                      key={f.id}
                      flow={f}
                      lists={listMap}
                      open={open.has(f.id)}
                      onToggle={() =>
                        setOpen((s) => {
                          const n = new Set(s);
                          if (n.has(f.id)) n.delete(f.id);
                          else n.add(f.id);
                          return n;
                        })
                      }
                    />
                  ))}
                </section>
                <section aria-labelledby="lists-title" className="mt-4">
                  <h2 id="lists-title" className="h4">
                    Elenchi di codici
                  </h2>
                  {lists.loading && !lists.data && <Loading />}
                  {lists.error !== null && <ErrorAlert error={lists.error} />}
                  {(lists.data?.lists ?? []).map((l) => (
                    <details key={l.id} id={`elenco-${l.id}`} className="mb-2">
                      <summary>
                        {l.name} (<code>{l.id}</code>, {l.items.length} codici)
                      </summary>
                      <div className="table-responsive">
                        <table className="table table-sm">
                          <caption>Codici dell’elenco «{l.name}»</caption>
                          <thead>
                            <tr>
                              <th scope="col">Codice</th>
                              <th scope="col">Descrizione</th>
                            </tr>
                          </thead>
                          <tbody>
                            {l.items.map((i) => (
                              <tr key={i.code}>
                                <th scope="row">
                                  <code>{i.code}</code>
                                </th>
                                <td>{i.label}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                    </details>
                  ))}
                </section>
              </>
            )}
          </div>
        </>
      )}
    </>
  );
}
