// A Piano di Zona: header (title, period, status, revision), the sections required by the guidelines
// still empty, tabs Sezioni / Obiettivi (the matrix) / Revisioni (list and diff), downloads, and the
// editor for those who may edit it; the tab Quadro delle risorse (components/ResourceFrame).
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, apiRequest } from '../api/client';
import { formatDate, formatDateTime } from '../api/labels';
import { planLink, planStatusClass, planStatusLabel } from '../api/plans';
import { rulesetBody, rulesetLink } from '../api/rulesets';
import type { PlanSaveResult, RulesetEntry } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { Markdown } from '../components/Markdown';
import { PageTitle } from '../components/PageTitle';
import { PlanEditor } from '../components/PlanEditor';
import { ResourceFrame } from '../components/ResourceFrame';
import { ChangeList, PlanMatrix } from '../components/PlanViews';
import { ErrorAlert, Loading } from '../components/Status';
import { PlanCompliance, PlanLifecycle } from '../components/Governance';
import { PlanMonitoringView } from '../components/PlanMonitoring';
import { PlanReports } from '../components/PlanReports';
import { PlanEvaluation } from '../components/PlanEvaluation';
import { canEditAmbito, hasRole } from '../auth/permissions';
import { useSession } from '../auth/session';
import { panelId, tabId, Tabs } from '../components/Tabs';
import { useApi } from '../components/useApi';
import { useLeaveGuard } from '../components/useLeaveGuard';

const TABS = [
  { id: 'sezioni', label: 'Sezioni' },
  { id: 'obiettivi', label: 'Obiettivi' },
  { id: 'risorse', label: 'Quadro delle risorse' },
  { id: 'revisioni', label: 'Revisioni' },
  { id: 'iter', label: 'Iter e Accordo' },
  { id: 'conformita', label: 'Conformità' },
  { id: 'monitoraggio', label: 'Monitoraggio' },
  { id: 'relazioni', label: 'Relazioni' },
  { id: 'valutazione', label: 'Valutazione' },
];

/** The section the previous plan's final report fills (docs/monitoring.md §5.2). */
const PREFILLED_SECTION = 'risultati-precedente';

/** "Precompila": the section from the previous plan's relazione di consuntivo and evaluation, a new revision. */
function SectionPrefill({ plan, code, version, filled, onDone }: { plan: number; code: string; version: number; filled: boolean; onDone(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function run() {
    if (filled && !window.confirm('Il testo attuale della sezione sarà sostituito (resta nelle revisioni). Continuare?')) return;
    setBusy(true);
    setError(null);
    try {
      await apiRequest('POST', `/plans/${plan}/sections/${encodeURIComponent(code)}/prefill`, { version });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="mt-2">
      <button type="button" className="btn btn-outline-primary btn-sm" disabled={busy} onClick={() => void run()}>
        Precompila dal piano precedente
      </button>
      <p className="small text-muted mb-0 mt-1">
        Dalla relazione di consuntivo (accettata o trasmessa) e dalla valutazione del piano precedente dell&apos;ambito; si salva come nuova revisione.
      </p>
      {error !== null && <ErrorAlert error={error} />}
    </div>
  );
}

function Revisions({ id, latest }: { id: number; latest: number }) {
  const revs = useApi(() => api.planRevisions(id), [id, latest]);
  const [from, setFrom] = useState(Math.max(1, latest - 1));
  const [to, setTo] = useState(latest);
  const [asked, setAsked] = useState<{ from: number; to: number } | null>(null);
  const diff = useApi(() => (asked ? api.planDiff(id, asked.from, asked.to) : Promise.resolve(null)), [id, asked]);
  useEffect(() => {
    setFrom(Math.max(1, latest - 1));
    setTo(latest);
    setAsked(null);
  }, [latest]);
  const items = revs.data?.items ?? [];
  return (
    <>
      <h2 className="h4">Revisioni</h2>
      {revs.loading && <Loading />}
      {revs.error !== null && <ErrorAlert error={revs.error} />}
      {revs.data && (
        <div className="table-responsive">
          <table className="table table-sm" id="plan-revisions">
            <caption>Tutte le revisioni del piano ({revs.data.total}), dalla più recente</caption>
            <thead>
              <tr>
                <th scope="col">Revisione</th>
                <th scope="col">Data e ora</th>
                <th scope="col">Autore</th>
                <th scope="col">Nota</th>
                <th scope="col">
                  <span className="visually-hidden">Azioni</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.revision}>
                  <th scope="row">{r.revision}</th>
                  <td>{formatDateTime(r.at)}</td>
                  <td>{r.author}</td>
                  <td>{r.note || <span className="text-muted">nessuna nota</span>}</td>
                  <td>
                    <Link to={planLink(id, r.revision === latest ? undefined : r.revision)}>
                      Visualizza<span className="visually-hidden"> la revisione {r.revision}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items.length > 1 && (
        <section aria-labelledby="diff-title" className="mt-4">
          <h3 id="diff-title" className="h5">
            Confronta due revisioni
          </h3>
          <form
            className="row g-2 align-items-end mb-3"
            onSubmit={(e) => {
              e.preventDefault();
              setAsked({ from, to });
            }}
          >
            <div className="col-auto">
              <label htmlFor="diff-from" className="pdz-label d-block">
                Dalla revisione
              </label>
              <select id="diff-from" className="form-select" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
                {items.map((r) => (
                  <option key={r.revision} value={r.revision}>
                    {r.revision} – {formatDateTime(r.at)}
                  </option>
                ))}
              </select>
            </div>
            <div className="col-auto">
              <label htmlFor="diff-to" className="pdz-label d-block">
                Alla revisione
              </label>
              <select id="diff-to" className="form-select" value={to} onChange={(e) => setTo(Number(e.target.value))}>
                {items.map((r) => (
                  <option key={r.revision} value={r.revision}>
                    {r.revision} – {formatDateTime(r.at)}
                  </option>
                ))}
              </select>
            </div>
            <div className="col-auto">
              <button type="submit" className="btn btn-primary">
                Confronta
              </button>
            </div>
          </form>
          <div aria-live="polite" id="plan-diff">
            {asked && diff.loading && <Loading label="Confronto in corso…" />}
            {diff.error !== null && <ErrorAlert error={diff.error} />}
            {diff.data && (
              <>
                <p className="fw-semibold mb-2">
                  Differenze dalla revisione {diff.data.from} alla revisione {diff.data.to} ({diff.data.changes.length}):
                </p>
                <ChangeList changes={diff.data.changes} />
              </>
            )}
          </div>
        </section>
      )}
    </>
  );
}

export function PlanPage() {
  const { id: idParam = '' } = useParams();
  const id = Number(idParam);
  const [params, setParams] = useSearchParams();
  const revParam = Number(params.get('revisione') ?? '') || undefined;
  const tab = TABS.some((t) => t.id === params.get('scheda')) ? params.get('scheda')! : 'sezioni';
  const view = useApi(() => api.plan(id, revParam), [id, revParam]);
  const v = view.data;
  const ambito = useApi(() => (v ? api.ambito(v.ambito) : Promise.resolve(null)), [v?.ambito]);
  const rulesetCode = v?.plan.ruleset || '';
  const ruleset = useApi(() => (rulesetCode ? api.ruleset(rulesetCode) : Promise.resolve(null)), [rulesetCode]);
  const rb = ruleset.data ? rulesetBody(ruleset.data) : null;
  const funds: RulesetEntry[] = rb?.funds ?? [];
  const fundNames = Object.fromEntries(funds.map((f) => [f.code, f.title]));

  const { user } = useSession();
  const [editing, setEditing] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState<PlanSaveResult | null>(null);
  const savedRef = useRef<HTMLDivElement>(null);
  const editBtnRef = useRef<HTMLButtonElement>(null);
  useLeaveGuard(editing && dirty);

  useEffect(() => {
    setEditing(false);
    setSaved(null);
  }, [id, revParam]);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  const setTab = (t: string) => {
    const next = new URLSearchParams(params);
    next.delete('relazione');
    if (t === 'sezioni') next.delete('scheda');
    else next.set('scheda', t);
    setParams(next, { replace: true });
  };
  const onDirtyChange = useCallback((d: boolean) => setDirty(d), []);

  const isLatest = !!v && v.revision === (v.latest_revision ?? v.revision);
  const canEdit = !!v?.can_edit && isLatest;
  const plan = v?.plan;
  // Monitoring is written by the ambito's Ufficio di Piano (and the Region's administrators), on the
  // current revision; the API checks it again (403 shown in words).
  const canMonitor = !!user && !!ambito.data && canEditAmbito(user, ambito.data);
  // Reports are accepted or returned by the Region and the ambito's ATS.
  const canReview =
    !!ambito.data && (hasRole(user, 'region_admin', 'region', ambito.data.region) || hasRole(user, 'ats_operator', 'agency', ambito.data.agency.code));
  const tagNames = Object.fromEntries([...(rb?.thematic_areas ?? []), ...(rb?.strategic_objectives ?? [])].map((x) => [x.code, x.title]));

  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Home', to: '/' },
          { label: 'Territorio', to: '/territorio' },
          ...(v ? [{ label: ambito.data?.name ?? v.ambito, to: `/territorio/ambiti/${encodeURIComponent(v.ambito)}` }] : []),
          { label: plan?.title ?? 'Piano di Zona' },
        ]}
      />
      <PageTitle title={plan?.title ?? 'Piano di Zona'} />
      {view.loading && !v && <Loading />}
      {view.error !== null && <ErrorAlert error={view.error} />}
      {v && plan && (
        <>
          {plan.subtitle && <p className="lead pdz-subtitle">{plan.subtitle}</p>}
          <dl className="row pdz-dl pdz-plan-head">
            <div className="col-sm-6 col-lg-3">
              <dt>Ambito</dt>
              <dd>
                <Link to={`/territorio/ambiti/${encodeURIComponent(v.ambito)}`}>{ambito.data?.name ?? v.ambito}</Link>
              </dd>
            </div>
            <div className="col-sm-6 col-lg-3">
              <dt>Periodo</dt>
              <dd data-field="period">
                dal {formatDate(plan.period.from)} al {formatDate(plan.period.to)}
              </dd>
            </div>
            <div className="col-sm-6 col-lg-2">
              <dt>Stato</dt>
              <dd>
                <span className={`badge ${planStatusClass(v.status)}`} data-field="status">
                  {planStatusLabel(v.status)}
                </span>
              </dd>
            </div>
            <div className="col-sm-6 col-lg-4">
              <dt>Revisione</dt>
              <dd data-field="revision">
                {v.revision}
                {v.latest_revision && v.latest_revision !== v.revision ? ` di ${v.latest_revision}` : ''} – {formatDateTime(v.revision_at)},{' '}
                {v.revision_author}
                {v.revision_note && <span className="d-block small text-muted">«{v.revision_note}»</span>}
              </dd>
            </div>
            {plan.ruleset && (
              <div className="col-12">
                <dt>Linee guida regionali</dt>
                <dd>
                  <Link to={rulesetLink(plan.ruleset)}>{rb?.title ?? plan.ruleset}</Link>
                  {rb?.act && <span className="text-muted"> ({rb.act})</span>}
                </dd>
              </div>
            )}
          </dl>

          {!isLatest && (
            <div className="alert alert-info" role="note">
              Stai vedendo la revisione {v.revision} del piano, non quella attuale.{' '}
              <Link to={planLink(v.id)}>Vai alla revisione attuale ({v.latest_revision})</Link>.
            </div>
          )}

          {saved && (
            <div className="alert alert-success" role="status" tabIndex={-1} ref={savedRef} id="plan-saved">
              <p className="fw-semibold mb-1">Piano salvato: revisione {saved.revision}.</p>
              <ChangeList changes={saved.changes} />
            </div>
          )}

          {(v.missing_sections ?? []).length > 0 && !editing && (
            <div className="alert alert-warning" role="note" id="missing-sections">
              <p className="fw-semibold mb-1">Sezioni richieste dalle linee guida ancora vuote:</p>
              <ul className="mb-0">
                {(v.missing_sections ?? []).map((m) => (
                  <li key={m.code}>
                    {m.title} <span className="small">({m.act})</span>
                  </li>
                ))}
              </ul>
            </div>
          )}

          {!editing && (
            <div className="d-flex flex-wrap gap-2 mb-4 pdz-plan-actions">
              {canEdit && (
                <button
                  ref={editBtnRef}
                  type="button"
                  className="btn btn-primary"
                  onClick={() => {
                    setSaved(null);
                    setEditing(true);
                  }}
                >
                  Modifica<span className="visually-hidden"> il piano</span>
                </button>
              )}
              <a className="btn btn-outline-primary" href={api.planExportUrl(v.id, 'pdf')} download>
                Scarica PDF
              </a>
              <a className="btn btn-outline-primary" href={api.planExportUrl(v.id, 'docx')} download>
                Scarica DOCX
              </a>
            </div>
          )}

          {editing ? (
            <PlanEditor
              key={`${v.id}-${v.version}`}
              view={v}
              funds={funds}
              areas={rb?.thematic_areas ?? []}
              strategicObjectives={rb?.strategic_objectives ?? []}
              requiredSections={rb?.required_sections ?? []}
              onDirtyChange={onDirtyChange}
              onSaved={(res) => {
                setEditing(false);
                setSaved(res);
                view.reload();
              }}
              onCancel={() => {
                setEditing(false);
                setTimeout(() => editBtnRef.current?.focus(), 0);
              }}
              onReload={() => view.reload()}
            />
          ) : (
            <>
              <Tabs prefix="plan" label="Parti del piano" tabs={TABS} active={tab} onChange={setTab} />
              <div role="tabpanel" id={panelId('plan', tab)} aria-labelledby={tabId('plan', tab)} tabIndex={0} className="pdz-tabpanel">
                {tab === 'sezioni' && (
                  <>
                    {plan.sections.length === 0 && <p>Il piano non ha ancora sezioni.</p>}
                    {plan.sections.length > 0 && (
                      <nav aria-label="Indice delle sezioni" className="mb-4">
                        <p className="fw-semibold mb-1">Indice</p>
                        <ol>
                          {plan.sections.map((s, i) => (
                            <li key={i}>
                              <a href={`#sezione-${i + 1}`}>{s.title}</a>
                            </li>
                          ))}
                        </ol>
                      </nav>
                    )}
                    {plan.sections.map((s, i) => (
                      <section key={i} id={`sezione-${i + 1}`} aria-labelledby={`sezione-${i + 1}-title`} className="mb-4 pdz-plan-section">
                        <h2 id={`sezione-${i + 1}-title`} className="h4">
                          {s.title}
                        </h2>
                        {s.body.trim() ? <Markdown source={s.body} baseLevel={3} /> : <p className="text-muted">Sezione ancora vuota.</p>}
                        {canEdit && s.code === PREFILLED_SECTION && (
                          <SectionPrefill plan={v.id} code={s.code} version={v.version} filled={!!s.body.trim()} onDone={() => view.reload()} />
                        )}
                      </section>
                    ))}
                  </>
                )}
                {tab === 'obiettivi' && (
                  <>
                    <h2 className="h4">Obiettivi del piano</h2>
                    <p>
                      Per ogni obiettivo generale, gli obiettivi specifici con interventi, indicatori di esito, strumenti, risorse e
                      tempistica ({plan.objectives.length} obiettivi generali).
                    </p>
                    <PlanMatrix
                      plan={plan}
                      funds={fundNames}
                      tags={tagNames}
                    />
                  </>
                )}
                {tab === 'risorse' && <ResourceFrame plan={v.id} />}
                {tab === 'revisioni' && <Revisions id={v.id} latest={v.latest_revision ?? v.revision} />}
                {tab === 'iter' && <PlanLifecycle plan={v.id} onChanged={() => view.reload()} />}
                {tab === 'conformita' && <PlanCompliance plan={v.id} />}
                {tab === 'monitoraggio' && (
                  <PlanMonitoringView plan={v.id} status={v.status} statusLabel={planStatusLabel(v.status)} canEdit={canMonitor && isLatest} names={tagNames} />
                )}
                {tab === 'relazioni' && (
                  <PlanReports
                    plan={v.id}
                    status={v.status}
                    statusLabel={planStatusLabel(v.status)}
                    period={plan.period}
                    canEdit={canMonitor && isLatest}
                    canReview={canReview && isLatest}
                  />
                )}
                {tab === 'valutazione' && (
                  <PlanEvaluation plan={v.id} status={v.status} statusLabel={planStatusLabel(v.status)} periodTo={plan.period.to} canEdit={canMonitor && isLatest} />
                )}
              </div>
            </>
          )}
        </>
      )}
    </>
  );
}

