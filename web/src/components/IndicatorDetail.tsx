// Detail of one indicator for an entity: its definition, the trend (entity, parent, Region, Italy) and the
// comparison with the children (drill-down: a click opens the child's dashboard) or with peers; charts with
// their data as tables.
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type ComponentProps } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import {
  compareLabels, dashboardLink, entityTitle, formatPlain, formatValue, judgementInfo, judgementKey, knowledgeApi, levelPlural,
  polarityLabels, type Dashboard, type IndicatorDef, type Level,
} from '../api/knowledge';
import { formatNumber } from '../api/labels';
import type { ChartOption, EChart as EChartType } from './EChart';
import { JudgementBadge, ValueText } from './IndicatorBits';
import { ErrorAlert, Loading } from './Status';
import { useApi } from './useApi';

type Basis = 'children' | 'band' | 'chosen';

// ECharts is loaded only when a detail is opened (its own chunk), keeping the main bundle small.
const LazyEChart = lazy(() => import('./EChart').then((m) => ({ default: m.EChart })));

function EChart(props: ComponentProps<typeof EChartType>) {
  return (
    <Suspense fallback={<Loading label="Caricamento del grafico…" />}>
      <LazyEChart {...props} />
    </Suspense>
  );
}

const COLORS = { entity: '#0066cc', parent: '#c45200', region: '#008055', italy: '#5c2d91' };

function TrendSection({ dash, def, category, categoryLabel }: { dash: Dashboard; def: IndicatorDef; category: string | null; categoryLabel: string | null }) {
  const e = dash.entity;
  const s = useApi(() => knowledgeApi.series(def.id, e.level as Level, e.level === 'italy' ? undefined : e.code, category), [def.id, e.level, e.code, category]);
  const name = def.name + (categoryLabel ? ` – ${categoryLabel}` : '');
  const option = useMemo<ChartOption | null>(() => {
    const d = s.data;
    if (!d) return null;
    const years = d.series.map((p) => String(p.year));
    const line = (label: string, color: string, values: (number | null | undefined)[], dashed = false) => ({
      type: 'line' as const,
      name: label,
      data: values.map((v) => (v === undefined ? null : v)),
      connectNulls: false,
      symbolSize: 7,
      lineStyle: { color, width: dashed ? 2 : 3, type: dashed ? ('dashed' as const) : ('solid' as const) },
      itemStyle: { color },
    });
    const series = [line(entityTitle(e), COLORS.entity, d.series.map((p) => p.value))];
    if (dash.parent && dash.parent.level !== 'region') series.push(line(entityTitle(dash.parent), COLORS.parent, d.series.map((p) => p.parent_value), true));
    if (dash.region && e.level !== 'region') series.push(line(entityTitle(dash.region), COLORS.region, d.series.map((p) => p.region_value), true));
    if (e.level !== 'italy') series.push(line('Italia', COLORS.italy, d.series.map((p) => p.italy_value), true));
    return {
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v) => formatValue(typeof v === 'number' ? v : null, def) },
      legend: { top: 0 },
      grid: { left: 70, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: years },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: (v: number) => formatPlain(v, def.decimals) } },
      series,
    };
  }, [s.data, dash, def, e]);
  const showParent = !!dash.parent && dash.parent.level !== 'region';
  const showRegion = !!dash.region && e.level !== 'region';
  return (
    <section aria-labelledby="detail-trend-title" className="mt-3">
      <h3 id="detail-trend-title" className="h5">
        Andamento negli anni
      </h3>
      {s.loading && !s.data && <Loading label="Caricamento dell’andamento…" />}
      {s.error !== null && <ErrorAlert error={s.error} />}
      {s.data && option && (
        <>
          <EChart
            id="chart-trend"
            title={`Andamento: ${name} – ${entityTitle(e)}`}
            description="Grafico a linee con l’ente, l’ente superiore, la Regione e l’Italia per anno; gli stessi valori sono nella tabella che segue."
            option={option}
          />
          <details className="mb-3">
            <summary>Mostra i valori dell’andamento in tabella</summary>
            <div className="table-responsive">
              <table className="table table-sm" id="trend-table">
                <caption>Andamento di «{name}» per anno</caption>
                <thead>
                  <tr>
                    <th scope="col">Anno</th>
                    <th scope="col" className="text-end">{entityTitle(e)}</th>
                    {showParent && <th scope="col" className="text-end">{entityTitle(dash.parent!)}</th>}
                    {showRegion && <th scope="col" className="text-end">{entityTitle(dash.region!)}</th>}
                    {e.level !== 'italy' && <th scope="col" className="text-end">Italia</th>}
                  </tr>
                </thead>
                <tbody>
                  {s.data.series.map((p) => (
                    <tr key={p.year}>
                      <th scope="row">{p.year}</th>
                      <td className="text-end">
                        <ValueText id={`trend-${p.year}`} value={p.value} suppressed={p.suppressed} def={def} />
                      </td>
                      {showParent && <td className="text-end">{formatValue(p.parent_value, def)}</td>}
                      {showRegion && <td className="text-end">{formatValue(p.region_value, def)}</td>}
                      {e.level !== 'italy' && <td className="text-end">{formatValue(p.italy_value, def)}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}

/** Ambiti of the same Region, to choose peers among (only for an ambito). */
function PeerChooser({ dash, chosen, onChange }: { dash: Dashboard; chosen: string[]; onChange(codes: string[]): void }) {
  const regionCode = dash.region?.code;
  const isAmbito = dash.entity.level === 'ambito';
  const list = useApi(
    () => (isAmbito && regionCode ? api.ambiti({ region: regionCode, limit: 500 }) : Promise.resolve(null)),
    [isAmbito, regionCode],
  );
  const [text, setText] = useState(chosen.join(', '));
  if (isAmbito) {
    const items = (list.data?.items ?? []).filter((a) => a.code !== dash.entity.code);
    return (
      <fieldset className="mt-2">
        <legend className="pdz-label">Ambiti da confrontare</legend>
        {list.loading && <Loading label="Caricamento degli ambiti…" />}
        {list.error !== null && <ErrorAlert error={list.error} />}
        <div className="row row-cols-1 row-cols-md-3 g-1" style={{ maxHeight: '14rem', overflowY: 'auto' }}>
          {items.map((a) => (
            <div className="col form-check" key={a.code}>
              <input
                className="form-check-input"
                type="checkbox"
                id={`peer-${a.code}`}
                checked={chosen.includes(a.code)}
                onChange={(ev) => onChange(ev.target.checked ? [...chosen, a.code] : chosen.filter((c) => c !== a.code))}
              />
              <label className="form-check-label" htmlFor={`peer-${a.code}`}>
                {a.name}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    );
  }
  return (
    <form
      className="row g-2 align-items-end mt-1"
      onSubmit={(ev) => {
        ev.preventDefault();
        onChange(
          text
            .split(/[\s,;]+/)
            .map((t) => t.trim())
            .filter(Boolean),
        );
      }}
    >
      <div className="col-md-6">
        <label htmlFor="peer-codes" className="pdz-label">
          Codici degli enti da confrontare (separati da virgola)
        </label>
        <input id="peer-codes" className="form-control" value={text} onChange={(ev) => setText(ev.target.value)} aria-describedby="peer-codes-help" />
        <p id="peer-codes-help" className="small text-muted mb-0">
          {dash.entity.level === 'comune' ? 'Codici ISTAT a sei cifre, ad esempio 015182, 015146.' : 'I codici come compaiono nelle pagine del territorio.'}
        </p>
      </div>
      <div className="col-auto">
        <button type="submit" className="btn btn-primary btn-sm">
          Confronta
        </button>
      </div>
    </form>
  );
}

function BreakdownSection({ dash, def, category, categoryLabel }: { dash: Dashboard; def: IndicatorDef; category: string | null; categoryLabel: string | null }) {
  const e = dash.entity;
  const navigate = useNavigate();
  const hasChildren = !!dash.children_level;
  const [basis, setBasis] = useState<Basis>(hasChildren ? 'children' : 'band');
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => {
    setBasis(hasChildren ? 'children' : 'band');
    setChosen([]);
  }, [e.level, e.code, hasChildren]);
  const peers = basis === 'band' ? 'band' : basis === 'chosen' ? chosen.join(',') : undefined;
  const waitingChoice = basis === 'chosen' && chosen.length === 0;
  const b = useApi(
    () =>
      waitingChoice
        ? Promise.resolve(null)
        : knowledgeApi.breakdown(def.id, e.level as Level, e.level === 'italy' ? undefined : e.code, dash.year, category, peers),
    [def.id, e.level, e.code, dash.year, category, peers, waitingChoice],
  );
  const name = def.name + (categoryLabel ? ` – ${categoryLabel}` : '');
  const d = b.data;
  // Peers without any data (no value and not suppressed) would only fill the chart with empty slots: for peers they
  // are counted, not listed; the children are always all listed (a missing comune is news).
  const allRows = d?.rows ?? [];
  const isSelf = (r: { level: string; code: string }) => r.level === e.level && r.code === e.code;
  const rows = basis === 'children' ? allRows : allRows.filter((r) => isSelf(r) || r.suppressed || (r.value !== null && r.value !== undefined));
  const withoutData = allRows.length - rows.length;
  const childQuery = { anno: dash.year, indicatore: def.id, categoria: category ?? undefined };
  const refName = d ? (d.reference.level === e.level && d.reference.code === e.code ? entityTitle(e) : entityTitle(d.reference)) : '';

  const option = useMemo<ChartOption | null>(() => {
    if (!d) return null;
    const bars = rows.map((r) => {
      const j = judgementKey(r.judgement, def.polarity, r.value, d.reference.value);
      const self = r.level === e.level && r.code === e.code;
      return {
        value: r.value ?? null,
        itemStyle: { color: self ? '#1a1a1a' : judgementInfo[j].color },
      };
    });
    return {
      animation: false,
      tooltip: { trigger: 'item', valueFormatter: (v) => formatValue(typeof v === 'number' ? v : null, def) },
      grid: { left: 70, right: 30, top: 30, bottom: rows.length > 8 ? 110 : 60 },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.name),
        axisLabel: { interval: 0, rotate: rows.length > 8 ? 40 : 0, fontSize: 11 },
      },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatPlain(v, def.decimals) } },
      series: [
        {
          type: 'bar',
          name,
          data: bars,
          cursor: 'pointer',
          markLine:
            d.reference.value !== null && d.reference.value !== undefined
              ? {
                  symbol: 'none',
                  lineStyle: { color: '#c45200', width: 2, type: 'dashed' },
                  label: { formatter: `${refName}: ${formatValue(d.reference.value, def)}`, position: 'insideEndTop', color: '#1a1a1a' },
                  data: [{ yAxis: d.reference.value }],
                }
              : undefined,
        },
      ],
    };
  }, [d, rows, def, e, name, refName, basis]);

  const what = hasChildren ? levelPlural[dash.children_level ?? ''] ?? 'enti contenuti' : '';
  const basisLabel =
    basis === 'children'
      ? `i ${what} di ${entityTitle(e)}`
      : basis === 'band'
        ? `gli enti della stessa fascia di popolazione${d?.band ? ` (${formatNumber(d.band.min)}–${formatNumber(d.band.max)} abitanti)` : ''}`
        : 'gli enti scelti';

  return (
    <section aria-labelledby="detail-breakdown-title" className="mt-4">
      <h3 id="detail-breakdown-title" className="h5">
        Confronto {basis === 'children' ? `fra ${what}` : 'con enti simili'}
      </h3>
      <fieldset>
        <legend className="pdz-label">Confronta con</legend>
        {hasChildren && (
          <div className="form-check form-check-inline">
            <input className="form-check-input" type="radio" name="basis" id="basis-children" checked={basis === 'children'} onChange={() => setBasis('children')} />
            <label className="form-check-label" htmlFor="basis-children">
              I {what} che ne fanno parte
            </label>
          </div>
        )}
        {e.level !== 'italy' && (
          <>
            <div className="form-check form-check-inline">
              <input className="form-check-input" type="radio" name="basis" id="basis-band" checked={basis === 'band'} onChange={() => setBasis('band')} />
              <label className="form-check-label" htmlFor="basis-band">
                Enti con popolazione simile
              </label>
            </div>
            <div className="form-check form-check-inline">
              <input className="form-check-input" type="radio" name="basis" id="basis-chosen" checked={basis === 'chosen'} onChange={() => setBasis('chosen')} />
              <label className="form-check-label" htmlFor="basis-chosen">
                Enti scelti da me
              </label>
            </div>
          </>
        )}
      </fieldset>
      {basis === 'chosen' && <PeerChooser dash={dash} chosen={chosen} onChange={setChosen} />}
      {waitingChoice && <p className="mt-2">Scegli almeno un ente da confrontare.</p>}
      {b.loading && !d && <Loading label="Caricamento del confronto…" />}
      {b.error !== null && <ErrorAlert error={b.error} />}
      {d && option && (
        <>
          <p className="mt-2 mb-2">
            Confronto fra {basisLabel}. Riferimento: <strong>{refName}</strong> ({formatValue(d.reference.value, def)}), linea tratteggiata
            nel grafico.
            {basis !== 'children' && ` La barra scura è ${entityTitle(e)}.`}
            {' Scegli un ente nel grafico o nella tabella per aprirne il cruscotto.'}
            {withoutData > 0 && ` ${withoutData === 1 ? 'Un ente senza dati non è mostrato' : `${withoutData} enti senza dati non sono mostrati`}.`}
          </p>
          {rows.length === 0 ? (
            <p>Nessun ente da confrontare.</p>
          ) : (
            <EChart
              id="chart-breakdown"
              title={`Confronto: ${name} – ${d.year}`}
              description={`Grafico a barre del valore per ciascun ente, colorato secondo il giudizio, con la linea del riferimento ${refName}; gli stessi valori e i giudizi sono nella tabella che segue.`}
              option={option}
              height={rows.length > 8 ? 380 : 320}
              onClick={(c) => {
                const r = rows[c.dataIndex];
                if (r && !isSelf(r)) navigate(dashboardLink(r.level, r.code, childQuery));
              }}
            />
          )}
          <div className="table-responsive" tabIndex={0} role="region" aria-label="Tabella del confronto">
            <table className="table table-sm" id="breakdown-table">
              <caption>
                «{name}» nel {d.year}: {rows.length} enti confrontati con {refName}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Ente</th>
                  <th scope="col" className="text-end">
                    Popolazione
                  </th>
                  <th scope="col" className="text-end">
                    Valore
                  </th>
                  <th scope="col">Giudizio</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const self = r.level === e.level && r.code === e.code;
                  return (
                    <tr key={`${r.level}-${r.code}`} data-entity={r.code} className={self ? 'pdz-row-selected' : undefined}>
                      <th scope="row">
                        {self ? (
                          <>
                            {r.name} <span className="small">(questo ente)</span>
                          </>
                        ) : (
                          <Link to={dashboardLink(r.level, r.code, childQuery)}>
                            {r.name}
                            <span className="visually-hidden">: apri il cruscotto</span>
                          </Link>
                        )}
                      </th>
                      <td className="text-end">{formatNumber(r.population)}</td>
                      <td className="text-end">
                        <ValueText id={`bd-${r.code}`} value={r.value} suppressed={r.suppressed} def={def} />
                      </td>
                      <td>
                        <JudgementBadge judgement={judgementKey(r.judgement, def.polarity, r.value, d.reference.value)} reference={refName} />
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

export function IndicatorDetail({
  dash,
  def,
  category,
  categoryLabel,
  onClose,
}: {
  dash: Dashboard;
  def: IndicatorDef;
  category: string | null;
  categoryLabel: string | null;
  onClose(): void;
}) {
  const headRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headRef.current?.focus();
    headRef.current?.scrollIntoView({ block: 'start' });
  }, [def.id, category]);
  return (
    <section id="indicator-detail" className="pdz-detail mt-4" aria-labelledby="indicator-detail-title">
      <div className="d-flex flex-wrap justify-content-between align-items-start gap-2">
        <h2 id="indicator-detail-title" className="h4 pdz-detail-heading" tabIndex={-1} ref={headRef}>
          {def.name}
          {categoryLabel && <> – {categoryLabel}</>}
        </h2>
        <button type="button" className="btn btn-outline-secondary btn-sm" onClick={onClose}>
          Chiudi il dettaglio
        </button>
      </div>
      <p>{def.description}</p>
      <dl className="row pdz-dl small">
        <div className="col-sm-6 col-lg-3">
          <dt>Unità di misura</dt>
          <dd>{def.unit || '–'}</dd>
        </div>
        <div className="col-sm-6 col-lg-3">
          <dt>Verso</dt>
          <dd>{polarityLabels[def.polarity] ?? def.polarity}</dd>
        </div>
        <div className="col-sm-6 col-lg-3">
          <dt>Metodo del confronto</dt>
          <dd>{compareLabels[def.compare] ?? def.compare}</dd>
        </div>
        <div className="col-sm-6 col-lg-3">
          <dt>Soglia di riservatezza</dt>
          <dd>{def.suppress_below > 0 ? `valori con meno di ${def.suppress_below} casi non mostrati` : 'nessuna'}</dd>
        </div>
      </dl>
      <TrendSection dash={dash} def={def} category={category} categoryLabel={categoryLabel} />
      <BreakdownSection dash={dash} def={def} category={category} categoryLabel={categoryLabel} />
    </section>
  );
}
