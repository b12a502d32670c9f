// Section "Premialità" of the ambito's page: its reward in every stored premialità esito of the region,
// newest first, each expandable into the trace (rule, act, amount, reason).
import { Fragment, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../api/labels';
import { formatEuro } from '../api/money';
import { premialitaApi, premialitaRunLink } from '../api/premialita';
import { api } from '../api/client';
import { rulesetBody, rulesetLink } from '../api/rulesets';
import type { RulesetBody } from '../api/types';
import { PremialitaLines } from './PremialitaResultView';
import { ErrorAlert, Loading } from './Status';
import { useApi } from './useApi';

export function AmbitoPremialita({ code, name }: { code: string; name: string }) {
  const r = useApi(() => premialitaApi.ambito(code), [code]);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const items = r.data?.items ?? [];
  // The rulesets (at the versions used) give the rules' titles in the trace; without them the rule's code is shown.
  const wanted = [...new Set(items.map((x) => `${x.ruleset}@${x.ruleset_version}`))].sort();
  const docs = useApi(
    () =>
      Promise.all(
        wanted.map((k) => {
          const [rs, v] = k.split('@');
          return api.ruleset(rs, Number(v)).then(
            (d): [string, RulesetBody | null] => [k, rulesetBody(d)],
            (): [string, RulesetBody | null] => [k, null],
          );
        }),
      ).then((pairs) => new Map(pairs)),
    [wanted.join(',')],
  );
  return (
    <section aria-labelledby="sez-premialita" className="mt-4">
      <h2 id="sez-premialita" className="h4">
        Premialità
      </h2>
      {r.loading && !r.data && <Loading />}
      {r.error !== null && <ErrorAlert error={r.error} />}
      {r.data && items.length === 0 && <p>Nessun esito di premialità salvato dalla Regione per questo ambito.</p>}
      {items.length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm" id="ambito-premialita">
            <caption>Premialità dell’ambito negli esiti salvati dalla Regione ({items.length}), dal più recente</caption>
            <thead>
              <tr>
                <th scope="col">Esito</th>
                <th scope="col">Linee guida</th>
                <th scope="col">Salvato il</th>
                <th scope="col" className="text-end">
                  Premialità dell’ambito
                </th>
                <th scope="col">
                  <span className="visually-hidden">Dettaglio</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => {
                const isOpen = open.has(x.id);
                const linesId = `ambito-premialita-lines-${x.id}`;
                return (
                  <Fragment key={x.id}>
                    <tr data-run={x.id}>
                      <th scope="row">
                        <Link to={premialitaRunLink(x.id)}>{x.title}</Link>
                      </th>
                      <td>
                        <Link to={rulesetLink(x.ruleset, x.ruleset_version)}>{x.act || x.ruleset}</Link>
                      </td>
                      <td>{formatDateTime(x.created_at)}</td>
                      <td className="text-end pdz-num" data-field="reward-total">
                        {formatEuro(x.reward.total_cents)}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="btn btn-link btn-sm p-0"
                          aria-expanded={isOpen}
                          aria-controls={linesId}
                          onClick={() => toggle(x.id)}
                        >
                          {isOpen ? 'Nascondi il calcolo' : 'Mostra il calcolo'}
                          <span className="visually-hidden"> dell’esito {x.title}</span>
                        </button>
                      </td>
                    </tr>
                    <tr id={linesId} hidden={!isOpen} className="pdz-trace">
                      <td colSpan={5}>
                        <PremialitaLines
                          lines={x.reward.lines}
                          body={docs.data?.get(`${x.ruleset}@${x.ruleset_version}`) ?? null}
                          caption={`Calcolo della premialità di ${name} nell’esito «${x.title}»`}
                        />
                      </td>
                    </tr>
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
