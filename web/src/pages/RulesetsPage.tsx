// Rules, first level: the loaded rulesets (latest version each), grouped by region.
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { formatDate } from '../api/labels';
import { rulesetLink } from '../api/rulesets';
import type { RulesetSummary } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageTitle } from '../components/PageTitle';
import { ErrorAlert, Loading } from '../components/Status';
import { useApi } from '../components/useApi';

export function RulesetsPage() {
  const rulesets = useApi(() => api.rulesets(), []);
  const regions = useApi(() => api.regions(), []);
  const loading = rulesets.loading || regions.loading;

  const names = new Map((regions.data?.items ?? []).map((r) => [r.code, r.name]));
  const groups = new Map<string, RulesetSummary[]>();
  for (const r of rulesets.data?.items ?? []) {
    const list = groups.get(r.region) ?? [];
    list.push(r);
    groups.set(r.region, list);
  }
  const regionName = (code: string) => names.get(code) ?? `Regione ${code}`;
  const ordered = [...groups.entries()].sort(([a], [b]) => regionName(a).localeCompare(regionName(b), 'it'));

  return (
    <>
      <Breadcrumbs items={[{ label: 'Home', to: '/' }, { label: 'Regole' }]} />
      <PageTitle title="Regole" />
      <p>
        Le linee di indirizzo di ogni Regione per un triennio, come dati: sezioni obbligatorie del Piano, obiettivi,
        fondi, scadenze, Accordo di Programma e premialità. Ogni voce cita il proprio atto; i valori che gli atti non
        fissano sono parametri lasciati alla Regione.
      </p>
      {loading && <Loading />}
      {rulesets.error !== null && <ErrorAlert error={rulesets.error} />}
      {regions.error !== null && <ErrorAlert error={regions.error} title="Nomi delle regioni non disponibili." />}
      {!loading && rulesets.data && rulesets.data.items.length === 0 && (
        <div className="alert alert-info" role="status">
          Nessun insieme di regole caricato.
        </div>
      )}
      {!loading &&
        ordered.map(([region, items]) => (
          <section key={region} aria-labelledby={`regole-${region}`} className="mt-4">
            <h2 id={`regole-${region}`} className="h4">
              {regionName(region)}
            </h2>
            <div className="table-responsive">
              <table className="table table-striped" data-region={region}>
                <caption>
                  Regole della Regione {regionName(region)} ({items.length})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Linee di indirizzo</th>
                    <th scope="col">Codice</th>
                    <th scope="col">Atto</th>
                    <th scope="col">Periodo</th>
                    <th scope="col" className="text-end">Versione</th>
                  </tr>
                </thead>
                <tbody>
                  {[...items]
                    .sort((a, b) => (a.period.from ?? '').localeCompare(b.period.from ?? ''))
                    .map((r) => (
                      <tr key={r.code}>
                        <th scope="row">
                          <Link to={rulesetLink(r.code)}>{r.title}</Link>
                        </th>
                        <td className="text-nowrap">
                          <code>{r.code}</code>
                        </td>
                        <td>{r.act}</td>
                        <td className="text-nowrap">
                          {formatDate(r.period.from)} – {formatDate(r.period.to)}
                        </td>
                        <td className="text-end">{r.version}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
    </>
  );
}
