// One stored allocation run: what was split, the method and its act, the amount of each ambito with its lines.
import { useParams } from 'react-router-dom';
import { allocationsLink, moneyApi } from '../api/finance';
import { formatDate, formatDateTime } from '../api/labels';
import { formatEuro } from '../api/money';
import { rulesetLink } from '../api/rulesets';
import { Link } from 'react-router-dom';
import { AllocationMethod, AllocationTable } from '../components/AllocationTable';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageTitle } from '../components/PageTitle';
import { ErrorAlert, Loading } from '../components/Status';
import { useApi } from '../components/useApi';

export function AllocationPage() {
  const { id: idParam = '' } = useParams();
  const id = Number(idParam);
  const run = useApi(() => moneyApi.allocation(id), [id]);
  const r = run.data;
  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Home', to: '/' },
          { label: 'Territorio', to: '/territorio' },
          ...(r ? [{ label: 'Riparti', to: allocationsLink(r.region) }] : []),
          { label: r?.title ?? 'Riparto' },
        ]}
      />
      <PageTitle title={r?.title ? `Riparto: ${r.title}` : 'Riparto'} />
      {run.loading && !r && <Loading />}
      {run.error !== null && <ErrorAlert error={run.error} />}
      {r && (
        <>
          <dl className="row pdz-dl" id="allocation-head">
            <div className="col-sm-6 col-lg-3">
              <dt>Fondo</dt>
              <dd>{r.fund || '–'}</dd>
            </div>
            <div className="col-sm-6 col-lg-3">
              <dt>Anno</dt>
              <dd>{r.year ?? '–'}</dd>
            </div>
            <div className="col-sm-6 col-lg-3">
              <dt>Data di riferimento</dt>
              <dd>{formatDate(r.reference_date)}</dd>
            </div>
            <div className="col-sm-6 col-lg-3">
              <dt>Totale ripartito</dt>
              <dd data-field="run-total">{formatEuro(r.total_cents)}</dd>
            </div>
            <div className="col-sm-6 col-lg-6">
              <dt>Linee guida</dt>
              <dd>
                {r.ruleset ? (
                  <Link to={rulesetLink(r.ruleset)}>
                    {r.ruleset}
                    {r.ruleset_version ? `, versione ${r.ruleset_version}` : ''}
                  </Link>
                ) : (
                  'nessuna: metodo indicato nel riparto'
                )}
              </dd>
            </div>
            <div className="col-sm-6 col-lg-6">
              <dt>Salvato</dt>
              <dd>
                {formatDateTime(r.created_at)}, {r.created_by ?? '–'}
              </dd>
            </div>
          </dl>
          <h2 className="h4">Metodo</h2>
          <AllocationMethod result={r} />
          <div className="d-flex flex-wrap gap-2 mb-3">
            <a className="btn btn-outline-primary" href={moneyApi.allocationUrl(id, 'xlsx')} download>
              Scarica XLSX
            </a>
            <a className="btn btn-outline-primary" href={moneyApi.allocationUrl(id, 'csv')} download>
              Scarica CSV
            </a>
          </div>
          <h2 className="h4">Importi per ambito</h2>
          <AllocationTable result={r} id="allocation-ambiti" caption={`Importi per ambito (${r.ambiti.length})`} />
          <p>
            <Link to={allocationsLink(r.region)}>Tutti i riparti della regione</Link>
          </p>
        </>
      )}
    </>
  );
}
