// Read-only views of a plan: the objectives matrix (one table per general objective, the columns of
// the guidelines) and a list of changes (diff, conflicts) in Italian.
import type { ReactNode } from 'react';
import { formatDate } from '../api/labels';
import { formatEuro } from '../api/money';
import { describeChange, dimensionLabels, formatPlanNumber, interventionKindLabels, matrixColumns, timingKindLabels } from '../api/plans';
import type { PlanBody, PlanChange, PlanIndicator, PlanMeasure, PlanSpecific } from '../api/types';

function Bullets({ items, empty = '–' }: { items: ReactNode[]; empty?: string }) {
  if (items.length === 0) return <span className="text-muted">{empty}</span>;
  return (
    <ul className="pdz-cell-list">
      {items.map((x, i) => (
        <li key={i}>{x}</li>
      ))}
    </ul>
  );
}

function measureText(m: PlanMeasure | null | undefined, unit?: string): string | null {
  if (!m) return null;
  const parts: string[] = [];
  if (m.value !== null && m.value !== undefined) parts.push(`${formatPlanNumber(m.value)}${unit ? ` ${unit}` : ''}`);
  if (m.text) parts.push(m.text);
  if (m.date) parts.push(`al ${formatDate(m.date)}`);
  return parts.length ? parts.join(' ') : null;
}

function Indicator({ ind }: { ind: PlanIndicator }) {
  const base = measureText(ind.baseline, ind.unit);
  const target = measureText(ind.target, ind.unit);
  return (
    <>
      {ind.name}
      {ind.dimension && <span className="badge pdz-dim-badge ms-1">{dimensionLabels[ind.dimension] ?? ind.dimension}</span>}
      {(base || target) && (
        <span className="d-block small">
          {base && <>Partenza: {base}</>}
          {base && target && '; '}
          {target && <>atteso: {target}</>}
        </span>
      )}
      {ind.source && <span className="d-block small text-muted">Fonte: {ind.source}</span>}
    </>
  );
}

export type FundNames = Record<string, string>;

function Resources({ s, funds }: { s: PlanSpecific; funds: FundNames }) {
  const fin = s.resources?.financial ?? [];
  const prof = s.resources?.professional ?? [];
  return (
    <>
      <p className="pdz-res-head">FINANZIARIE:</p>
      <Bullets
        items={fin.map((f, i) => (
          <span key={i}>
            {f.description}
            {(f.amount_cents !== null && f.amount_cents !== undefined) || f.fund || (f.years && f.years.length) ? (
              <span className="d-block small">
                {f.amount_cents !== null && f.amount_cents !== undefined && <strong>{formatEuro(f.amount_cents)}</strong>}
                {f.fund && <> – {funds[f.fund] ?? f.fund}</>}
                {f.years && f.years.length > 0 && <> – {f.years.join(', ')}</>}
              </span>
            ) : null}
          </span>
        ))}
      />
      <p className="pdz-res-head">PROFESSIONALI:</p>
      <Bullets items={prof} />
    </>
  );
}

function Timing({ s }: { s: PlanSpecific }) {
  const t = s.timing;
  if (!t || (!t.text && !t.date)) return <span className="text-muted">–</span>;
  return (
    <>
      <span className="pdz-preline">{t.text || formatDate(t.date)}</span>
      <span className="d-block small text-muted">
        {timingKindLabels[t.kind] ?? t.kind}
        {t.date && t.text ? `: ${formatDate(t.date)}` : ''}
      </span>
    </>
  );
}

/** Tags of an objective or row: kind of intervention, areas, strategic objectives, with their names. */
function Tags({ kind, areas, strategic, names }: { kind?: string; areas?: string[]; strategic?: string[]; names: FundNames }) {
  const parts: string[] = [];
  if (kind) parts.push(`Tipo: ${interventionKindLabels[kind] ?? kind}`);
  if (areas && areas.length) parts.push(`Aree: ${areas.map((a) => names[a] ?? a).join(', ')}`);
  if (strategic && strategic.length) parts.push(`Obiettivi strategici: ${strategic.map((a) => names[a] ?? a).join(', ')}`);
  if (parts.length === 0) return null;
  return <span className="d-block small text-muted mt-1">{parts.join(' · ')}</span>;
}

export function PlanMatrix({ plan, funds = {}, tags = {} }: { plan: PlanBody; funds?: FundNames; tags?: FundNames }) {
  if (plan.objectives.length === 0) return <p>Il piano non ha ancora obiettivi.</p>;
  return (
    <>
      {plan.objectives.map((o, i) => (
        <section key={i} className="mb-5" aria-labelledby={`obiettivo-${i + 1}`}>
          <h3 id={`obiettivo-${i + 1}`} className="h5 pdz-objective-title">
            <span className="pdz-num">{i + 1}.</span> {o.title}
          </h3>
          <Tags areas={o.areas} strategic={o.strategic_objectives} names={tags} />
          <div className="table-responsive">
            <table className="table table-bordered pdz-matrix" data-objective={i + 1}>
              <caption className="visually-hidden">Obiettivo generale {i + 1}: obiettivi specifici</caption>
              <thead>
                <tr>
                  {matrixColumns.map((c) => (
                    <th scope="col" key={c}>
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {o.specific.map((s, j) => (
                  <tr key={j}>
                    <th scope="row" className="fw-normal">
                      <span className="pdz-num">
                        {i + 1}.{j + 1}
                      </span>{' '}
                      {s.title}
                      <Tags kind={s.kind} areas={s.areas} names={tags} />
                    </th>
                    <td>
                      <Bullets items={(s.actions ?? []).map((a) => (typeof a === 'string' ? a : a.text))} />
                    </td>
                    <td>
                      <Bullets items={(s.indicators ?? []).map((ind, k) => <Indicator key={k} ind={ind} />)} />
                    </td>
                    <td>
                      <Bullets items={s.tools ?? []} />
                    </td>
                    <td>
                      <Resources s={s} funds={funds} />
                    </td>
                    <td>
                      <Timing s={s} />
                    </td>
                  </tr>
                ))}
                {o.specific.length === 0 && (
                  <tr>
                    <td colSpan={6}>Nessun obiettivo specifico.</td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

export function ChangeList({ changes, id }: { changes: PlanChange[]; id?: string }) {
  if (changes.length === 0) return <p id={id}>Nessuna differenza.</p>;
  return (
    <ul className="pdz-changes" id={id}>
      {changes.map((c, i) => {
        const d = describeChange(c);
        return (
          <li key={i} data-kind={c.kind}>
            <span className={`badge pdz-change-${c.kind} me-1`}>{d.head.split(':')[0]}</span>{' '}
            {d.head.split(':').slice(1).join(':').trim()}
            {c.label && <> – «{c.label}»</>}
            {d.fields && <span className="d-block small">Campi modificati: {d.fields}</span>}
          </li>
        );
      })}
    </ul>
  );
}
