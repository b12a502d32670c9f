// One stored premialità esito: who decided it and when, under which ruleset version, the totals against the
// budget, every ambito's reward with the trace (rule, act, amount, reason), the CSV of the trace.
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import { allocationsLink } from '../api/finance';
import { formatDateTime } from '../api/labels';
import { premialitaApi } from '../api/premialita';
import { calculatorLink, rulesetBody, rulesetLink } from '../api/rulesets';
import { hasRole } from '../auth/permissions';
import { useSession } from '../auth/session';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageTitle } from '../components/PageTitle';
import { downloadCsv, PremialitaResultTable, PremialitaTotals } from '../components/PremialitaResultView';
import { ErrorAlert, Loading } from '../components/Status';
import { useApi } from '../components/useApi';

export function PremialitaRunPage() {
  const { id: idParam = '' } = useParams();
  const id = Number(idParam);
  const { user } = useSession();
  const run = useApi(() => premialitaApi.run(id), [id]);
  const r = run.data;
  // The ruleset as it was when the esito was computed: the rules' titles for the trace.
  const doc = useApi(() => (r ? api.ruleset(r.ruleset, r.ruleset_version) : Promise.resolve(null)), [r?.ruleset, r?.ruleset_version]);
  const ambiti = useApi(() => (r ? api.ambiti({ region: r.region, limit: 500 }) : Promise.resolve(null)), [r?.region]);
  const body = doc.data ? rulesetBody(doc.data) : null;
  const names = new Map((ambiti.data?.items ?? []).map((a) => [a.code, a.name]));
  const nameOf = (c: string) => names.get(c) ?? c;
  const mayAllocate = !!r && hasRole(user, 'region_admin', 'region', r.region);

  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Home', to: '/' },
          { label: 'Regole', to: '/regole' },
          ...(r
            ? [
                { label: body?.title ?? r.ruleset, to: rulesetLink(r.ruleset) },
                { label: 'Calcolo della premialità', to: calculatorLink(r.ruleset) },
              ]
            : []),
          { label: r?.title ?? 'Esito di premialità' },
        ]}
      />
      <PageTitle title={r ? `Esito di premialità: ${r.title}` : 'Esito di premialità'} />
      {run.loading && !r && <Loading />}
      {run.error !== null && <ErrorAlert error={run.error} />}
      {r && (
        <>
          <p>
            Esito salvato dalla Regione: la premialità di ogni ambito come è stata decisa, con il dettaglio del calcolo.
            Non cambia se le regole vengono aggiornate.
          </p>
          <dl className="row pdz-dl" id="run-head">
            <div className="col-sm-6">
              <dt>Linee guida</dt>
              <dd>
                <Link to={rulesetLink(r.ruleset, r.ruleset_version)}>
                  {body?.title ?? r.ruleset}, versione {r.ruleset_version}
                </Link>
                {r.act && <> ({r.act})</>}
              </dd>
            </div>
            <div className="col-sm-6">
              <dt>Salvato</dt>
              <dd data-field="run-saved">
                {formatDateTime(r.created_at)}, {r.created_by}
              </dd>
            </div>
          </dl>
          {doc.error !== null && <ErrorAlert error={doc.error} title="Linee guida non disponibili: le regole sono indicate con il loro codice." />}
          <section aria-labelledby="run-result" className="mt-3">
            <h2 id="run-result" className="h4">
              Premialità per ambito
            </h2>
            <PremialitaTotals result={r} />
            {ambiti.loading && !ambiti.data && <Loading label="Caricamento dei nomi degli ambiti…" />}
            <PremialitaResultTable
              result={r}
              body={body}
              nameOf={nameOf}
              id="run-results"
              tracePrefix="run-trace-"
              caption={`Premialità per ambito (${r.ambiti.length}) – ${r.act ?? r.ruleset}, versione ${r.version ?? r.ruleset_version}`}
              linkAmbiti
            />
            <div className="d-flex flex-wrap gap-2 mb-3">
              <button type="button" className="btn btn-outline-primary" onClick={() => downloadCsv(r, r.id)}>
                Scarica CSV
              </button>
              {mayAllocate && (
                <Link className="btn btn-outline-primary" to={allocationsLink(r.region)}>
                  Usa l’esito in un riparto
                </Link>
              )}
            </div>
          </section>
          <p>
            <Link to={calculatorLink(r.ruleset)}>Tutti gli esiti salvati e il calcolo della premialità</Link>
          </p>
        </>
      )}
    </>
  );
}
