// Totals by stage (programmato, impegnato, liquidato) per group: an inline SVG of horizontal grouped bars
// with a legend, and the same numbers as a table (the chart's text alternative, always visible).
import { formatEuro } from '../api/money';
import type { StageTotals } from '../api/finance';

export const STAGES = [
  { key: 'programmed_cents', label: 'Programmato', color: '#0066cc' },
  { key: 'committed_cents', label: 'Impegnato', color: '#c45200' },
  { key: 'paid_cents', label: 'Liquidato', color: '#008055' },
] as const;

const W = 720;
const LABEL_H = 18;
const BAR_H = 12;
const GAP = 14;
const BAR_MAX = 500;

function Bars({ id, title, groups }: { id: string; title: string; groups: StageTotals[] }) {
  const max = Math.max(1, ...groups.flatMap((g) => STAGES.map((s) => g[s.key])));
  const groupH = LABEL_H + STAGES.length * BAR_H + GAP;
  const h = groups.length * groupH + 4;
  return (
    <svg
      viewBox={`0 0 ${W} ${h}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-svg-title`}
      className="pdz-chart"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-svg-title`}>{`${title}: grafico a barre; gli stessi importi sono nella tabella che segue`}</title>
      {groups.map((g, i) => {
        const y0 = i * groupH;
        return (
          <g key={String(g.key ?? i)}>
            <text x={0} y={y0 + 13} className="pdz-chart-label">
              {g.label ?? String(g.key ?? '')}
            </text>
            {STAGES.map((s, j) => {
              const v = g[s.key];
              const w = Math.max(v > 0 ? 1 : 0, (v / max) * BAR_MAX);
              const y = y0 + LABEL_H + j * BAR_H;
              return (
                <g key={s.key}>
                  <rect x={0} y={y} width={w} height={BAR_H - 2} fill={s.color} />
                  <text x={w + 6} y={y + 9} className="pdz-chart-value">
                    {formatEuro(v)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

export function Legend() {
  return (
    <ul className="pdz-legend list-inline mb-2" aria-label="Legenda">
      {STAGES.map((s) => (
        <li key={s.key} className="list-inline-item me-3">
          <span className="pdz-legend-swatch" style={{ background: s.color }} aria-hidden="true" /> {s.label}
        </li>
      ))}
    </ul>
  );
}

export function TotalsTable({ caption, groups, total, head, id }: { caption: string; groups: StageTotals[]; total?: StageTotals; head: string; id?: string }) {
  return (
    // Focusable and named: it may scroll sideways on narrow screens.
    <div className="table-responsive" tabIndex={0} role="region" aria-label={caption}>
      <table className="table table-sm" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            {STAGES.map((s) => (
              <th key={s.key} scope="col" className="text-end">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((g, i) => (
            <tr key={String(g.key ?? i)}>
              <th scope="row">{g.label ?? String(g.key ?? '')}</th>
              {STAGES.map((s) => (
                <td key={s.key} className="text-end pdz-num">
                  {formatEuro(g[s.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {total && (
          <tfoot>
            <tr className="fw-semibold">
              <th scope="row">Totale</th>
              {STAGES.map((s) => (
                <td key={s.key} className="text-end pdz-num">
                  {formatEuro(total[s.key])}
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** A titled chart with its legend and its table. */
export function StageChart({ id, title, head, groups, total }: { id: string; title: string; head: string; groups: StageTotals[]; total?: StageTotals }) {
  return (
    <figure className="mb-4" id={id} aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="h5">
        {title}
      </figcaption>
      {groups.length === 0 ? (
        <p>Nessun importo.</p>
      ) : (
        <>
          <Legend />
          <Bars id={id} title={title} groups={groups} />
          <TotalsTable caption={`${title}: importi`} head={head} groups={groups} total={total} />
        </>
      )}
    </figure>
  );
}
