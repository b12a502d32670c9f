// The result of an allocation: one row per ambito (abitanti, importo), each expandable into its lines
// (voce, importo, motivazione), and the total. Used by the preview and by the run's page.
import { Fragment, useState } from 'react';
import { Link } from 'react-router-dom';
import { allocationLineLabel, formatBp, type Allocation } from '../api/finance';
import { formatNumber } from '../api/labels';
import { formatEuro } from '../api/money';

export function AllocationTable({ result, id, caption }: { result: Allocation; id: string; caption: string }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (code: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
  const population = result.ambiti.reduce((n, a) => n + a.population, 0);
  return (
    <div className="table-responsive">
      <table className="table table-sm" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Ambito</th>
            <th scope="col" className="text-end">
              Abitanti
            </th>
            <th scope="col" className="text-end">
              Importo
            </th>
            <th scope="col">
              <span className="visually-hidden">Dettaglio</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {result.ambiti.map((a) => {
            const isOpen = open.has(a.code);
            const linesId = `${id}-lines-${a.code}`;
            return (
              <Fragment key={a.code}>
                <tr data-ambito={a.code}>
                  <th scope="row">
                    <Link to={`/territorio/ambiti/${encodeURIComponent(a.code)}`}>{a.name}</Link>
                  </th>
                  <td className="text-end pdz-num">{formatNumber(a.population)}</td>
                  <td className="text-end pdz-num">{formatEuro(a.total_cents)}</td>
                  <td>
                    <button type="button" className="btn btn-link btn-sm p-0" aria-expanded={isOpen} aria-controls={linesId} onClick={() => toggle(a.code)}>
                      {isOpen ? 'Nascondi le voci' : 'Mostra le voci'}
                      <span className="visually-hidden"> di {a.name}</span>
                    </button>
                  </td>
                </tr>
                <tr id={linesId} hidden={!isOpen} className="pdz-trace">
                  <td colSpan={4}>
                    <table className="table table-sm mb-0">
                      <caption className="visually-hidden">Voci dell’importo di {a.name}</caption>
                      <thead>
                        <tr>
                          <th scope="col">Voce</th>
                          <th scope="col" className="text-end">
                            Importo
                          </th>
                          <th scope="col">Motivazione</th>
                        </tr>
                      </thead>
                      <tbody>
                        {a.lines.map((l, i) => (
                          <tr key={i}>
                            <td>{allocationLineLabel(l.kind)}</td>
                            <td className="text-end pdz-num">{formatEuro(l.amount_cents)}</td>
                            <td>{l.reason}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </td>
                </tr>
              </Fragment>
            );
          })}
        </tbody>
        <tfoot>
          <tr className="fw-semibold">
            <th scope="row">Totale</th>
            <td className="text-end pdz-num">{formatNumber(population)}</td>
            <td className="text-end pdz-num" data-field="allocation-total">
              {formatEuro(result.total_cents)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The method applied (quotas, thresholds, act). */
export function AllocationMethod({ result }: { result: Allocation }) {
  const m = result.method;
  if (!m) return null;
  return (
    <dl className="row pdz-dl" id="allocation-method">
      <div className="col-sm-6 col-lg-3">
        <dt>Quota fissa per ambito</dt>
        <dd>{formatEuro(m.fixed_quota_cents ?? 0)}</dd>
      </div>
      <div className="col-sm-6 col-lg-3">
        <dt>Fondo premiale</dt>
        <dd>{formatEuro(m.reward_pot_cents ?? 0)}</dd>
      </div>
      <div className="col-sm-6 col-lg-3">
        <dt>Soglia di integrazione</dt>
        <dd>{m.integration_threshold_bp === null || m.integration_threshold_bp === undefined ? 'nessuna' : formatBp(m.integration_threshold_bp)}</dd>
      </div>
      <div className="col-sm-6 col-lg-3">
        <dt>Decurtazione sotto soglia</dt>
        <dd>{formatBp(m.cut_bp ?? 0)} della quota capitaria</dd>
      </div>
      {(m.age_weights ?? []).length > 0 && (
        <div className="col-12">
          <dt>Pesi per fascia d’età</dt>
          <dd>{(m.age_weights ?? []).map((w) => `${w.band}: ${formatBp(w.weight_bp)}`).join('; ')}</dd>
        </div>
      )}
      <div className="col-12">
        <dt>Atto</dt>
        <dd>{m.act || 'non indicato'}</dd>
      </div>
    </dl>
  );
}
