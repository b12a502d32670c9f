// Territory browser: one ATS/ASL/ASP with its ambiti (capofila, number of comuni, population).
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import { capofilaTypeLabel, formatNumber } from '../api/labels';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageTitle } from '../components/PageTitle';
import { ErrorAlert, Loading } from '../components/Status';
import { TerritoryMonitoring } from '../components/TerritoryMonitoring';
import { useApi } from '../components/useApi';
import { hasRole } from '../auth/permissions';
import { useSession } from '../auth/session';

export function AgencyPage() {
  const { code = '' } = useParams();
  const agency = useApi(() => api.agency(code), [code]);
  const region = useApi(
    () => (agency.data ? api.region(agency.data.region) : Promise.resolve(null)),
    [agency.data?.region],
  );
  const data = agency.data;
  const { user } = useSession();
  // The Cabina di regia: the agency's operators and the Region's administrators.
  const monitors = !!data && (hasRole(user, 'ats_operator', 'agency', data.code) || hasRole(user, 'region_admin', 'region', data.region));
  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Home', to: '/' },
          { label: 'Territorio', to: '/territorio' },
          ...(data ? [{ label: region.data?.name ?? data.region, to: `/territorio/regioni/${encodeURIComponent(data.region)}` }] : []),
          { label: data?.name ?? code },
        ]}
      />
      <PageTitle title={data?.name ?? 'Agenzia sanitaria'} />
      {agency.loading && <Loading />}
      {agency.error && <ErrorAlert error={agency.error} />}
      {data && (
        <>
          <p>
            {data.kind} – distretti: {data.districts.length ? data.districts.map((d) => d.name).join(', ') : 'nessuno'}.{' '}
            <Link to={`/conoscenza/agency/${encodeURIComponent(data.code)}`}>Cruscotto degli indicatori dell’agenzia</Link>
          </p>
          <div className="table-responsive">
            <table className="table table-striped">
              <caption>Ambiti territoriali ({data.ambiti.length})</caption>
              <thead>
                <tr>
                  <th scope="col">Ambito</th>
                  <th scope="col">Distretto</th>
                  <th scope="col">Ente capofila</th>
                  <th scope="col" className="text-end">Comuni</th>
                  <th scope="col" className="text-end">Popolazione</th>
                </tr>
              </thead>
              <tbody>
                {data.ambiti.map((a) => (
                  <tr key={a.code}>
                    <th scope="row">
                      <Link to={`/territorio/ambiti/${encodeURIComponent(a.code)}`}>{a.name}</Link>
                    </th>
                    <td>{a.district?.name ?? '–'}</td>
                    <td>
                      {a.capofila.name} <span className="text-muted">({capofilaTypeLabel(a.capofila.type)})</span>
                    </td>
                    <td className="text-end">{formatNumber(a.comuni_count)}</td>
                    <td className="text-end">{formatNumber(a.population)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <TerritoryMonitoring level="agencies" code={data.code} allowed={monitors} />
        </>
      )}
    </>
  );
}
