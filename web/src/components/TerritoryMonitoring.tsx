// Monitoring of the plans of a territory (docs/monitoring.md §5-6): the Cabina di regia of an ATS/ASL
// (every ambito, its plan in force, progress against the expected, indicator judgements, overdue actions,
// reports due) and the Region (the same, plus the roll-ups by dimension and by strategic objective), with
// CSV/XLSX downloads. Shown only to those who may read it: a 401/403 hides the section.
import { Link } from 'react-router-dom';
import { formatDate } from '../api/labels';
import { dimensionNames, formatShare, judgementLabels, type Judgement } from '../api/monitoring';
import { reportsApi, type TerritoryGroup, type TerritoryMonitoring as Data, type TerritoryRow } from '../api/reports';
import { MonitoringDownloads } from './MonitoringForms';
import { ProgressBadge } from './PlanMonitoring';
import { describeError, ErrorAlert, Loading } from './Status';
import { useApi } from './useApi';

const JUDGEMENT_ORDER: Judgement[] = ['achieved', 'on_track', 'at_risk', 'off_track', 'not_measured', 'not_computable'];

function Judgements({ counts }: { counts?: Partial<Record<Judgement, number>> }) {
  const entries = JUDGEMENT_ORDER.filter((j) => (counts?.[j] ?? 0) > 0);
  if (entries.length === 0) return <span className="text-muted">nessun indicatore</span>;
  return (
    <ul className="list-unstyled mb-0 small">
      {entries.map((j) => (
        <li key={j}>
          {judgementLabels[j]}: <strong>{counts![j]}</strong>
        </li>
      ))}
    </ul>
  );
}

function reportsDue(r: TerritoryRow) {
  if (r.reports_due === undefined && r.reports_overdue === undefined && r.reports_missing === undefined) return <span className="text-muted">–</span>;
  return (
    <span className="small">
      {r.reports_due ?? 0} da presentare
      {(r.reports_overdue ?? 0) > 0 && (
        <>
          {' '}
          <span className="pdz-mon-badge pdz-mon-late">{r.reports_overdue} scadute</span>
        </>
      )}
    </span>
  );
}

function AmbitiTable({ d, id, caption }: { d: Data; id: string; caption: string }) {
  return (
    <div className="table-responsive">
      <table className="table table-sm" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Ambito</th>
            <th scope="col">Piano in attuazione</th>
            <th scope="col">Stato</th>
            <th scope="col">Avanzamento (atteso)</th>
            <th scope="col">Indicatori</th>
            <th scope="col" className="text-end">
              Azioni concluse
            </th>
            <th scope="col" className="text-end">
              Azioni in ritardo
            </th>
            <th scope="col">Relazioni</th>
          </tr>
        </thead>
        <tbody>
          {d.ambiti.map((r) => (
            <tr key={r.ambito.code} data-ambito={r.ambito.code}>
              <th scope="row">
                <Link to={`/territorio/ambiti/${encodeURIComponent(r.ambito.code)}`}>{r.ambito.name}</Link>
              </th>
              {r.plan ? (
                <>
                  <td>
                    <Link to={`/piani/${r.plan.id}?scheda=monitoraggio`}>
                      {r.plan.title}
                      <span className="visually-hidden"> di {r.ambito.name}: monitoraggio</span>
                    </Link>
                  </td>
                  <td>{r.plan.status_label}</td>
                  <td>
                    {r.progress ? (
                      <>
                        <strong>{formatShare(r.progress.value)}</strong> <span className="text-muted small">({formatShare(r.progress.expected)})</span>{' '}
                        <ProgressBadge judgement={r.progress.judgement} label={r.progress.label} />
                      </>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td>
                    <Judgements counts={r.indicator_judgements} />
                  </td>
                  <td className="text-end">
                    {r.actions_done ?? 0} su {r.actions ?? 0}
                  </td>
                  <td className="text-end" data-field="overdue">
                    {r.overdue ?? 0}
                  </td>
                  <td>{reportsDue(r)}</td>
                </>
              ) : (
                <td colSpan={7} className="text-muted">
                  Nessun piano in attuazione (approvato dalla Regione).
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GroupTable({ rows, id, caption, head, name }: { rows: TerritoryGroup[]; id: string; caption: string; head: string; name(g: TerritoryGroup): string }) {
  return (
    <div className="table-responsive">
      <table className="table table-sm" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col" className="text-end">
              Avanzamento medio
            </th>
            <th scope="col" className="text-end">
              Piani
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={3} className="text-muted">
                Nessun dato misurato finora.
              </td>
            </tr>
          )}
          {rows.map((g, i) => (
            <tr key={i}>
              <th scope="row" className="fw-normal">
                {name(g)}
              </th>
              <td className="text-end">{formatShare(g.progress)}</td>
              <td className="text-end">{g.plans}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The monitoring section of an ATS page (`level` agencies: the Cabina di regia) or of a Region page.
 * `allowed`: the session's roles may read it (the API decides: a 401/403 hides the section).
 */
export function TerritoryMonitoring({
  level, code, allowed, names = {},
}: {
  level: 'agencies' | 'regions';
  code: string;
  allowed: boolean;
  /** Names of the strategic objectives, when known. */
  names?: Record<string, string>;
}) {
  const m = useApi(() => (allowed ? reportsApi.territory(level, code) : Promise.resolve(null)), [level, code, allowed]);
  if (!allowed) return null;
  if (m.error !== null) {
    const s = describeError(m.error).status;
    if (s === 401 || s === 403) return null;
  }
  const d = m.data;
  const agency = level === 'agencies';
  const title = agency ? 'Cabina di regia: monitoraggio dei piani' : 'Monitoraggio dei piani';
  const path = `/${level}/${encodeURIComponent(code)}/monitoring`;
  return (
    <section aria-labelledby="territory-monitoring-title" className="mt-4" id="territory-monitoring">
      <h2 id="territory-monitoring-title" className="h4">
        {title}
      </h2>
      {m.loading && !d && <Loading label="Caricamento del monitoraggio…" />}
      {m.error !== null && <ErrorAlert error={m.error} />}
      {d && (
        <>
          <p>
            Situazione al {formatDate(d.as_of)} dei piani in attuazione {agency ? 'negli ambiti dell’agenzia' : 'negli ambiti della regione'}: avanzamento
            medio <strong data-field="territory-progress">{formatShare(d.progress)}</strong>. L’avanzamento atteso è quello che il calendario delle
            azioni e degli indicatori richiede alla data.
          </p>
          <MonitoringDownloads path={path} what={agency ? 'del monitoraggio degli ambiti dell’agenzia' : 'del monitoraggio dei piani della regione'} />
          <AmbitiTable
            d={d}
            id={agency ? 'cabina-di-regia' : 'region-monitoring'}
            caption={`Ambiti ${agency ? 'dell’agenzia' : 'della regione'} e monitoraggio del loro piano (${d.ambiti.length})`}
          />
          {!agency && (
            <div className="row">
              <div className="col-lg-6">
                <GroupTable
                  rows={d.by_dimension}
                  id="region-by-dimension"
                  caption="Avanzamento per dimensione (conoscenze, risorse, servizi)"
                  head="Dimensione"
                  name={(g) => dimensionNames[g.dimension ?? ''] ?? g.dimension ?? '–'}
                />
              </div>
              <div className="col-lg-6">
                <GroupTable
                  rows={d.by_strategic_objective}
                  id="region-by-strategic"
                  caption="Avanzamento per obiettivo strategico regionale"
                  head="Obiettivo strategico"
                  name={(g) => g.title ?? g.name ?? names[g.strategic_objective ?? ''] ?? g.strategic_objective ?? '–'}
                />
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
