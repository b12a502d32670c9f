// Ambito: capofila, Ufficio di Piano (editable by those allowed), its Piani di Zona, resources assigned by the Region's riparti, its premialità in the Region's stored esiti, comuni at a date, membership history, merges.
import { useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { capofilaTypeLabel, formatDate, formatNumber, udpFieldLabels } from '../api/labels';
import type { Ambito, UfficioDiPiano } from '../api/types';
import { canEditAmbito } from '../auth/permissions';
import { useSession } from '../auth/session';
import { AmbitoEditForm } from '../components/AmbitoEditForm';
import { AmbitoAllocations } from '../components/AmbitoAllocations';
import { AmbitoPlans } from '../components/AmbitoPlans';
import { AmbitoBodies, Calendar } from '../components/Governance';
import { AmbitoPremialita } from '../components/AmbitoPremialita';
import { AmbitoDebito } from '../components/Debito';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageTitle } from '../components/PageTitle';
import { ErrorAlert, Loading } from '../components/Status';
import { useApi } from '../components/useApi';

const ambitoLink = (code: string) => `/territorio/ambiti/${encodeURIComponent(code)}`;

function UdpDetails({ udp }: { udp: UfficioDiPiano | null }) {
  if (!udp) return <p>Ufficio di Piano non indicato.</p>;
  const row = (k: keyof UfficioDiPiano) => {
    const v = udp[k];
    let content: React.ReactNode = v || '–';
    if (v && (k === 'email' || k === 'pec')) content = <a href={`mailto:${v}`}>{v}</a>;
    if (v && k === 'phone') content = <a href={`tel:${v.replace(/\s+/g, '')}`}>{v}</a>;
    return (
      <div key={k} className="col-md-6">
        <dt>{udpFieldLabels[k]}</dt>
        <dd data-field={`udp-${k}`}>{content}</dd>
      </div>
    );
  };
  return <dl className="row pdz-dl">{(['host_body', 'head', 'address', 'email', 'pec', 'phone'] as const).map(row)}</dl>;
}

export function AmbitoPage() {
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const asOf = params.get('as_of') ?? '';
  const { user } = useSession();
  const ambito = useApi(() => api.ambito(code, asOf || undefined), [code, asOf]);
  const history = useApi(() => api.ambitoHistory(code), [code]);
  const regionCode = ambito.data?.region;
  const region = useApi(() => (regionCode ? api.region(regionCode) : Promise.resolve(null)), [regionCode]);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [dateInput, setDateInput] = useState(asOf);
  const savedRef = useRef<HTMLDivElement>(null);
  const editBtnRef = useRef<HTMLButtonElement>(null);

  useEffect(() => setDateInput(asOf), [asOf]);
  useEffect(() => {
    setEditing(false);
    setSaved(false);
  }, [code]);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  const a = ambito.data;
  const may = !!a && canEditAmbito(user, a);

  function applyDate(v: string) {
    const next = new URLSearchParams(params);
    if (v) next.set('as_of', v);
    else next.delete('as_of');
    setParams(next, { replace: true });
  }

  function onSaved(updated: Ambito) {
    // Keep the composition of the chosen date; refresh everything else.
    ambito.setData((prev) => ({ ...updated, comuni: prev?.comuni ?? updated.comuni, as_of: prev?.as_of ?? updated.as_of }));
    setEditing(false);
    setSaved(true);
    history.reload();
  }

  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Home', to: '/' },
          { label: 'Territorio', to: '/territorio' },
          ...(a
            ? [
                { label: region.data?.name ?? a.region, to: `/territorio/regioni/${encodeURIComponent(a.region)}` },
                { label: a.agency.name, to: `/territorio/ats/${encodeURIComponent(a.agency.code)}` },
              ]
            : []),
          { label: a?.name ?? code },
        ]}
      />
      <PageTitle title={a ? `Ambito ${a.name}` : 'Ambito territoriale'} />
      {ambito.loading && !a && <Loading />}
      {ambito.error !== null && <ErrorAlert error={ambito.error} />}
      {a && (
        <>
          <p>
            Ambito territoriale dell’agenzia{' '}
            <Link to={`/territorio/ats/${encodeURIComponent(a.agency.code)}`}>{a.agency.name}</Link>
            {a.district && <>, distretto {a.district.name}</>}. In vigore dal {formatDate(a.valid_from)}
            {a.valid_to ? <> al {formatDate(a.valid_to)}</> : null}.
          </p>
          <p>
            <Link to={`/conoscenza/ambito/${encodeURIComponent(a.code)}`}>Cruscotto degli indicatori dell’ambito</Link>
            {' – '}
            <Link to={`/flussi?ambito=${encodeURIComponent(a.code)}`}>Flussi informativi</Link>
          </p>
          {a.valid_to && (
            <div className="alert alert-info" role="note">
              Questo ambito è chiuso dal {formatDate(a.valid_to)}.
              {a.merged_into && (
                <>
                  {' '}È confluito nell’ambito <Link to={ambitoLink(a.merged_into)}>{a.merged_into}</Link>.
                </>
              )}
            </div>
          )}
          {!a.valid_to && a.merged_into && (
            <p>
              Confluito nell’ambito <Link to={ambitoLink(a.merged_into)}>{a.merged_into}</Link>.
            </p>
          )}
          {a.merged_from.length > 0 && (
            <p>
              Nato dalla fusione degli ambiti:{' '}
              {a.merged_from.map((m, i) => (
                <span key={m}>
                  {i > 0 && ', '}
                  <Link to={ambitoLink(m)}>{m}</Link>
                </span>
              ))}
              .
            </p>
          )}

          <section aria-labelledby="sez-governance" className="mt-4">
            <div className="d-flex flex-wrap align-items-center justify-content-between gap-2">
              <h2 id="sez-governance" className="h4 mb-0">
                Ente capofila e Ufficio di Piano
              </h2>
              {may && !editing && (
                <button
                  ref={editBtnRef}
                  type="button"
                  className="btn btn-outline-primary btn-sm"
                  onClick={() => {
                    setSaved(false);
                    setEditing(true);
                  }}
                >
                  Modifica<span className="visually-hidden"> ente capofila e Ufficio di Piano</span>
                </button>
              )}
            </div>
            {saved && (
              <div className="alert alert-success mt-3" role="status" tabIndex={-1} ref={savedRef}>
                Modifiche salvate.
              </div>
            )}
            {editing ? (
              <AmbitoEditForm
                key={a.version}
                ambito={a}
                onSaved={onSaved}
                onCancel={() => {
                  setEditing(false);
                  setTimeout(() => editBtnRef.current?.focus(), 0);
                }}
              />
            ) : (
              <>
                <h3 className="h5 mt-3">Ente capofila</h3>
                <p data-field="capofila">
                  <strong>{a.capofila.name}</strong> – {capofilaTypeLabel(a.capofila.type)}
                </p>
                <h3 className="h5">Ufficio di Piano</h3>
                <UdpDetails udp={a.ufficio_di_piano} />
              </>
            )}
          </section>

          <AmbitoPlans code={a.code} mayEdit={may} />

          <Calendar scope="ambiti" code={a.code} />

          <AmbitoBodies code={a.code} />

          <AmbitoAllocations code={a.code} />

          <AmbitoPremialita code={a.code} name={a.name} />

          <AmbitoDebito code={a.code} mayImport={may} />

          <section aria-labelledby="sez-comuni" className="mt-4">
            <h2 id="sez-comuni" className="h4">
              Comuni dell’ambito
            </h2>
            <form
              className="row g-2 align-items-end mb-3"
              onSubmit={(e) => {
                e.preventDefault();
                applyDate(dateInput);
              }}
            >
              <div className="col-auto">
                <label htmlFor="as-of" className="form-label d-block fw-semibold">
                  Composizione alla data
                </label>
                <input
                  id="as-of"
                  type="date"
                  className="form-control"
                  value={dateInput}
                  aria-describedby="as-of-help"
                  onChange={(e) => {
                    setDateInput(e.target.value);
                    if (/^\d{4}-\d{2}-\d{2}$/.test(e.target.value)) applyDate(e.target.value);
                  }}
                />
              </div>
              <div className="col-auto">
                <button type="submit" className="btn btn-primary btn-sm">
                  Mostra
                </button>
              </div>
              {asOf && (
                <div className="col-auto">
                  <button type="button" className="btn btn-outline-primary btn-sm" onClick={() => applyDate('')}>
                    Torna a oggi
                  </button>
                </div>
              )}
              <p id="as-of-help" className="small text-muted mb-0 col-12">
                Scegli una data per vedere i comuni che facevano parte dell’ambito in quel giorno.
              </p>
            </form>
            {ambito.loading && <Loading label="Aggiornamento della composizione…" />}
            <div className="table-responsive" aria-live="polite">
              <table className="table table-striped" id="comuni-ambito">
                <caption>
                  {a.comuni.length} comuni al {formatDate(a.as_of)} – popolazione{' '}
                  {formatNumber(a.comuni.reduce((s, c) => s + (c.population ?? 0), 0))}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Codice ISTAT</th>
                    <th scope="col">Comune</th>
                    <th scope="col">Provincia</th>
                    <th scope="col" className="text-end">Popolazione</th>
                  </tr>
                </thead>
                <tbody>
                  {a.comuni.map((c) => (
                    <tr key={c.istat_code}>
                      <td>{c.istat_code}</td>
                      <th scope="row">
                        <Link to={`/territorio/comuni/${encodeURIComponent(c.istat_code)}`}>{c.name}</Link>
                      </th>
                      <td>{c.province}</td>
                      <td className="text-end">
                        {formatNumber(c.population)}
                        {c.population_year && <span className="text-muted small"> ({c.population_year})</span>}
                      </td>
                    </tr>
                  ))}
                  {a.comuni.length === 0 && (
                    <tr>
                      <td colSpan={4}>Nessun comune in questa data.</td>
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="sez-storia" className="mt-4">
            <h2 id="sez-storia" className="h4">
              Storia delle adesioni
            </h2>
            {history.loading && <Loading />}
            {history.error !== null && <ErrorAlert error={history.error} />}
            {history.data && (
              <div className="table-responsive">
                <table className="table table-sm">
                  <caption>Tutte le adesioni di comuni all’ambito ({history.data.items.length})</caption>
                  <thead>
                    <tr>
                      <th scope="col">Codice ISTAT</th>
                      <th scope="col">Comune</th>
                      <th scope="col">Dal</th>
                      <th scope="col">Al</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.data.items.map((h, i) => (
                      <tr key={`${h.istat_code}-${h.valid_from}-${i}`}>
                        <td>{h.istat_code}</td>
                        <th scope="row">
                          <Link to={`/territorio/comuni/${encodeURIComponent(h.istat_code)}`}>{h.name}</Link>
                        </th>
                        <td>{formatDate(h.valid_from)}</td>
                        <td>{formatDate(h.valid_to, 'in corso')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </>
  );
}
