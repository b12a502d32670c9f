// Comune: province, region, populations by year, ambito membership history.
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import { formatDate, formatNumber } from '../api/labels';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageTitle } from '../components/PageTitle';
import { ErrorAlert, Loading } from '../components/Status';
import { useApi } from '../components/useApi';

export function ComunePage() {
  const { istat = '' } = useParams();
  const { data: c, error, loading } = useApi(() => api.comune(istat), [istat]);
  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Home', to: '/' },
          { label: 'Territorio', to: '/territorio' },
          { label: 'Comuni', to: '/territorio/comuni' },
          { label: c?.name ?? istat },
        ]}
      />
      <PageTitle title={c ? `Comune di ${c.name}` : 'Comune'} />
      {loading && <Loading />}
      {error !== null && <ErrorAlert error={error} />}
      {c && (
        <>
          <p>
            <Link to={`/conoscenza/comune/${encodeURIComponent(c.istat_code)}`}>Cruscotto degli indicatori del comune</Link>
          </p>
          <dl className="row pdz-dl">
            <div className="col-sm-6 col-lg-3">
              <dt>Codice ISTAT</dt>
              <dd>{c.istat_code}</dd>
            </div>
            <div className="col-sm-6 col-lg-3">
              <dt>Provincia</dt>
              <dd>
                {c.province} ({c.province_code})
              </dd>
            </div>
            <div className="col-sm-6 col-lg-3">
              <dt>Regione</dt>
              <dd>
                <Link to={`/territorio/regioni/${encodeURIComponent(c.region_code)}`}>{c.region}</Link>
              </dd>
            </div>
            <div className="col-sm-6 col-lg-3">
              <dt>Ambito attuale</dt>
              <dd>
                {c.ambito ? <Link to={`/territorio/ambiti/${encodeURIComponent(c.ambito.code)}`}>{c.ambito.name}</Link> : 'nessuno'}
              </dd>
            </div>
          </dl>

          <section aria-labelledby="sez-pop" className="mt-3">
            <h2 id="sez-pop" className="h4">
              Popolazione
            </h2>
            {c.populations.length === 0 ? (
              <p>Nessun dato di popolazione.</p>
            ) : (
              <div className="table-responsive">
                <table className="table table-sm w-auto">
                  <caption>Popolazione residente per anno</caption>
                  <thead>
                    <tr>
                      <th scope="col">Anno</th>
                      <th scope="col" className="text-end">Abitanti</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.populations.map((p) => (
                      <tr key={p.year}>
                        <th scope="row">{p.year}</th>
                        <td className="text-end">{formatNumber(p.value)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby="sez-adesioni" className="mt-3">
            <h2 id="sez-adesioni" className="h4">
              Appartenenza agli ambiti
            </h2>
            {c.memberships.length === 0 ? (
              <p>Il comune non ha mai fatto parte di un ambito registrato.</p>
            ) : (
              <div className="table-responsive">
                <table className="table table-sm">
                  <caption>Ambiti di cui il comune ha fatto parte</caption>
                  <thead>
                    <tr>
                      <th scope="col">Ambito</th>
                      <th scope="col">Dal</th>
                      <th scope="col">Al</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.memberships.map((m, i) => (
                      <tr key={`${m.ambito.code}-${m.valid_from}-${i}`}>
                        <th scope="row">
                          <Link to={`/territorio/ambiti/${encodeURIComponent(m.ambito.code)}`}>{m.ambito.name}</Link>
                        </th>
                        <td>{formatDate(m.valid_from)}</td>
                        <td>{formatDate(m.valid_to, 'in corso')}</td>
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
