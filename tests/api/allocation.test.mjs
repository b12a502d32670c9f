// Fund allocation over HTTP: among the region's ambiti by population, explained, exact, with CSV export.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { API, assertError, assertValidation, show } from './lib/helpers.mjs';

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
});
