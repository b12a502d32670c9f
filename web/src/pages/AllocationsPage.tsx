// Riparti of a Region: the stored allocation runs and, for the region_admin, the form of a new run.
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import { allocationLink, moneyApi, type Allocation } from '../api/finance';
import { formatDate, formatDateTime } from '../api/labels';
import { formatEuro } from '../api/money';
import { hasRole } from '../auth/permissions';
import { useSession } from '../auth/session';
import { AllocationForm, SavedNotice } from '../components/AllocationForm';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageTitle } from '../components/PageTitle';
import { ErrorAlert, Loading } from '../components/Status';
import { useApi } from '../components/useApi';

export function AllocationsPage() {
  const { code = '' } = useParams();
  const { user } = useSession();
  const region = useApi(() => api.region(code), [code]);
  const runs = useApi(() => moneyApi.allocationRuns(code), [code]);
  const [saved, setSaved] = useState<Allocation | null>(null);
  const savedRef = useRef<HTMLDivElement>(null);
  const mayRun = hasRole(user, 'region_admin', 'region', code);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);
  const name = region.data?.name ?? code;
  const items = runs.data?.items ?? [];

  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Home', to: '/' },
          { label: 'Territorio', to: '/territorio' },
          { label: name, to: `/territorio/regioni/${encodeURIComponent(code)}` },
          { label: 'Riparti' },
        ]}
      />
      <PageTitle title={`Riparti della Regione ${name}`} />
      <p>
        I riparti dei fondi fra gli ambiti della regione: per ogni ambito l’importo, spiegato voce per voce con l’atto che
        lo fissa.
      </p>
      {saved && (
        <div className="alert alert-success" role="status" tabIndex={-1} ref={savedRef} id="al-saved">
          <SavedNotice run={saved} />
        </div>
      )}
      {((runs.loading && !runs.data) || region.loading) && <Loading />}
      {runs.error !== null && <ErrorAlert error={runs.error} />}
      {runs.data && (
        <section aria-labelledby="al-list-title" className="mb-4">
          <h2 id="al-list-title" className="h4">
            Riparti salvati
          </h2>
          {items.length === 0 ? (
            <p>Nessun riparto salvato.</p>
          ) : (
            <div className="table-responsive">
              <table className="table table-sm" id="al-runs">
                <caption>Riparti salvati ({items.length}), dal più recente</caption>
                <thead>
                  <tr>
                    <th scope="col">Titolo</th>
                    <th scope="col">Fondo</th>
                    <th scope="col">Anno</th>
                    <th scope="col">Data di riferimento</th>
                    <th scope="col" className="text-end">
                      Totale
                    </th>
                    <th scope="col">Salvato da</th>
                    <th scope="col">Il</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        <Link to={allocationLink(r.id)}>{r.title}</Link>
                      </th>
                      <td>{r.fund || '–'}</td>
                      <td>{r.year ?? '–'}</td>
                      <td>{formatDate(r.reference_date)}</td>
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
      )}
      {mayRun && (
        <AllocationForm
          region={code}
          onSaved={(a) => {
            setSaved(a);
            runs.reload();
          }}
        />
      )}
    </>
  );
}
