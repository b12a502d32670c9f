// Cruscotto degli indicatori of one entity (comune, ambito, ATS, Region, Italy) for a year: every indicator with
// its value, reference, Italy, judgement, distribution among the siblings and trend; the chosen indicator's detail.
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import {
  dashboardLink, entityPageLink, entityTitle, formatValue, judgementInfo, judgementKey, knowledgeApi, LEVELS, levelPlural,
  type DashboardRow, type IndicatorDef, type Level,
} from '../api/knowledge';
import { formatNumber } from '../api/labels';
import { Breadcrumbs, type Crumb } from '../components/Breadcrumbs';
import { IndicatorDetail } from '../components/IndicatorDetail';
import { JudgementBadge, Sparkline, SpineChart, ValueText } from '../components/IndicatorBits';
import { PageTitle } from '../components/PageTitle';
import { ErrorAlert, Loading } from '../components/Status';
import { useApi } from '../components/useApi';

const rowKey = (r: Pick<DashboardRow, 'indicator' | 'category'>) => `${r.indicator}|${r.category ?? ''}`;

function HowToRead() {
  return (
    <details className="mb-3" id="how-to-read">
      <summary>Come leggere la tabella</summary>
      <ul className="mt-2 small">
        <li>
          <strong>Valore</strong>: il dato dell’ente per l’anno scelto, calcolato dai flussi trasmessi.
        </li>
        <li>
          <strong>Riferimento</strong>: il valore con cui l’ente è confrontato (per un comune il suo ambito, per un ambito la Regione).
        </li>
        <li>
          <strong>Giudizio</strong>: «{judgementInfo.better.label}», «{judgementInfo.similar.label}» o «{judgementInfo.worse.label}» rispetto al
          riferimento, tenendo conto dell’incertezza statistica; per gli indicatori senza un verso migliore «{judgementInfo.higher.label}» o «
          {judgementInfo.lower.label}»; «{judgementInfo.not_compared.label}» quando il confronto non è possibile.
        </li>
        <li>
          <strong>Distribuzione</strong>: la linea va dal valore più basso al più alto fra gli enti dello stesso livello, il riquadro contiene la
          metà centrale, la linea verticale è la mediana e il rombo è l’ente.
        </li>
        <li>
          <strong>n.d. (soppresso)</strong>: il valore non è mostrato perché i casi sono troppo pochi per tutelare la riservatezza.
        </li>
      </ul>
    </details>
  );
}

export function DashboardPage() {
  const { level: levelParam = '', code: codeParam } = useParams();
  const [params, setParams] = useSearchParams();
  const level = levelParam as Level;
  const valid = LEVELS.includes(level) && (level === 'italy' || !!codeParam);
  const code = level === 'italy' ? undefined : codeParam;
  const yearParam = params.get('anno');
  const year = yearParam && /^\d{4}$/.test(yearParam) ? Number(yearParam) : undefined;
  const selected = params.get('indicatore');
  const selectedCategory = params.get('categoria');
  const showCategories = params.get('categorie') === '1';

  const catalogue = useApi(() => knowledgeApi.indicators(), []);
  const dash = useApi(
    () => (valid ? knowledgeApi.dashboard(level, code, year) : Promise.reject(new Error('livello'))),
    [level, code, year, valid],
  );
  const defs = useMemo(() => new Map((catalogue.data?.indicators ?? []).map((d) => [d.id, d] as [string, IndicatorDef])), [catalogue.data]);

  const d = dash.data;
  const title = d ? `Cruscotto degli indicatori: ${entityTitle(d.entity)}` : 'Cruscotto degli indicatori';

  function setParam(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: false });
  }

  const crumbs: Crumb[] = [{ label: 'Home', to: '/' }];
  if (d) {
    if (d.entity.level !== 'italy') crumbs.push({ label: 'Italia', to: dashboardLink('italy', null, { anno: year }) });
    if (d.region && d.entity.level !== 'region') crumbs.push({ label: d.region.name, to: dashboardLink('region', d.region.code, { anno: year }) });
    if (d.parent && d.parent.level !== 'region' && d.parent.level !== 'italy')
      crumbs.push({ label: d.parent.name, to: dashboardLink(d.parent.level, d.parent.code, { anno: year }) });
    crumbs.push({ label: d.entity.level === 'italy' ? 'Italia' : d.entity.name });
  } else crumbs.push({ label: 'Cruscotto degli indicatori' });

  const selRow = d?.rows.find((r) => r.indicator === selected && (r.category ?? null) === (selectedCategory || null)) ?? null;
  const selDef = selected ? defs.get(selected) ?? null : null;
  // Totals only unless asked (or the chosen row is a category): the full table has a row per category.
  const shownRows = (d?.rows ?? []).filter(
    (r) => !r.category || showCategories || (r.indicator === selected && r.category === selectedCategory),
  );
  const categoryCount = (d?.rows ?? []).filter((r) => r.category).length;
  const entityPage = d && d.entity.level !== 'italy' ? entityPageLink(d.entity.level, d.entity.code) : null;
  const siblingsNoun = d ? levelPlural[d.entity.level] ?? 'enti' : 'enti';

  if (!valid) {
    return (
      <>
        <Breadcrumbs items={crumbs} />
        <PageTitle title="Cruscotto degli indicatori" />
        <div className="alert alert-warning" role="alert">
          Indirizzo non valido: il livello deve essere comune, ambito, agency, region o italy, seguito dal codice dell’ente.
        </div>
      </>
    );
  }

  return (
    <>
      <Breadcrumbs items={crumbs} />
      <PageTitle title={title} />
      {(dash.loading || catalogue.loading) && !d && <Loading />}
      {dash.error !== null && <ErrorAlert error={dash.error} />}
      {catalogue.error !== null && <ErrorAlert error={catalogue.error} title="Catalogo degli indicatori non disponibile" />}
      {d && (
        <>
          <p>
            Gli indicatori sono calcolati dai dati trasmessi con i flussi informativi e sono aggiornati all’ultima trasmissione registrata.
            {d.entity.population !== undefined && <> Popolazione: {formatNumber(d.entity.population)} abitanti.</>}{' '}
            {entityPage && <Link to={entityPage}>Scheda di {entityTitle(d.entity)}</Link>}
            {(d.entity.level === 'ambito' || d.entity.level === 'comune') && (
              <>
                {' – '}
                <Link to={`/flussi?${d.entity.level}=${encodeURIComponent(d.entity.code)}`}>Trasmetti i dati (flussi informativi)</Link>
              </>
            )}
          </p>
          <div className="row g-3 align-items-end mb-3">
            <div className="col-auto">
              <label htmlFor="dash-year" className="pdz-label">
                Anno dei dati
              </label>
              <select
                id="dash-year"
                className="form-select"
                value={String(d.year)}
                onChange={(e) => setParam({ anno: e.target.value })}
              >
                {[...d.years].sort((a, b) => b - a).map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
                {!d.years.includes(d.year) && <option value={d.year}>{d.year}</option>}
              </select>
            </div>
            <div className="col-auto d-flex gap-2">
              <a className="btn btn-outline-primary btn-sm" href={knowledgeApi.dashboardFileUrl(level, code, d.year, 'csv')} download>
                Scarica CSV
              </a>
              <a className="btn btn-outline-primary btn-sm" href={knowledgeApi.dashboardFileUrl(level, code, d.year, 'xlsx')} download>
                Scarica XLSX
              </a>
            </div>
          </div>
          <HowToRead />
          {categoryCount > 0 && (
            <div className="form-check mb-2">
              <input
                className="form-check-input"
                type="checkbox"
                id="dash-categories"
                checked={showCategories}
                onChange={(e) => setParam({ categorie: e.target.checked ? '1' : null })}
              />
              <label className="form-check-label" htmlFor="dash-categories">
                Mostra anche i valori per categoria (area, misura, tipo di unità, servizio: {categoryCount} righe in più)
              </label>
            </div>
          )}
          {dash.loading && <Loading label="Aggiornamento…" />}
          {d.rows.length === 0 ? (
            <div className="alert alert-info" role="status">
              Nessun indicatore disponibile per il {d.year}: i dati non sono ancora stati trasmessi.
            </div>
          ) : (
            <div className="table-responsive" tabIndex={0} role="region" aria-label="Tabella degli indicatori">
              <table className="table table-sm pdz-dashboard" id="dashboard-table">
                <caption>
                  Indicatori di {entityTitle(d.entity)} nel {d.year} ({shownRows.length} righe); scegli un indicatore per vederne l’andamento e il confronto
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Indicatore</th>
                    <th scope="col">Categoria</th>
                    <th scope="col" className="text-end">
                      Valore
                    </th>
                    <th scope="col" className="text-end">
                      Riferimento
                    </th>
                    <th scope="col" className="text-end">
                      Italia
                    </th>
                    <th scope="col">Giudizio</th>
                    <th scope="col">Distribuzione fra {siblingsNoun}</th>
                    <th scope="col">Andamento</th>
                  </tr>
                </thead>
                <tbody>
                  {shownRows.map((r, i) => {
                    const def = defs.get(r.indicator) ?? null;
                    const name = def?.name ?? r.indicator;
                    const key = rowKey(r);
                    const isSel = selRow !== null && rowKey(selRow) === key;
                    const j = judgementKey(r.judgement, def?.polarity, r.value, r.reference_value);
                    const refName = r.reference ? entityTitle(r.reference) : null;
                    return (
                      <tr key={key} className={isSel ? 'pdz-row-selected' : undefined} data-indicator={r.indicator} data-category={r.category ?? ''}>
                        <th scope="row">
                          <button
                            type="button"
                            className="btn btn-link pdz-indicator-link"
                            aria-expanded={isSel}
                            aria-controls={isSel ? 'indicator-detail' : undefined}
                            onClick={() => setParam(isSel ? { indicatore: null, categoria: null } : { indicatore: r.indicator, categoria: r.category ?? null })}
                          >
                            {name}
                            {r.category_label && <span className="visually-hidden"> – {r.category_label}</span>}
                          </button>
                        </th>
                        <td>{r.category_label ?? 'Totale'}</td>
                        <td className="text-end" data-field="value">
                          <ValueText id={`v-${i}`} value={r.value} suppressed={r.suppressed} def={def} />
                        </td>
                        <td className="text-end">
                          {formatValue(r.reference_value, def)}
                          {refName && <span className="d-block small text-muted">{refName}</span>}
                        </td>
                        <td className="text-end">{formatValue(r.italy_value, def)}</td>
                        <td data-field="judgement">
                          <JudgementBadge judgement={j} reference={refName} />
                          {r.rank !== null && r.rank !== undefined && r.siblings ? (
                            <span className="d-block small text-muted">
                              {r.rank}° su {r.siblings}
                            </span>
                          ) : null}
                        </td>
                        <td>
                          <SpineChart dist={r.distribution} value={r.value} judgement={j} def={def} siblings={siblingsNoun} />
                        </td>
                        <td>
                          <Sparkline trend={r.trend} def={def} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {selected && selDef && (
            <IndicatorDetail
              key={`${level}-${code}-${selected}-${selectedCategory ?? ''}`}
              dash={d}
              def={selDef}
              category={selectedCategory || null}
              categoryLabel={selRow?.category_label ?? null}
              onClose={() => {
                setParam({ indicatore: null, categoria: null });
                setTimeout(() => document.querySelector<HTMLElement>(`tr[data-indicator="${CSS.escape(selected)}"] button`)?.focus(), 0);
              }}
            />
          )}
          {selected && catalogue.data && !selDef && (
            <div className="alert alert-warning mt-3" role="alert">
              Indicatore «{selected}» non presente nel catalogo.
            </div>
          )}
        </>
      )}
    </>
  );
}
