// Debito informativo: the flows an ambito and its comuni owe for a data year, with deadline and state, and their
// completeness; for a Region, the completeness of every ambito.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDate, formatDateTime, formatNumber } from '../api/labels';
import { completeness, dashboardLink, formatPercent, knowledgeApi, obligationState } from '../api/knowledge';
import { ErrorAlert, Loading } from './Status';
import { useApi } from './useApi';
import '../styles/knowledge.css';

const enc = encodeURIComponent;

/** The data years offered: the last six before the current one (the data of a year are owed the year after). */
function yearOptions(): number[] {
  const y = new Date().getFullYear();
  return Array.from({ length: 7 }, (_, i) => y - i);
}

function YearSelect({ id, year, onChange }: { id: string; year: number; onChange(y: number): void }) {
  return (
    <div className="mb-3">
      <label htmlFor={id} className="pdz-label">
        Anno dei dati
      </label>
      <select id={id} className="form-select w-auto" value={year} onChange={(e) => onChange(Number(e.target.value))}>
        {yearOptions().map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </div>
  );
}

function Completeness({ owed, submitted, percent }: { owed: number; submitted: number; percent?: number }) {
  const p = completeness(owed, submitted, percent);
  return (
    <div className="pdz-completeness">
      <span>
        {formatPercent(p)} <span className="small text-muted">({submitted} su {owed})</span>
      </span>
      <div className="progress" aria-hidden="true">
        <div className={`progress-bar ${p >= 100 ? 'bg-success' : ''}`} style={{ width: `${Math.min(100, p)}%` }} />
      </div>
    </div>
  );
}

/** The obligations of an ambito and its comuni for a year. */
export function AmbitoDebito({ code, mayImport }: { code: string; mayImport?: boolean }) {
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  const d = useApi(() => knowledgeApi.ambitoDebito(code, year), [code, year]);
  const data = d.data;
  return (
    <section aria-labelledby="debito-title" className="mt-4" id="debito">
      <h2 id="debito-title" className="h4">
        Debito informativo
      </h2>
      <p>
        I flussi di dati che l’ambito e i suoi comuni devono trasmettere alla Regione per l’anno scelto, con la scadenza e lo stato.{' '}
        {mayImport && <Link to={`/flussi?ambito=${enc(code)}`}>Trasmetti i dati</Link>}
        {mayImport && ' – '}
        <Link to={dashboardLink('ambito', code)}>Cruscotto degli indicatori dell’ambito</Link>
      </p>
      <YearSelect id="debito-year" year={year} onChange={setYear} />
      {d.loading && !data && <Loading label="Caricamento del debito informativo…" />}
      {d.error !== null && <ErrorAlert error={d.error} />}
      {data && (
        <>
          <p id="debito-summary">
            Completezza {data.year}: <strong>{formatPercent(completeness(data.owed, data.submitted, data.percent))}</strong> ({data.submitted} flussi
            trasmessi su {data.owed} dovuti)
            {data.overdue > 0 ? (
              <>
                , <strong>{data.overdue} scadut{data.overdue === 1 ? 'o' : 'i'}</strong>
              </>
            ) : null}
            .
          </p>
          <div className="table-responsive" tabIndex={0} role="region" aria-label="Obblighi di trasmissione">
            <table className="table table-sm" id="debito-table">
              <caption>
                Obblighi di trasmissione per i dati del {data.year} ({data.obligations.length})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Flusso</th>
                  <th scope="col">Ente</th>
                  <th scope="col">Scadenza</th>
                  <th scope="col">Stato</th>
                  <th scope="col">Trasmissione</th>
                </tr>
              </thead>
              <tbody>
                {data.obligations.length === 0 && (
                  <tr>
                    <td colSpan={5}>Nessun flusso dovuto per questo anno.</td>
                  </tr>
                )}
                {data.obligations.map((o, i) => {
                  const st = obligationState(o);
                  return (
                    <tr key={`${o.flow}-${o.entity.kind}-${o.entity.code}-${i}`} data-flow={o.flow} data-entity={o.entity.code}>
                      <th scope="row">{o.flow_name}</th>
                      <td>
                        {o.entity.kind === 'comune' ? `Comune di ${o.entity.name}` : `Ambito ${o.entity.name}`}
                      </td>
                      <td>
                        {formatDate(o.due)}
                        {o.act && <span className="d-block small text-muted">{o.act}</span>}
                      </td>
                      <td>
                        <span className={`badge ${st.className}`}>{st.label}</span>
                      </td>
                      <td>
                        {o.submission ? (
                          <>
                            {formatDateTime(o.submission.submitted_at)}
                            <span className="d-block small text-muted">
                              da {o.submission.submitted_by}, versione {o.submission.version}, {formatNumber(o.submission.rows)} righe
                            </span>
                          </>
                        ) : (
                          'non trasmesso'
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** Completeness of the debito informativo for every ambito of a Region. */
export function RegionDebito({ code }: { code: string }) {
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  const d = useApi(() => knowledgeApi.regionDebito(code, year), [code, year]);
  const data = d.data;
  return (
    <section aria-labelledby="region-debito-title" className="mt-4" id="region-debito">
      <h2 id="region-debito-title" className="h4">
        Debito informativo degli ambiti
      </h2>
      <YearSelect id="region-debito-year" year={year} onChange={setYear} />
      {d.loading && !data && <Loading label="Caricamento del debito informativo…" />}
      {d.error !== null && <ErrorAlert error={d.error} />}
      {data && (
        <>
          <p>
            Completezza regionale {data.year}: <strong>{formatPercent(completeness(data.owed, data.submitted, data.percent))}</strong> ({data.submitted}{' '}
            su {data.owed} flussi), {data.overdue} scadut{data.overdue === 1 ? 'o' : 'i'}.
          </p>
          <div className="table-responsive" tabIndex={0} role="region" aria-label="Completezza per ambito">
            <table className="table table-sm" id="region-debito-table">
              <caption>
                Completezza dei flussi per ambito, dati del {data.year} ({data.ambiti.length} ambiti)
              </caption>
              <thead>
                <tr>
                  <th scope="col">Ambito</th>
                  <th scope="col" className="text-end">
                    Flussi dovuti
                  </th>
                  <th scope="col" className="text-end">
                    Trasmessi
                  </th>
                  <th scope="col">Completezza</th>
                  <th scope="col" className="text-end">
                    Scaduti
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.ambiti.map((a) => (
                  <tr key={a.ambito.code} data-ambito={a.ambito.code}>
                    <th scope="row">
                      <Link to={`/territorio/ambiti/${enc(a.ambito.code)}#debito`}>{a.ambito.name}</Link>
                    </th>
                    <td className="text-end">{a.owed}</td>
                    <td className="text-end">{a.submitted}</td>
                    <td>
                      <Completeness owed={a.owed} submitted={a.submitted} percent={a.percent} />
                    </td>
                    <td className="text-end">{a.overdue > 0 ? <strong>{a.overdue}</strong> : 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
