// Rulesets and premialità over HTTP: shipped rulesets loaded at init, versioning, validation, the calculator.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client, sourceDir } from '../lib/server.mjs';
import { API, assertError, assertValidation, loginAs, show } from './lib/helpers.mjs';

describe('rulesets and premialità', () => {
  let srv;
  let anon;
  let admin;
  let udp;
  before(async () => {
    srv = await startServer();
    anon = new Client(srv.url);
    admin = await loginAs(srv.url, 'regione');
    udp = await loginAs(srv.url, 'udp.rhodense');
  });
  after(async () => { await srv?.stop(); });

  test('the four shipped rulesets are loaded, each citing its act', async () => {
    const r = await anon.get(`${API}/rulesets`);
    assert.equal(r.status, 200, show(r));
    assert.deepEqual(r.json.items.map((x) => x.code).sort(),
      ['calabria-2020-2022', 'lombardia-2015-2017', 'lombardia-2018-2020', 'lombardia-2021-2023']);
    const lo = r.json.items.find((x) => x.code === 'lombardia-2018-2020');
    assert.equal(lo.act, 'DGR 7631/2017');
    assert.deepEqual(lo.period, { from: '2018-01-01', to: '2020-12-31' });
    const cal = await anon.get(`${API}/rulesets?region=18`);
    assert.deepEqual(cal.json.items.map((x) => x.code), ['calabria-2020-2022']);
  });

  test('a ruleset shows the parameters the acts leave to the Region', async () => {
    const r = await anon.get(`${API}/rulesets/lombardia-2018-2020`);
    assert.equal(r.status, 200, show(r));
    assert.ok(r.json.parameters.includes('premialita.budget_cents'), JSON.stringify(r.json.parameters));
    assert.equal(r.json.body.premialita.cap_per_ambito_cents, 6000000);
    assertError(await anon.get(`${API}/rulesets/lombardia-2018`), 404, 'not_found');
  });

  test('premialità DGR 7631/2017: boundary dates and level 2 after level 1', async () => {
    const facts = { ambiti: [
      { code: 'A', ambito_distrettuale: true, adp_signed_on: '2018-06-30', objectives_reached: ['1', '2', '3'] },
      { code: 'B', ambito_distrettuale: true, adp_signed_on: '2018-07-01', objectives_reached: ['3'] },
      { code: 'C', ambito_distrettuale: true, adp_signed_on: '2020-01-01', objectives_reached: ['1'] },
    ] };
    const r = await anon.post(`${API}/rulesets/lombardia-2018-2020/premialita`, { facts });
    assert.equal(r.status, 200, show(r));
    const by = Object.fromEntries(r.json.ambiti.map((a) => [a.code, a]));
    assert.equal(by.A.total_cents, 6000000);
    assert.equal(by.B.total_cents, 2500000);
    assert.equal(by.C.total_cents, 0);
    assert.equal(r.json.total_cents, 8500000);
    const line = by.C.lines.find((l) => l.rule === 'livello-2-obiettivo-1');
    assert.equal(line.amount_cents, 0);
    assert.match(line.reason, /livello-1/);
    for (const a of r.json.ambiti) for (const l of a.lines) assert.ok(l.act.startsWith('DGR 7631/2017'), l.act);
  });

  test('a budget scales rewards down to the cent', async () => {
    const facts = { ambiti: [
      { code: 'A', ambito_distrettuale: true, adp_signed_on: '2018-01-10' },
      { code: 'B', ambito_distrettuale: true, adp_signed_on: '2018-01-10' },
      { code: 'C', ambito_distrettuale: true, adp_signed_on: '2018-01-10' },
    ] };
    const r = await anon.post(`${API}/rulesets/lombardia-2018-2020/premialita`, { facts, parameters: { budget: 1000000 } });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.total_cents, 1000000);
    assert.equal(r.json.claimed_cents, 9000000);
    assert.deepEqual(r.json.ambiti.map((a) => a.total_cents), [333334, 333333, 333333]);
  });

  test('bad facts get an error naming the field', async () => {
    assertValidation(await anon.post(`${API}/rulesets/lombardia-2018-2020/premialita`,
      { facts: { ambiti: [{ code: 'A', adp_signed_on: '2018-02-30' }] } }), 'facts.ambiti[0].adp_signed_on');
    assertValidation(await anon.post(`${API}/rulesets/lombardia-2018-2020/premialita`,
      { facts: { ambiti: [] }, parameters: { bugdet: 5 } }), 'parameters.bugdet');
    assertValidation(await anon.post(`${API}/rulesets/lombardia-2018-2020/premialita`,
      { facts: { ambiti: [{ code: 'A', objectives_reached: ['9'] }] } }), 'facts.ambiti[0].objectives_reached');
    assertValidation(await anon.post(`${API}/rulesets/lombardia-2018-2020/premialita`, {}), 'facts');
  });

  test('loading: only a region admin, a new version when changed, none when unchanged', async () => {
    const body = JSON.parse(readFileSync(join(sourceDir, 'data/rulesets/lombardia-2018-2020.json'), 'utf8'));
    assertError(await anon.post(`${API}/rulesets`, body), 401, 'unauthenticated');
    assertError(await udp.post(`${API}/rulesets`, body), 403, 'forbidden');
    const same = await admin.post(`${API}/rulesets`, body);
    assert.equal(same.status, 201, show(same));
    assert.equal(same.json.unchanged, true);
    assert.equal(same.json.version, 1);
    body.premialita.budget_cents = 500000000;
    const changed = await admin.post(`${API}/rulesets`, body);
    assert.equal(changed.json.version, 2);
    const doc = await anon.get(`${API}/rulesets/lombardia-2018-2020`);
    assert.deepEqual(doc.json.versions, [1, 2]);
    assert.ok(!doc.json.parameters.includes('premialita.budget_cents'));
    const old = await anon.get(`${API}/rulesets/lombardia-2018-2020?version=1`);
    assert.equal(old.json.body.premialita.budget_cents, null);
  });

  test('a bad ruleset is refused whole, every problem named', async () => {
    const body = JSON.parse(readFileSync(join(sourceDir, 'data/rulesets/lombardia-2018-2020.json'), 'utf8'));
    body.colour = 'red';
    delete body.premialita.rules[1].act;
    body.premialita.rules[0].tiers[1].from = '2018-06-01';
    const e = assertError(await admin.post(`${API}/rulesets`, body), 422, 'validation_failed');
    const fields = e.details.map((d) => d.field);
    for (const f of ['colour', 'premialita.rules[1].act', 'premialita.rules[0].tiers[1]']) assert.ok(fields.includes(f), JSON.stringify(fields));
    const doc = await anon.get(`${API}/rulesets/lombardia-2018-2020`);
    assert.equal(doc.json.body.colour, undefined);
  });
});
