// Section "Risorse assegnate" of the ambito's page: its share in every stored allocation run of the region.
import { Link } from 'react-router-dom';
import { allocationLink, moneyApi } from '../api/finance';
import { formatDate } from '../api/labels';
import { formatEuro } from '../api/money';
import { ErrorAlert, Loading } from './Status';
import { useApi } from './useApi';

export function AmbitoAllocations({ code }: { code: string }) {
  const r = useApi(() => moneyApi.ambitoAllocations(code), [code]);
  const items = r.data?.items ?? [];
  return (
    <section aria-labelledby="sez-risorse-assegnate" className="mt-4">
      <h2 id="sez-risorse-assegnate" className="h4">
        Risorse assegnate
      </h2>
      {r.loading && !r.data && <Loading />}
      {r.error !== null && <ErrorAlert error={r.error} />}
      {r.data && items.length === 0 && <p>Nessun riparto regionale salvato per questo ambito.</p>}
      {items.length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm" id="ambito-allocations">
            <caption>Quota dell’ambito nei riparti della regione ({items.length}), dal più recente</caption>
            <thead>
              <tr>
                <th scope="col">Riparto</th>
                <th scope="col">Fondo</th>
                <th scope="col">Anno</th>
                <th scope="col">Data di riferimento</th>
                <th scope="col" className="text-end">
                  Importo assegnato
                </th>
                <th scope="col" className="text-end">
                  Totale del riparto
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id}>
                  <th scope="row">
                    <Link to={allocationLink(x.id)}>{x.title}</Link>
                  </th>
                  <td>{x.fund || '–'}</td>
                  <td>{x.year ?? '–'}</td>
                  <td>{formatDate(x.reference_date)}</td>
                  <td className="text-end pdz-num">{formatEuro(x.share.total_cents)}</td>
                  <td className="text-end pdz-num">{formatEuro(x.total_cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
