// Comuni search (/territorio/comuni?q=): by name or ISTAT code, paginated; state kept in the URL.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { formatNumber } from '../api/labels';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageTitle } from '../components/PageTitle';
import { Pagination } from '../components/Pagination';
import { ErrorAlert, Loading } from '../components/Status';
import { useApi } from '../components/useApi';

const PAGE = 25;

export function ComuniSearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const region = params.get('region') ?? '';
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const { data, error, loading } = useApi(
    () => api.comuni({ q, region, limit: PAGE, offset }),
    [q, region, offset],
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams(params);
    if (text.trim()) next.set('q', text.trim());
    else next.delete('q');
    next.delete('offset');
    setParams(next);
  }

  function goTo(o: number) {
    const next = new URLSearchParams(params);
    if (o > 0) next.set('offset', String(o));
    else next.delete('offset');
    setParams(next);
  }

  return (
    <>
      <Breadcrumbs items={[{ label: 'Home', to: '/' }, { label: 'Territorio', to: '/territorio' }, { label: 'Comuni' }]} />
      <PageTitle title="Cerca comuni" />
      <form role="search" onSubmit={onSubmit} className="row g-2 align-items-end mb-4" aria-label="Ricerca comuni">
        <div className="col-12 col-md-6">
          <label htmlFor="q" className="form-label fw-semibold">
            Nome o codice ISTAT del comune
          </label>
          <input id="q" name="q" type="search" className="form-control" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="col-auto">
          <button type="submit" className="btn btn-primary">
            Cerca
          </button>
        </div>
      </form>
      {region && (
        <p>
          Solo i comuni della regione con codice <strong>{region}</strong>.{' '}
          <Link to={q ? `/territorio/comuni?q=${encodeURIComponent(q)}` : '/territorio/comuni'}>Cerca in tutte le regioni</Link>
        </p>
      )}
      {loading && <Loading />}
      {error !== null && <ErrorAlert error={error} />}
      {data && (
        <>
          <div className="table-responsive">
            <table className="table table-striped">
              <caption>
                {data.total === 0 ? 'Nessun comune trovato' : `${data.total} comuni trovati`}
                {q && <> per «{q}»</>}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Codice ISTAT</th>
                  <th scope="col">Comune</th>
                  <th scope="col">Provincia</th>
                  <th scope="col">Regione</th>
                  <th scope="col">Ambito</th>
                  <th scope="col" className="text-end">Popolazione</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((c) => (
                  <tr key={c.istat_code}>
                    <td>{c.istat_code}</td>
                    <th scope="row">
                      <Link to={`/territorio/comuni/${encodeURIComponent(c.istat_code)}`}>{c.name}</Link>
                    </th>
                    <td>{c.province}</td>
                    <td>{c.region}</td>
                    <td>
                      {c.ambito ? <Link to={`/territorio/ambiti/${encodeURIComponent(c.ambito.code)}`}>{c.ambito.name}</Link> : '–'}
                    </td>
                    <td className="text-end">{formatNumber(c.population)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={data.total} limit={data.limit || PAGE} offset={data.offset} onChange={goTo} />
        </>
      )}
    </>
  );
}
