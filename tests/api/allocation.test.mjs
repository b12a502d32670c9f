// Fund allocation over HTTP: among the region's ambiti by population, explained, exact, with CSV export.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import XLSX from 'xlsx';
import { API, assertError, assertValidation, loginAs, show } from './lib/helpers.mjs';

describe('fund allocation', () => {
  let srv;
  let anon;
  before(async () => {
    srv = await startServer();
    anon = new Client(srv.url);
  });
  after(async () => { await srv?.stop(); });

  test('per-capita allocation of 1.000.000,00 € among the three demo ambiti, to the cent', async () => {
    const r = await anon.post(`${API}/regions/03/allocation`, { total_cents: 100000000, reference_date: '2020-01-01', fund: 'FNPS' });
    assert.equal(r.status, 200, show(r));
    const by = Object.fromEntries(r.json.ambiti.map((a) => [a.code, a]));
    assert.deepEqual(Object.keys(by).sort(), ['garbagnatese', 'medio-olona', 'rhodense']);
    assert.equal(by.rhodense.population, 167726);
    assert.equal(by.rhodense.total_cents, 39892684);
    assert.equal(by.garbagnatese.total_cents, 44657659);
    assert.equal(by['medio-olona'].total_cents, 15449657);
    assert.equal(r.json.ambiti.reduce((s, a) => s + a.total_cents, 0), 100000000);
    for (const a of r.json.ambiti) {
      assert.equal(a.lines.reduce((s, l) => s + l.amount_cents, 0), a.total_cents);
      assert.match(a.lines[0].reason, /abitanti/);
    }
  });

  test('a cut below the integration threshold is redistributed to the others', async () => {
    const r = await anon.post(`${API}/regions/03/allocation`, {
      total_cents: 10000000,
      method: { integration_threshold_bp: 2000, cut_bp: 1000, act: 'DGR di riparto (esempio)' },
      ambiti: [
        { code: 'rhodense', integration_bp: 1500 },
        { code: 'garbagnatese', integration_bp: 3000 },
        { code: 'medio-olona', integration_bp: 2500 },
      ],
    });
    assert.equal(r.status, 200, show(r));
    const rho = r.json.ambiti.find((a) => a.code === 'rhodense');
    const cut = rho.lines.find((l) => l.kind === 'decurtazione');
    assert.ok(cut && cut.amount_cents < 0, JSON.stringify(rho.lines));
    const back = r.json.ambiti.filter((a) => a.code !== 'rhodense')
      .flatMap((a) => a.lines.filter((l) => l.kind === 'redistribuzione')).reduce((s, l) => s + l.amount_cents, 0);
    assert.equal(back, -cut.amount_cents);
    assert.equal(r.json.ambiti.reduce((s, a) => s + a.total_cents, 0), 10000000);
  });

  test('CSV export with Italian decimal comma', async () => {
    const r = await anon.post(`${API}/regions/03/allocation?format=csv`, { total_cents: 100000000, reference_date: '2020-01-01' });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines[0], 'ambito;nome;voce;importo_euro;motivazione');
    assert.ok(lines.includes('rhodense;Rhodense;totale;398926,84;'), lines.join('\n'));
  });

  test('inputs that do not sum, unknown ambiti and bad fields are refused', async () => {
    assertValidation(await anon.post(`${API}/regions/03/allocation`,
      { total_cents: 100, method: { fixed_quota_cents: 100 } }), 'total_cents');
    assertValidation(await anon.post(`${API}/regions/03/allocation`,
      { total_cents: 100, ambiti: [{ code: 'nessuno', premialita_cents: 5 }] }), 'ambiti');
    assertValidation(await anon.post(`${API}/regions/03/allocation`, { total_cents: -5 }), 'total_cents');
    assertValidation(await anon.post(`${API}/regions/03/allocation`, { total_cents: '5' }), 'total_cents');
    assertError(await anon.post(`${API}/regions/99/allocation`, { total_cents: 5 }), 404, 'not_found');
  });

  test('with a ruleset the method is the act\'s: its parameters must be filled, its fixed values not overridden', async () => {
    const missing = await anon.post(`${API}/regions/03/allocation`, { total_cents: 10000000, ruleset: 'lombardia-2018-2020' });
    const e = assertValidation(missing, 'method.reward_pot_cents');
    assert.match(e.details[0].reason, /DGR 7631\/2017/);
    assertValidation(await anon.post(`${API}/regions/03/allocation`, {
      total_cents: 10000000, ruleset: 'lombardia-2018-2020', method: { reward_pot_cents: 1000000, cut_bp: 500 },
    }), 'method.cut_bp');
    const r = await anon.post(`${API}/regions/03/allocation`, {
      total_cents: 10000000, ruleset: 'lombardia-2018-2020', method: { reward_pot_cents: 1000000 },
      ambiti: [{ code: 'rhodense', premialita_cents: 3000000 }, { code: 'medio-olona', premialita_cents: 1000000 }],
    });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.method.act, 'DGR 7631/2017');
    assert.equal(r.json.ruleset, 'lombardia-2018-2020');
    const rho = r.json.ambiti.find((a) => a.code === 'rhodense');
    assert.equal(rho.lines.find((l) => l.kind === 'premialita').amount_cents, 750000);
    assert.match(rho.lines[0].reason, /DGR 7631\/2017/);
    assert.equal(r.json.ambiti.reduce((s, a) => s + a.total_cents, 0), 10000000);
  });

  test('age-band weighting: the per-capita quota follows the weighted population', async () => {
    const bands = { rhodense: { '0-64': 1000, '65+': 0 }, garbagnatese: { '0-64': 0, '65+': 1000 }, 'medio-olona': { '0-64': 1000, '65+': 1000 } };
    const r = await anon.post(`${API}/regions/03/allocation`, {
      total_cents: 4000000,
      method: { age_weights: [{ band: '0-64', weight_bp: 10000 }, { band: '65+', weight_bp: 30000 }] },
      ambiti: Object.entries(bands).map(([code, b]) => ({ code, bands: b })),
    });
    assert.equal(r.status, 200, show(r));
    const by = Object.fromEntries(r.json.ambiti.map((a) => [a.code, a.total_cents]));
    assert.deepEqual(by, { rhodense: 500000, garbagnatese: 1500000, 'medio-olona': 2000000 });
    assertValidation(await anon.post(`${API}/regions/03/allocation`, {
      total_cents: 100, method: { age_weights: [{ band: '65+', weight_bp: 20000 }] },
    }), 'ambiti[0].bands');
  });

  test('stored runs: only the Region saves them; listed, exported as XLSX, shown on each ambito', async () => {
    const body = { title: 'FNPS 2019 (prova)', fund: 'FNPS', year: 2019, total_cents: 100000000, reference_date: '2020-01-01' };
    assertError(await anon.post(`${API}/regions/03/allocations`, body), 401, 'unauthenticated');
    const udp = await loginAs(srv.url, 'udp.rhodense');
    assertError(await udp.post(`${API}/regions/03/allocations`, body), 403, 'forbidden');
    const region = await loginAs(srv.url, 'regione');
    assertValidation(await region.post(`${API}/regions/03/allocations`, { ...body, title: ' ' }), 'title');
    const saved = await region.post(`${API}/regions/03/allocations`, body);
    assert.equal(saved.status, 201, show(saved));
    const id = saved.json.id;
    assert.equal(saved.json.created_by, 'regione');
    const list = await anon.get(`${API}/regions/03/allocations`);
    assert.equal(list.json.items[0].id, id);
    assert.equal(list.json.items[0].title, 'FNPS 2019 (prova)');
    const one = await anon.get(`${API}/allocations/${id}`);
    assert.equal(one.status, 200, show(one));
    assert.deepEqual(one.json.ambiti, saved.json.ambiti);
    const x = await anon.get(`${API}/allocations/${id}?format=xlsx`, { binary: true });
    assert.equal(x.status, 200);
    const wb = XLSX.read(x.bytes, { type: 'buffer' });
    assert.deepEqual(wb.SheetNames, ['Riparto', 'Dettaglio']);
    const rows = XLSX.utils.sheet_to_json(wb.Sheets.Riparto);
    const rho = rows.find((row) => row.ambito === 'rhodense');
    assert.equal(Math.round(rho.importo * 100), 39892684);
    const share = await anon.get(`${API}/ambiti/rhodense/allocations`);
    assert.equal(share.status, 200, show(share));
    assert.equal(share.json.items[0].id, id);
    assert.equal(share.json.items[0].share.total_cents, 39892684);
    assertError(await anon.get(`${API}/allocations/999999`), 404, 'not_found');
  });

  test('a stored premialità run: shown on the ambito, and it weighs an allocation\'s reward pot', async () => {
    const facts = {
      ambiti: [
        { code: 'rhodense', ambito_distrettuale: true, adp_signed_on: '2018-06-30', objectives_reached: ['1', '3'] },
        { code: 'garbagnatese', ambito_distrettuale: true, adp_signed_on: '2019-03-01', objectives_reached: [] },
        { code: 'medio-olona', ambito_distrettuale: false, adp_signed_on: '2018-05-01', objectives_reached: ['1'] },
      ],
    };
    const region = await loginAs(srv.url, 'regione');
    const udp = await loginAs(srv.url, 'udp.rhodense');
    const body = { title: 'Premialità 2018-2020', facts, parameters: { budget: 100000000 } };
    assertError(await udp.post(`${API}/rulesets/lombardia-2018-2020/premialita/runs`, body), 403, 'forbidden');
    assertValidation(await region.post(`${API}/rulesets/lombardia-2018-2020/premialita/runs`, {
      ...body, facts: { ambiti: [{ code: 'altrove', ambito_distrettuale: true, adp_signed_on: '2018-06-30' }] },
    }), 'facts.ambiti[0].code');
    const run = await region.post(`${API}/rulesets/lombardia-2018-2020/premialita/runs`, body);
    assert.equal(run.status, 201, show(run));
    const by = Object.fromEntries(run.json.ambiti.map((a) => [a.code, a.total_cents]));
    assert.deepEqual(by, { rhodense: 5000000, garbagnatese: 1000000, 'medio-olona': 0 });
    const list = await anon.get(`${API}/regions/03/premialita-runs`);
    assert.equal(list.json.items[0].id, run.json.id);
    const mine = await anon.get(`${API}/ambiti/rhodense/premialita`);
    assert.equal(mine.status, 200, show(mine));
    assert.equal(mine.json.items[0].reward.total_cents, 5000000);
    assert.ok(mine.json.items[0].reward.lines.some((l) => /30\/06\/2018|2018-06-30/.test(l.reason)), JSON.stringify(mine.json.items[0].reward.lines));
    const alloc = await anon.post(`${API}/regions/03/allocation`, {
      total_cents: 10000000, reference_date: '2020-01-01', premialita_run: run.json.id, method: { reward_pot_cents: 600000 },
    });
    assert.equal(alloc.status, 200, show(alloc));
    const reward = (code) => alloc.json.ambiti.find((a) => a.code === code).lines.find((l) => l.kind === 'premialita').amount_cents;
    assert.deepEqual([reward('rhodense'), reward('garbagnatese'), reward('medio-olona')], [500000, 100000, 0]);
    assertValidation(await anon.post(`${API}/regions/03/allocation`, {
      total_cents: 100, premialita_run: run.json.id, ambiti: [{ code: 'rhodense', premialita_cents: 5 }],
    }), 'ambiti');
    assertValidation(await anon.post(`${API}/regions/03/allocation`, { total_cents: 100, premialita_run: 999 }), 'premialita_run');
  });

  test('premialità facts from the data: the AdP signature date of each ambito\'s plan, with its source', async () => {
    const r = await anon.get(`${API}/rulesets/lombardia-2021-2023/premialita/facts`);
    assert.equal(r.status, 200, show(r));
    const rho = r.json.facts.ambiti.find((a) => a.code === 'rhodense');
    assert.match(rho.adp_signed_on, /^\d{4}-\d{2}-\d{2}$/);
    const src = r.json.sources.find((x) => x.code === 'rhodense');
    assert.match(src.adp_signed_on, /Accordo di Programma del piano \d+/);
    // Garbagnatese has signatures missing: no date is taken.
    assert.equal(r.json.facts.ambiti.find((a) => a.code === 'garbagnatese').adp_signed_on, undefined);
    assert.deepEqual(r.json.to_fill, ['ambito_distrettuale', 'objectives_reached', 'policies']);
    // The facts feed the calculator as they are.
    const calc = await anon.post(`${API}/rulesets/lombardia-2021-2023/premialita`, { facts: r.json.facts });
    assert.ok([200, 422].includes(calc.status), show(calc));
    assertError(await anon.get(`${API}/rulesets/nessuno/premialita/facts`), 404, 'not_found');
  });
});
