// Territory browser, first level: the regions.
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { formatNumber } from '../api/labels';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageTitle } from '../components/PageTitle';
import { ErrorAlert, Loading } from '../components/Status';
import { useApi } from '../components/useApi';

export function RegionsPage() {
  const { data, error, loading } = useApi(() => api.regions(), []);
  return (
    <>
      <Breadcrumbs items={[{ label: 'Home', to: '/' }, { label: 'Territorio' }]} />
      <PageTitle title="Territorio" />
      <p>Scegli una regione per vedere le sue ATS/ASL e i suoi ambiti territoriali.</p>
      {loading && <Loading />}
      {error && <ErrorAlert error={error} />}
      {data && (
        <div className="table-responsive">
          <table className="table table-striped">
            <caption>Regioni ({data.total})</caption>
            <thead>
              <tr>
                <th scope="col">Regione</th>
                <th scope="col">Codice</th>
                <th scope="col" className="text-end">Comuni</th>
                <th scope="col" className="text-end">Popolazione</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.code}>
                  <th scope="row">
                    <Link to={`/territorio/regioni/${encodeURIComponent(r.code)}`}>{r.name}</Link>
                  </th>
                  <td>{r.code}</td>
                  <td className="text-end">{formatNumber(r.comuni_count)}</td>
                  <td className="text-end">{formatNumber(r.population)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
