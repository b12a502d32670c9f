// Public territory reads (regions, agencies, ambiti, comuni), as_of, merges and memberships.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { API, addDays, assertError, assertList, codes, isoDate, loginAs, maxDate, show } from './lib/helpers.mjs';

const EXPECTED = { rhodense: 9, garbagnatese: 8, 'medio-olona': 7 };

describe('territory reads', () => {
  let srv;
  let anon;
  before(async () => { srv = await startServer(); anon = new Client(srv.url); });
  after(async () => { await srv?.stop(); });

  test('regions: Lombardia 03 with comuni_count and population', async () => {
    const b = assertList(await anon.get(`${API}/regions`));
    const lom = b.items.find((x) => x.code === '03');
    assert.ok(lom, `region 03 missing: ${JSON.stringify(codes(b.items))}`);
    assert.equal(lom.name, 'Lombardia');
    assert.ok(Number.isInteger(lom.comuni_count) && lom.comuni_count >= 24, `comuni_count ${lom.comuni_count}`);
    assert.ok(Number.isInteger(lom.population) && lom.population > 0);
  });

  test('region detail lists its agencies', async () => {
    const r = await anon.get(`${API}/regions/03`);
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.code, '03');
    const ag = codes(r.json.agencies);
    assert.ok(ag.includes('ats-milano') && ag.includes('ats-insubria'), JSON.stringify(ag));
  });

  test('agencies: list, region filter, shape', async () => {
    const b = assertList(await anon.get(`${API}/agencies?region=03`));
    const milano = b.items.find((x) => x.code === 'ats-milano');
    assert.ok(milano, JSON.stringify(codes(b.items)));
    assert.equal(milano.kind, 'ATS');
    assert.match(milano.name, /Città Metropolitana di Milano/);
    assert.ok(Array.isArray(milano.districts));
    assert.ok(b.items.some((x) => x.code === 'ats-insubria'));
    const none = assertList(await anon.get(`${API}/agencies?region=99`));
    assert.equal(none.total, 0);
    assert.deepEqual(none.items, []);
  });

  test('agency detail: ats-milano has rhodense and garbagnatese, not medio-olona; ambiti_count agrees', async () => {
    const r = await anon.get(`${API}/agencies/ats-milano`);
    assert.equal(r.status, 200, show(r));
    const a = codes(r.json.ambiti);
    assert.ok(a.includes('rhodense') && a.includes('garbagnatese'), JSON.stringify(a));
    assert.ok(!a.includes('medio-olona'));
    assert.equal(r.json.ambiti_count, r.json.ambiti.length);
    const ins = await anon.get(`${API}/agencies/ats-insubria`);
    assert.equal(ins.status, 200, show(ins));
    assert.ok(codes(ins.json.ambiti).includes('medio-olona'));
  });

  test('ambiti list: all three demo ambiti, with the AmbitoSummary shape', async () => {
    const b = assertList(await anon.get(`${API}/ambiti`));
    for (const code of Object.keys(EXPECTED)) {
      const a = b.items.find((x) => x.code === code);
      assert.ok(a, `${code} missing`);
      assert.equal(a.comuni_count, EXPECTED[code], `${code} comuni_count`);
      for (const k of ['code', 'name', 'region', 'agency', 'district', 'valid_from', 'valid_to', 'merged_into', 'capofila', 'comuni_count', 'population']) {
        assert.ok(k in a, `${code} lacks ${k}`);
      }
      assert.match(a.valid_from, isoDate);
      assert.equal(a.valid_to, null);
      assert.equal(a.merged_into, null);
      assert.equal(typeof a.capofila.name, 'string');
      assert.equal(typeof a.capofila.type, 'string');
    }
    assert.equal(b.items.find((x) => x.code === 'rhodense').agency.code, 'ats-milano');
    assert.equal(b.items.find((x) => x.code === 'medio-olona').agency.code, 'ats-insubria');
  });

  test('ambiti filters: agency, region, q', async () => {
    const ins = assertList(await anon.get(`${API}/ambiti?agency=ats-insubria`));
    assert.ok(codes(ins.items).includes('medio-olona'));
    assert.ok(ins.items.every((x) => x.agency.code === 'ats-insubria'), JSON.stringify(codes(ins.items)));
    assert.equal(ins.total, ins.items.length);
    const reg = assertList(await anon.get(`${API}/ambiti?region=03`));
    for (const c of Object.keys(EXPECTED)) assert.ok(codes(reg.items).includes(c), c);
    assert.equal(assertList(await anon.get(`${API}/ambiti?region=99`)).total, 0);
    const q = assertList(await anon.get(`${API}/ambiti?q=RHOD`));
    assert.ok(codes(q.items).includes('rhodense'), 'q is case-insensitive');
    assert.ok(!codes(q.items).includes('garbagnatese'));
    assert.ok(!codes(q.items).includes('medio-olona'));
  });

  test('pagination: limit, offset and total', async () => {
    const all = assertList(await anon.get(`${API}/ambiti?limit=500`), { limit: 500 });
    assert.ok(all.total >= 3);
    assert.equal(all.items.length, all.total);
    const p1 = assertList(await anon.get(`${API}/ambiti?limit=1&offset=0`), { limit: 1, offset: 0 });
    const p2 = assertList(await anon.get(`${API}/ambiti?limit=1&offset=1`), { limit: 1, offset: 1 });
    assert.equal(p1.items.length, 1);
    assert.equal(p2.items.length, 1);
    assert.equal(p1.total, all.total);
    assert.equal(p2.total, all.total);
    assert.equal(p1.items[0].code, all.items[0].code, 'pages follow the same order');
    assert.equal(p2.items[0].code, all.items[1].code);
    const past = assertList(await anon.get(`${API}/ambiti?limit=10&offset=${all.total}`), { limit: 10, offset: all.total });
    assert.deepEqual(past.items, []);
    assert.equal(past.total, all.total);
    const c2 = assertList(await anon.get(`${API}/comuni?limit=2&offset=3`), { limit: 2, offset: 3 });
    assert.equal(c2.items.length, 2);
  });

  test('pagination: nonsense limit/offset get 422 validation_failed naming the parameter', async () => {
    for (const [qs, field] of [['limit=0', 'limit'], ['limit=-1', 'limit'], ['limit=abc', 'limit'], ['offset=-1', 'offset'], ['offset=x', 'offset']]) {
      const r = await anon.get(`${API}/ambiti?${qs}`);
      const e = assertError(r, 422, 'validation_failed');
      assert.ok(e.details.some((d) => d.field === field), `${qs}: ${show(r)}`);
    }
  });

  test('pagination: limit above 500 is refused (422) or capped at 500, never more', async () => {
    const r = await anon.get(`${API}/comuni?limit=100000`);
    if (r.status === 200) assert.equal(r.json.limit, 500, show(r));
    else assertError(r, 422, 'validation_failed');
  });

  for (const [code, n] of Object.entries(EXPECTED)) {
    test(`ambito ${code} has ${n} comuni`, async () => {
      const r = await anon.get(`${API}/ambiti/${code}`);
      assert.equal(r.status, 200, show(r));
      const a = r.json;
      assert.equal(a.code, code);
      assert.equal(a.comuni.length, n, JSON.stringify(a.comuni.map((c) => c.name)));
      assert.equal(a.comuni_count, n);
      assert.ok(Number.isInteger(a.version));
      assert.ok(Array.isArray(a.merged_from));
      assert.match(a.as_of, isoDate);
      assert.equal(new Set(a.comuni.map((c) => c.istat_code)).size, n, 'duplicate comuni');
      for (const c of a.comuni) {
        assert.match(c.istat_code, /^\d{6}$/);
        for (const k of ['name', 'province', 'population', 'population_year']) assert.ok(k in c, `${c.istat_code} lacks ${k}`);
      }
      const sum = a.comuni.reduce((s, c) => s + (c.population || 0), 0);
      assert.equal(a.population, sum, 'ambito population = sum of its comuni');
    });
  }

  test('Rhodense contains Rho 015182; capofila Sercop; Ufficio di Piano present', async () => {
    const a = (await anon.get(`${API}/ambiti/rhodense`)).json;
    const rho = a.comuni.find((c) => c.istat_code === '015182');
    assert.ok(rho, 'Rho missing');
    assert.equal(rho.name, 'Rho');
    assert.equal(a.capofila.type, 'azienda_speciale_consortile');
    assert.match(a.capofila.name, /Sercop/i);
    assert.ok('ufficio_di_piano' in a);
  });

  test('comuni list: ambito filter and q; comune has its ambito', async () => {
    const b = assertList(await anon.get(`${API}/comuni?ambito=rhodense`));
    assert.equal(b.total, 9);
    assert.ok(b.items.every((c) => c.ambito && c.ambito.code === 'rhodense'));
    const q = assertList(await anon.get(`${API}/comuni?q=rho`));
    const rho = q.items.find((c) => c.istat_code === '015182');
    assert.ok(rho, 'q=rho does not find Rho');
    for (const k of ['istat_code', 'name', 'province', 'province_code', 'region', 'region_code', 'population', 'population_year', 'ambito']) {
      assert.ok(k in rho, `comune lacks ${k}`);
    }
    assert.equal(rho.region_code, '03');
    assert.deepEqual({ code: rho.ambito.code }, { code: 'rhodense' });
    const reg = assertList(await anon.get(`${API}/comuni?region=03&limit=1`), { limit: 1 });
    assert.ok(reg.total >= 24);
  });

  test('comune detail: Rho with populations and memberships', async () => {
    const r = await anon.get(`${API}/comuni/015182`);
    assert.equal(r.status, 200, show(r));
    const c = r.json;
    assert.equal(c.istat_code, '015182');
    assert.equal(c.name, 'Rho');
    assert.equal(c.region_code, '03');
    assert.equal(c.ambito.code, 'rhodense');
    assert.ok(Array.isArray(c.populations) && c.populations.length >= 1, 'no populations');
    for (const p of c.populations) {
      assert.ok(Number.isInteger(p.year) && Number.isInteger(p.value) && p.value > 0, JSON.stringify(p));
    }
    assert.ok(c.populations.some((p) => p.year === c.population_year && p.value === c.population), 'population is one of populations');
    assert.ok(Array.isArray(c.memberships));
    const open = c.memberships.filter((m) => m.valid_to === null);
    assert.equal(open.length, 1, JSON.stringify(c.memberships));
    assert.equal(open[0].ambito.code, 'rhodense');
    assert.match(open[0].valid_from, isoDate);
  });

  test('unknown codes: 404 not_found with the error shape', async () => {
    for (const p of ['/regions/99', '/agencies/ats-nowhere', '/ambiti/rodense', '/ambiti/rodense/history', '/comuni/999999']) {
      assertError(await anon.get(API + p), 404, 'not_found');
    }
  });

  test('as_of before an ambito existed: no comuni, or not listed', async () => {
    const a = (await anon.get(`${API}/ambiti/rhodense`)).json;
    const early = addDays(a.valid_from, -1);
    const l = assertList(await anon.get(`${API}/ambiti?as_of=${early}`));
    assert.ok(!codes(l.items).includes('rhodense'), `rhodense listed on ${early}, before its valid_from ${a.valid_from}`);
    const inc = assertList(await anon.get(`${API}/ambiti?as_of=${early}&include_closed=true`));
    assert.ok(codes(inc.items).includes('rhodense'), 'include_closed lists it');
  });

  test('malformed as_of: 422 validation_failed naming as_of', async () => {
    const r = await anon.get(`${API}/ambiti?as_of=2019-02-30`);
    assertError(r, 422, 'validation_failed');
    assert.ok(r.json.error.details.some((d) => d.field === 'as_of'), show(r));
  });

  test('history of rhodense: its 9 open memberships', async () => {
    const r = await anon.get(`${API}/ambiti/rhodense/history`);
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.items.length, 9);
    for (const m of r.json.items) {
      assert.match(m.istat_code, /^\d{6}$/);
      assert.equal(typeof m.name, 'string');
      assert.match(m.valid_from, isoDate);
      assert.equal(m.valid_to, null);
    }
  });

  test('roles are public', async () => {
    const r = await anon.get(`${API}/roles`);
    assert.equal(r.status, 200, show(r));
    const byRole = Object.fromEntries(r.json.items.map((x) => [x.role, x]));
    assert.deepEqual(Object.keys(byRole).sort(), ['ats_operator', 'comune_referent', 'region_admin', 'third_sector', 'udp_editor', 'viewer']);
    assert.deepEqual(byRole.region_admin.scope_kinds, ['region']);
    assert.deepEqual(byRole.udp_editor.scope_kinds, ['ambito']);
    assert.deepEqual(byRole.comune_referent.scope_kinds, ['comune']);
    assert.deepEqual([...byRole.viewer.scope_kinds].sort(), ['agency', 'ambito', 'region']);
  });
});

describe('territory writes: merge and memberships', () => {
  let srv;
  let anon;
  let admin;
  let D; // merge date
  let before0;
  before(async () => {
    srv = await startServer();
    anon = new Client(srv.url);
    admin = await loginAs(srv.url, 'regione');
    const rh = (await anon.get(`${API}/ambiti/rhodense`)).json;
    const ga = (await anon.get(`${API}/ambiti/garbagnatese`)).json;
    const hist = [...(await anon.get(`${API}/ambiti/rhodense/history`)).json.items,
      ...(await anon.get(`${API}/ambiti/garbagnatese/history`)).json.items];
    D = maxDate('2024-01-01', addDays(maxDate(rh.valid_from, ga.valid_from, ...hist.map((m) => m.valid_from)), 1));
    before0 = { rh, ga };
  });
  after(async () => { await srv?.stop(); });

  const merge = (over = {}) => ({
    code: 'rhodense-garbagnatese',
    name: 'Rhodense e Garbagnatese',
    agency: 'ats-milano',
    valid_from: D,
    sources: ['rhodense', 'garbagnatese'],
    capofila: { name: 'Sercop', type: 'azienda_speciale_consortile' },
    ...over,
  });

  test('merge refused to a udp_editor (403 forbidden), nothing changes', async () => {
    const udp = await loginAs(srv.url, 'udp.rhodense');
    assertError(await udp.post(`${API}/ambiti/merge`, merge()), 403, 'forbidden');
    assertError(await anon.get(`${API}/ambiti/rhodense-garbagnatese`), 404, 'not_found');
    assert.deepEqual((await anon.get(`${API}/ambiti/rhodense`)).json, before0.rh);
  });

  test('merge with an unknown source is refused and writes nothing', async () => {
    const r = await admin.post(`${API}/ambiti/merge`, merge({ sources: ['rhodense', 'no-such-ambito'] }));
    assert.ok([404, 422].includes(r.status), show(r));
    assertError(r, r.status, r.status === 404 ? 'not_found' : 'validation_failed');
    assertError(await anon.get(`${API}/ambiti/rhodense-garbagnatese`), 404, 'not_found');
    assert.deepEqual((await anon.get(`${API}/ambiti/rhodense`)).json, before0.rh);
  });

  test('region_admin merges rhodense + garbagnatese: 201, 17 comuni, merged_from', async () => {
    const r = await admin.post(`${API}/ambiti/merge`, merge());
    assert.equal(r.status, 201, show(r));
    assert.equal(r.json.code, 'rhodense-garbagnatese');
    assert.deepEqual([...r.json.merged_from].sort(), ['garbagnatese', 'rhodense']);
    assert.equal(r.json.valid_from, D);
    assert.equal(r.json.valid_to, null);
    assert.equal(r.json.agency.code, 'ats-milano');
  });

  test('creating an ambito with an existing code: 409 conflict, nothing written', async () => {
    const r = await admin.post(`${API}/ambiti`, {
      code: 'rhodense-garbagnatese', name: 'Doppione', agency: 'ats-milano', valid_from: D,
      capofila: { name: 'X', type: 'comune' },
    });
    assertError(r, 409, 'conflict');
    assert.equal((await anon.get(`${API}/ambiti/rhodense-garbagnatese`)).json.name, 'Rhodense e Garbagnatese');
  });

  test('as_of the day before: the old ambiti with their comuni, not the new one', async () => {
    const dayBefore = addDays(D, -1);
    const l = assertList(await anon.get(`${API}/ambiti?as_of=${dayBefore}`));
    assert.ok(codes(l.items).includes('rhodense') && codes(l.items).includes('garbagnatese'), JSON.stringify(codes(l.items)));
    assert.ok(!codes(l.items).includes('rhodense-garbagnatese'));
    const rh = (await anon.get(`${API}/ambiti/rhodense?as_of=${dayBefore}`)).json;
    assert.equal(rh.comuni.length, 9);
    assert.equal(rh.as_of, dayBefore);
    const rho = (await anon.get(`${API}/comuni?q=rho&as_of=${dayBefore}`)).json.items.find((c) => c.istat_code === '015182');
    assert.equal(rho.ambito.code, 'rhodense');
  });

  test('as_of the merge date and today: the new ambito with 17 comuni, the old ones gone', async () => {
    for (const q of [`?as_of=${D}`, '']) {
      const l = assertList(await anon.get(`${API}/ambiti${q}`));
      assert.ok(codes(l.items).includes('rhodense-garbagnatese'), `${q}: ${JSON.stringify(codes(l.items))}`);
      assert.ok(!codes(l.items).includes('rhodense') && !codes(l.items).includes('garbagnatese'), q);
      const n = (await anon.get(`${API}/ambiti/rhodense-garbagnatese${q}`)).json;
      assert.equal(n.comuni.length, 17, q);
      assert.equal(n.comuni_count, 17, q);
      assert.ok(n.comuni.some((c) => c.istat_code === '015182'));
      assert.equal(n.population, before0.rh.population + before0.ga.population, 'population of the merged ambito');
    }
    const rho = (await anon.get(`${API}/comuni/015182`)).json;
    assert.equal(rho.ambito.code, 'rhodense-garbagnatese');
  });

  test('sources closed the day before, merged_into set; listed with include_closed', async () => {
    for (const code of ['rhodense', 'garbagnatese']) {
      const a = (await anon.get(`${API}/ambiti/${code}`)).json;
      assert.equal(a.valid_to, addDays(D, -1), `${code} valid_to`);
      assert.equal(a.merged_into, 'rhodense-garbagnatese', `${code} merged_into`);
    }
    const l = assertList(await anon.get(`${API}/ambiti?include_closed=true`));
    const rh = l.items.find((x) => x.code === 'rhodense');
    assert.ok(rh, 'include_closed lists rhodense');
    assert.equal(rh.merged_into, 'rhodense-garbagnatese');
  });

  test('history and memberships record the move', async () => {
    const old = (await anon.get(`${API}/ambiti/rhodense/history`)).json.items;
    assert.equal(old.length, 9);
    assert.ok(old.every((m) => m.valid_to === addDays(D, -1)), JSON.stringify(old));
    const neu = (await anon.get(`${API}/ambiti/rhodense-garbagnatese/history`)).json.items;
    assert.equal(neu.length, 17);
    assert.ok(neu.every((m) => m.valid_from === D && m.valid_to === null), JSON.stringify(neu));
    const rho = (await anon.get(`${API}/comuni/015182`)).json;
    const byAmbito = Object.fromEntries(rho.memberships.map((m) => [m.ambito.code, m]));
    assert.equal(byAmbito.rhodense.valid_to, addDays(D, -1));
    assert.equal(byAmbito['rhodense-garbagnatese'].valid_from, D);
    assert.equal(byAmbito['rhodense-garbagnatese'].valid_to, null);
  });

  test('a comune into a second ambito on an overlapping date: 409 membership_overlap, nothing written', async () => {
    const rhoBefore = (await anon.get(`${API}/comuni/015182`)).json;
    const moBefore = (await anon.get(`${API}/ambiti/medio-olona`)).json;
    const moHist = (await anon.get(`${API}/ambiti/medio-olona/history`)).json;
    const r = await admin.post(`${API}/ambiti/medio-olona/comuni`, { istat_code: '015182', valid_from: addDays(D, 10) });
    assertError(r, 409, 'membership_overlap');
    assert.deepEqual((await anon.get(`${API}/comuni/015182`)).json, rhoBefore);
    assert.deepEqual((await anon.get(`${API}/ambiti/medio-olona`)).json, moBefore);
    assert.deepEqual((await anon.get(`${API}/ambiti/medio-olona/history`)).json, moHist);
    // A period that only partly overlaps is refused too.
    const partial = await admin.post(`${API}/ambiti/medio-olona/comuni`,
      { istat_code: '015182', valid_from: addDays(D, -400), valid_to: addDays(D, -300) });
    assertError(partial, 409, 'membership_overlap');
    assert.deepEqual((await anon.get(`${API}/comuni/015182`)).json, rhoBefore);
  });

  test('create an ambito, then add a comune without overlap: 201, visible in history and memberships', async () => {
    const created = await admin.post(`${API}/ambiti`, {
      code: 'ambito-prova', name: 'Ambito di prova', agency: 'ats-insubria', valid_from: '1990-01-01',
      capofila: { name: 'Comune di Prova', type: 'comune' },
    });
    assert.equal(created.status, 201, show(created));
    assert.equal(created.json.code, 'ambito-prova');
    assert.deepEqual(created.json.comuni, []);
    assert.ok(Number.isInteger(created.json.version));
    // Rho, for a closed period ending the day before its first membership.
    const rho = (await anon.get(`${API}/comuni/015182`)).json;
    const first = rho.memberships.map((m) => m.valid_from).sort()[0];
    const to = addDays(first, -1);
    const from = addDays(first, -365);
    const r = await admin.post(`${API}/ambiti/ambito-prova/comuni`, { istat_code: '015182', valid_from: from, valid_to: to });
    assert.equal(r.status, 201, show(r));
    const h = (await anon.get(`${API}/ambiti/ambito-prova/history`)).json.items;
    assert.deepEqual(h.map((m) => [m.istat_code, m.valid_from, m.valid_to]), [['015182', from, to]]);
    const after1 = (await anon.get(`${API}/comuni/015182`)).json;
    assert.equal(after1.memberships.length, rho.memberships.length + 1);
    assert.equal(after1.ambito.code, 'rhodense-garbagnatese', 'today unchanged');
    const then = (await anon.get(`${API}/ambiti/ambito-prova?as_of=${from}`)).json;
    assert.deepEqual(then.comuni.map((c) => c.istat_code), ['015182']);
  });

  test('adding a comune is for the region_admin only', async () => {
    const udp = await loginAs(srv.url, 'udp.medioolona');
    assertError(await udp.post(`${API}/ambiti/medio-olona/comuni`, { istat_code: '015182', valid_from: '1980-01-01', valid_to: '1980-12-31' }), 403, 'forbidden');
    assertError(await anon.post(`${API}/ambiti/medio-olona/comuni`, { istat_code: '015182', valid_from: '1980-01-01', valid_to: '1980-12-31' }), 401, 'unauthenticated');
    const h = (await anon.get(`${API}/ambiti/medio-olona/history`)).json.items;
    assert.ok(!h.some((m) => m.istat_code === '015182'));
  });

  describe('territory import', () => {
    const file = (ambito) => ({
      format: 'pdz-territory/1',
      ambiti: [{
        code: 'ambito-importato', name: 'Ambito importato', region: '03', agency: 'ats-insubria',
        valid_from: '2030-01-01', capofila: { name: 'Comune di Agra', type: 'comune' }, comuni: ['012001'], ...ambito,
      }],
    });

    test('a file with an error: 422 naming the JSON path, nothing imported', async () => {
      const r = await admin.post(`${API}/territory/import`, file({ comuni: ['012001', 'abc'] }));
      const e = assertError(r, 422, 'validation_failed');
      assert.ok(e.details.some((d) => d.field === 'ambiti[0].comuni[1]'), show(r));
      const t = await admin.post(`${API}/territory/import`, file({ capofila: { name: 'X', type: 'boh' } }));
      assert.ok(assertError(t, 422, 'validation_failed').details.some((d) => d.field === 'ambiti[0].capofila.type'), show(t));
      assertError(await anon.get(`${API}/ambiti/ambito-importato`), 404, 'not_found');
    });

    test('only the region_admin imports, even an empty file', async () => {
      const empty = { format: 'pdz-territory/1' };
      assertError(await anon.post(`${API}/territory/import`, empty), 401, 'unauthenticated');
      assertError(await anon.post(`${API}/territory/import`, file({})), 401, 'unauthenticated');
      for (const u of ['udp.rhodense', 'ats.milano']) {
        const c = await loginAs(srv.url, u);
        assertError(await c.post(`${API}/territory/import`, empty), 403, 'forbidden');
        assertError(await c.post(`${API}/territory/import`, file({})), 403, 'forbidden');
      }
      assertError(await anon.get(`${API}/ambiti/ambito-importato`), 404, 'not_found');
    });

    test('the region_admin imports a file: {"imported":{counts}}, the ambito exists', async () => {
      const r = await admin.post(`${API}/territory/import`, file({}));
      assert.equal(r.status, 200, show(r));
      assert.ok(r.json.imported && typeof r.json.imported === 'object', `no "imported" counts: ${show(r)}`);
      assert.ok(Object.values(r.json.imported).every(Number.isInteger));
      assert.equal(r.json.imported.ambiti, 1);
      const a = await anon.get(`${API}/ambiti/ambito-importato?as_of=2030-01-01`);
      assert.equal(a.status, 200, show(a));
      assert.deepEqual(a.json.comuni.map((c) => c.istat_code), ['012001']);
    });
  });
});
