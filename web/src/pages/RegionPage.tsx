// Territory browser: one region with its ATS/ASL/ASP, their districts and number of ambiti.
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import { allocationsLink } from '../api/finance';
import { formatNumber } from '../api/labels';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { RegionDebito } from '../components/Debito';
import { Calendar, RegionGovernance } from '../components/Governance';
import { PageTitle } from '../components/PageTitle';
import { ErrorAlert, Loading } from '../components/Status';
import { TerritoryMonitoring } from '../components/TerritoryMonitoring';
import { useApi } from '../components/useApi';
import { hasRole } from '../auth/permissions';
import { useSession } from '../auth/session';

export function RegionPage() {
  const { code = '' } = useParams();
  const { data, error, loading } = useApi(() => api.region(code), [code]);
  const name = data ? `Regione ${data.name}` : 'Regione';
  const { user } = useSession();
  return (
    <>
      <Breadcrumbs items={[{ label: 'Home', to: '/' }, { label: 'Territorio', to: '/territorio' }, { label: data?.name ?? code }]} />
      <PageTitle title={name} />
      {loading && <Loading />}
      {error && <ErrorAlert error={error} />}
      {data && (
        <>
          <p>
            Codice regione <strong>{data.code}</strong>
            {data.comuni_count !== undefined && <> – {formatNumber(data.comuni_count)} comuni</>}
            {data.population !== undefined && <> – {formatNumber(data.population)} abitanti</>}.{' '}
            <Link to={`/territorio/comuni?region=${encodeURIComponent(data.code)}`}>Cerca fra i comuni della regione</Link>
          </p>
          <p>
            <Link to={allocationsLink(data.code)}>Riparti dei fondi fra gli ambiti della regione</Link>
          </p>
          <p>
            <Link to={`/conoscenza/region/${encodeURIComponent(data.code)}`}>Cruscotto degli indicatori della regione</Link>
          </p>
          <div className="table-responsive">
            <table className="table table-striped">
              <caption>Agenzie sanitarie (ATS/ASL/ASP) della regione ({data.agencies.length})</caption>
              <thead>
                <tr>
                  <th scope="col">Agenzia</th>
                  <th scope="col">Tipo</th>
                  <th scope="col">Distretti</th>
                  <th scope="col" className="text-end">Ambiti</th>
                </tr>
              </thead>
              <tbody>
                {data.agencies.map((a) => (
                  <tr key={a.code}>
                    <th scope="row">
                      <Link to={`/territorio/ats/${encodeURIComponent(a.code)}`}>{a.name}</Link>
                    </th>
                    <td>{a.kind}</td>
                    <td>
                      {a.districts.length === 0 ? '–' : a.districts.map((d) => d.name).join(', ')}
                      <span className="visually-hidden"> ({a.districts.length} distretti)</span>
                    </td>
                    <td className="text-end">{formatNumber(a.ambiti_count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <RegionGovernance code={data.code} />
          <Calendar scope="regions" code={data.code} showAmbito />
          <RegionDebito code={data.code} />
          <TerritoryMonitoring level="regions" code={data.code} allowed={hasRole(user, 'region_admin', 'region', data.code)} />
        </>
      )}
    </>
  );
}
