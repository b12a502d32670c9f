// The outcome of a premialità calculation (what-if or stored esito): the totals against the Region's budget,
// then one row per ambito with its total, each expandable into the trace (rule, act, amount, reason).
import { Fragment, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatEuro, formatEuroPlain } from '../api/money';
import { traceRuleLabel } from '../api/rulesets';
import type { PremialitaResult, RulesetBody } from '../api/types';

const hasBudget = (r: PremialitaResult) => r.budget_cents !== null && r.budget_cents !== undefined;

/** Total, claims before the budget, the budget; a note when the claims were scaled down. */
export function PremialitaTotals({ result }: { result: PremialitaResult }) {
  return (
    <>
      <dl className="row pdz-dl">
        <div className="col-md-4">
          <dt>Totale premialità</dt>
          <dd data-field="total">{formatEuro(result.total_cents)}</dd>
        </div>
        <div className="col-md-4">
          <dt>Richiesto (prima del budget)</dt>
          <dd data-field="claimed">{formatEuro(result.claimed_cents)}</dd>
        </div>
        <div className="col-md-4">
          <dt>Budget regionale</dt>
          <dd data-field="budget">{hasBudget(result) ? formatEuro(result.budget_cents) : 'non indicato: nessuna riduzione'}</dd>
        </div>
      </dl>
      {hasBudget(result) && result.claimed_cents > (result.budget_cents ?? 0) && (
        <div className="alert alert-warning" role="note">
          Le richieste ({formatEuro(result.claimed_cents)}) superano il budget ({formatEuro(result.budget_cents)}): i premi
          sono ridotti in proporzione.
        </div>
      )}
    </>
  );
}

const safeId = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** The table of ambiti with the trace of each; `traceId(code)` names the trace's row (aria-controls). */
export function PremialitaResultTable({
  result,
  body,
  nameOf,
  id,
  tracePrefix,
  caption,
  linkAmbiti = false,
}: {
  result: PremialitaResult;
  body: RulesetBody | null;
  nameOf(code: string): string;
  id: string;
  tracePrefix: string;
  caption: string;
  linkAmbiti?: boolean;
}) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (c: string) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(c)) n.delete(c);
      else n.add(c);
      return n;
    });
  return (
    <div className="table-responsive">
      <table className="table" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Ambito</th>
            <th scope="col" className="text-end">
              Totale
            </th>
            <th scope="col">Dettaglio del calcolo</th>
          </tr>
        </thead>
        <tbody>
          {result.ambiti.map((a) => {
            const isOpen = open.has(a.code);
            const traceId = `${tracePrefix}${safeId(a.code)}`;
            const name = nameOf(a.code);
            return (
              <Fragment key={a.code}>
                <tr data-ambito={a.code}>
                  <th scope="row">
                    {linkAmbiti ? <Link to={`/territorio/ambiti/${encodeURIComponent(a.code)}`}>{name}</Link> : name}{' '}
                    <code className="small fw-normal">{a.code}</code>
                  </th>
                  <td className="text-end text-nowrap" data-field="ambito-total">
                    {formatEuro(a.total_cents)}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-outline-primary btn-xs"
                      aria-expanded={isOpen}
                      aria-controls={traceId}
                      onClick={() => toggle(a.code)}
                    >
                      {isOpen ? 'Nascondi' : 'Mostra'}
                      <span className="visually-hidden"> il dettaglio di {name}</span>
                    </button>
                  </td>
                </tr>
                <tr id={traceId} hidden={!isOpen} className="pdz-trace">
                  <td colSpan={3}>
                    <PremialitaLines lines={a.lines} body={body} caption={`Calcolo per l’ambito ${name}`} />
                  </td>
                </tr>
              </Fragment>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Totale</th>
            <td className="text-end text-nowrap fw-bold" data-field="overall-total">
              {formatEuro(result.total_cents)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The trace of one ambito: one line per rule (paid or not, and why), with the budget/cap adjustments. */
export function PremialitaLines({
  lines,
  body,
  caption,
}: {
  lines: PremialitaResult['ambiti'][number]['lines'];
  body: RulesetBody | null;
  caption: string;
}) {
  return (
    <table className="table table-sm mb-0">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Regola</th>
          <th scope="col">Atto</th>
          <th scope="col" className="text-end">
            Importo
          </th>
          <th scope="col">Motivo</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l, i) => (
          <tr key={i} data-rule={l.rule}>
            <th scope="row" className="fw-normal">
              {traceRuleLabel(l.rule, body)}
            </th>
            <td>{l.act}</td>
            <td className="text-end text-nowrap">{formatEuro(l.amount_cents)}</td>
            <td>{l.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The trace as CSV: ambito;regola;atto;importo;motivo, decimal comma, quoted when needed. */
export function traceCsv(result: PremialitaResult): string {
  const q = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['ambito;regola;atto;importo;motivo'];
  for (const a of result.ambiti) {
    for (const l of a.lines) {
      lines.push([a.code, l.rule, l.act, formatEuroPlain(l.amount_cents), l.reason].map(q).join(';'));
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/** Downloads the trace as CSV, named after the ruleset (and the stored run, if any). */
export function downloadCsv(result: PremialitaResult, runId?: number) {
  // BOM so that spreadsheets open the UTF-8 file with the accents right.
  const blob = new Blob(['\ufeff' + traceCsv(result)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `premialita-${result.ruleset}${result.version ? `-v${result.version}` : ''}${runId ? `-esito-${runId}` : ''}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
