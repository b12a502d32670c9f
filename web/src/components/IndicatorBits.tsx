// Small pieces of the indicator dashboard: the judgement badge (text, symbol and colour), a value cell that
// explains suppression, the spine chart (min–max, quartile box, median, the entity's marker) and the sparkline.
import { formatPlain, formatValue, judgementInfo, SUPPRESSED_HELP, type Distribution, type IndicatorDef, type JudgementKey } from '../api/knowledge';
import '../styles/knowledge.css';

const SYMBOL: Record<JudgementKey, string> = {
  better: '▲',
  worse: '▼',
  similar: '=',
  higher: '↑',
  lower: '↓',
  not_compared: '–',
};

export function JudgementBadge({ judgement, reference }: { judgement: JudgementKey; reference?: string | null }) {
  const j = judgementInfo[judgement];
  const title = reference ? `${j.label}: ${j.help} (${reference})` : `${j.label}: ${j.help}`;
  return (
    <span className={`pdz-judge ${j.className}`} title={title} data-judgement={judgement}>
      <span aria-hidden="true">{SYMBOL[judgement]} </span>
      {j.label}
    </span>
  );
}

/** A value, or "n.d. (soppresso)" with the reason in a tooltip (and for screen readers). */
export function ValueText({ value, suppressed, def, id }: { value: number | null | undefined; suppressed?: boolean; def?: IndicatorDef | null; id: string }) {
  if (suppressed && (value === null || value === undefined)) {
    return (
      <>
        <span className="pdz-suppressed" title={SUPPRESSED_HELP} tabIndex={0} aria-describedby={`${id}-why`} data-suppressed="true">
          n.d. (soppresso)
        </span>
        <span id={`${id}-why`} className="visually-hidden">
          {SUPPRESSED_HELP}
        </span>
      </>
    );
  }
  return <>{formatValue(value, def)}</>;
}

const SW = 140;
const SH = 22;

/** Spine chart: the siblings' range and quartiles with the entity's value as a marker. */
export function SpineChart({
  dist,
  value,
  judgement,
  def,
  siblings,
}: {
  dist: Distribution | null | undefined;
  value: number | null | undefined;
  judgement: JudgementKey;
  def?: IndicatorDef | null;
  siblings?: string;
}) {
  if (!dist || dist.n === 0) return <span className="text-muted small">–</span>;
  const has = value !== null && value !== undefined;
  const lo = Math.min(dist.min, has ? value : dist.min);
  const hi = Math.max(dist.max, has ? value : dist.max);
  const span = hi - lo || 1;
  const pad = 6;
  const x = (v: number) => pad + ((v - lo) / span) * (SW - 2 * pad);
  const d = def?.decimals ?? 2;
  const label =
    `Distribuzione fra ${dist.n} ${siblings ?? 'enti'}: minimo ${formatPlain(dist.min, d)}, primo quartile ${formatPlain(dist.q1, d)}, ` +
    `mediana ${formatPlain(dist.median, d)}, terzo quartile ${formatPlain(dist.q3, d)}, massimo ${formatPlain(dist.max, d)}` +
    (has ? `; questo ente ${formatPlain(value, d)}` : '; valore di questo ente non disponibile');
  const color = judgementInfo[judgement].color;
  return (
    <svg className="pdz-spine" width={SW} height={SH} viewBox={`0 0 ${SW} ${SH}`} role="img" aria-label={label}>
      <title>{label}</title>
      <line className="pdz-spine-range" x1={x(dist.min)} x2={x(dist.max)} y1={SH / 2} y2={SH / 2} />
      <rect className="pdz-spine-box" x={x(dist.q1)} y={5} width={Math.max(1, x(dist.q3) - x(dist.q1))} height={SH - 10} />
      <line className="pdz-spine-median" x1={x(dist.median)} x2={x(dist.median)} y1={3} y2={SH - 3} />
      {has && (
        <path
          d={`M ${x(value)} ${SH / 2 - 7} L ${x(value) + 6} ${SH / 2} L ${x(value)} ${SH / 2 + 7} L ${x(value) - 6} ${SH / 2} Z`}
          fill={color}
          stroke="#fff"
          strokeWidth={1}
        />
      )}
    </svg>
  );
}

const KW = 100;
const KH = 24;

/** Sparkline of the trend; the values are also in its accessible name. */
export function Sparkline({ trend, def }: { trend: { year: number; value?: number | null }[]; def?: IndicatorDef | null }) {
  const pts = trend.filter((t) => t.value !== null && t.value !== undefined) as { year: number; value: number }[];
  if (pts.length < 2) return <span className="text-muted small">–</span>;
  const years = trend.map((t) => t.year);
  const y0 = Math.min(...years);
  const y1 = Math.max(...years);
  const vs = pts.map((p) => p.value);
  const lo = Math.min(...vs);
  const hi = Math.max(...vs);
  const x = (y: number) => 3 + ((y - y0) / (y1 - y0 || 1)) * (KW - 6);
  const y = (v: number) => KH - 3 - ((v - lo) / (hi - lo || 1)) * (KH - 6);
  const d = def?.decimals ?? 2;
  const label = 'Andamento: ' + trend.map((t) => `${t.year} ${formatPlain(t.value, d)}`).join('; ');
  const last = pts[pts.length - 1];
  return (
    <svg className="pdz-spark" width={KW} height={KH} viewBox={`0 0 ${KW} ${KH}`} role="img" aria-label={label}>
      <title>{label}</title>
      <polyline className="pdz-spark-line" points={pts.map((p) => `${x(p.year)},${y(p.value)}`).join(' ')} />
      <circle className="pdz-spark-dot" cx={x(last.year)} cy={y(last.value)} r={2.5} />
    </svg>
  );
}
