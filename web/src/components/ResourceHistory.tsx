// History of the resource frame: who changed which row, when, why, and which fields (before → after).
import { changeActionLabels, moneyApi, resourceFieldLabel, type ResourceChange } from '../api/finance';
import { formatDate, formatDateTime } from '../api/labels';
import { formatEuro } from '../api/money';
import { ErrorAlert, Loading } from './Status';
import { useApi } from './useApi';

function show(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '–';
  if (field.endsWith('_cents') && typeof v === 'number') return formatEuro(v);
  if (field.endsWith('_on') && typeof v === 'string') return formatDate(v);
  return String(v);
}

function Fields({ c }: { c: ResourceChange }) {
  if (c.action !== 'changed' || c.fields.length === 0) return <span className="text-muted">–</span>;
  const before = (c.before ?? {}) as Record<string, unknown>;
  const after = (c.after ?? {}) as Record<string, unknown>;
  return (
    <ul className="list-unstyled mb-0">
      {c.fields.map((f) => (
        <li key={f}>
          <strong>{resourceFieldLabel(f)}</strong>: {show(f, before[f])} → {show(f, after[f])}
        </li>
      ))}
    </ul>
  );
}

export function ResourceHistory({ plan, tick }: { plan: number; tick: number }) {
  const h = useApi(() => moneyApi.history(plan), [plan, tick]);
  return (
    <section aria-labelledby="rf-history-title" className="mt-4">
      <h3 id="rf-history-title" className="h5">
        Storia delle modifiche
      </h3>
      {h.loading && !h.data && <Loading />}
      {h.error !== null && <ErrorAlert error={h.error} />}
      {h.data && (
        <div className="table-responsive">
          <table className="table table-sm" id="rf-history">
            <caption>Modifiche del quadro delle risorse ({h.data.items.length}), dalla più recente</caption>
            <thead>
              <tr>
                <th scope="col">Data e ora</th>
                <th scope="col">Autore</th>
                <th scope="col">Operazione</th>
                <th scope="col">Riga</th>
                <th scope="col">Motivo</th>
                <th scope="col">Campi modificati</th>
              </tr>
            </thead>
            <tbody>
              {h.data.items.map((c) => (
                <tr key={c.id}>
                  <td>{formatDateTime(c.at)}</td>
                  <td>{c.author}</td>
                  <td>{changeActionLabels[c.action] ?? c.action}</td>
                  <td>{c.row_id}</td>
                  <td>{c.reason || <span className="text-muted">–</span>}</td>
                  <td>
                    <Fields c={c} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
