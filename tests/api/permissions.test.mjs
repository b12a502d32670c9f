// Who may do what: roles scoped to the territory, checked on every route, nothing written on refusal.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { API, assertError, loginAs, show } from './lib/helpers.mjs';

describe('permissions', () => {
  let srv;
  let anon;
  let as; // username -> logged-in client
  before(async () => {
    srv = await startServer();
    anon = new Client(srv.url);
    as = {};
    for (const u of ['regione', 'ats.milano', 'udp.rhodense', 'udp.garbagnatese', 'udp.medioolona', 'comune.rho', 'terzosettore.medioolona']) {
      as[u] = await loginAs(srv.url, u);
    }
  });
  after(async () => { await srv?.stop(); });

  const read = async (code) => (await anon.get(`${API}/ambiti/${code}`)).json;
  const udpOf = (a, phone) => ({ ...(a.ufficio_di_piano || {}), phone });

  test('udp.rhodense can PATCH rhodense (Ufficio di Piano): 200, version increases', async () => {
    const a = await read('rhodense');
    const r = await as['udp.rhodense'].patch(`${API}/ambiti/rhodense`, { version: a.version, ufficio_di_piano: udpOf(a, '02 9999 0001') });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.ufficio_di_piano.phone, '02 9999 0001');
    assert.ok(r.json.version > a.version, 'version not incremented');
    const now = await read('rhodense');
    assert.equal(now.ufficio_di_piano.phone, '02 9999 0001');
    assert.equal(now.version, r.json.version);
  });

  test('udp.rhodense can change the capofila of rhodense', async () => {
    const a = await read('rhodense');
    const r = await as['udp.rhodense'].patch(`${API}/ambiti/rhodense`, { version: a.version, capofila: { name: 'Sercop ASC', type: 'azienda_speciale_consortile' } });
    assert.equal(r.status, 200, show(r));
    assert.equal((await read('rhodense')).capofila.name, 'Sercop ASC');
  });

  test('udp.rhodense PATCH garbagnatese: 403 forbidden, garbagnatese unchanged', async () => {
    const g = await read('garbagnatese');
    for (const body of [
      { version: g.version, ufficio_di_piano: udpOf(g, '02 0000 0000') },
      { version: g.version, name: 'Garbagnatese (preso)' },
      { version: g.version, capofila: { name: 'Sercop', type: 'azienda_speciale_consortile' } },
    ]) {
      assertError(await as['udp.rhodense'].patch(`${API}/ambiti/garbagnatese`, body), 403, 'forbidden');
    }
    assert.deepEqual(await read('garbagnatese'), g);
  });

  test('udp.garbagnatese can PATCH its own ambito (the refusal above is about scope, not the route)', async () => {
    const g = await read('garbagnatese');
    const r = await as['udp.garbagnatese'].patch(`${API}/ambiti/garbagnatese`, { version: g.version, ufficio_di_piano: udpOf(g, '02 1111 2222') });
    assert.equal(r.status, 200, show(r));
  });

  test('ats.milano, comune.rho, terzosettore.medioolona, udp.medioolona cannot PATCH; nothing changes', async () => {
    const cases = [
      ['ats.milano', 'rhodense'], ['ats.milano', 'garbagnatese'],
      ['comune.rho', 'rhodense'],
      ['terzosettore.medioolona', 'medio-olona'],
      ['udp.medioolona', 'rhodense'],
    ];
    for (const [u, code] of cases) {
      const a = await read(code);
      const r = await as[u].patch(`${API}/ambiti/${code}`, { version: a.version, ufficio_di_piano: udpOf(a, '000') });
      assert.equal(r.status, 403, `${u} PATCH ${code}: ${show(r)}`);
      assertError(r, 403, 'forbidden');
      assert.deepEqual(await read(code), a, `${u} changed ${code}`);
    }
  });

  test('region_admin can PATCH any ambito of its region, name included', async () => {
    const m = await read('medio-olona');
    const r = await as.regione.patch(`${API}/ambiti/medio-olona`, { version: m.version, name: 'Medio Olona (rinominato)' });
    assert.equal(r.status, 200, show(r));
    assert.equal((await read('medio-olona')).name, 'Medio Olona (rinominato)');
  });

  test('only the region_admin creates or merges ambiti', async () => {
    const body = { code: 'nuovo', name: 'Nuovo', agency: 'ats-milano', valid_from: '2030-01-01', capofila: { name: 'X', type: 'comune' } };
    for (const u of ['ats.milano', 'udp.rhodense', 'comune.rho']) {
      assertError(await as[u].post(`${API}/ambiti`, body), 403, 'forbidden');
      assertError(await as[u].post(`${API}/ambiti/merge`, { ...body, sources: ['rhodense', 'garbagnatese'] }), 403, 'forbidden');
    }
    assertError(await anon.get(`${API}/ambiti/nuovo`), 404, 'not_found');
  });

  test('ambito audit: udp.rhodense reads its own (200) but not garbagnatese (403)', async () => {
    const own = await as['udp.rhodense'].get(`${API}/ambiti/rhodense/audit`);
    assert.equal(own.status, 200, show(own));
    assert.ok(Array.isArray(own.json.items));
    assertError(await as['udp.rhodense'].get(`${API}/ambiti/garbagnatese/audit`), 403, 'forbidden');
  });

  test('ambito audit: ats.milano reads its agency ambiti but not medio-olona (another ATS)', async () => {
    assert.equal((await as['ats.milano'].get(`${API}/ambiti/rhodense/audit`)).status, 200);
    assert.equal((await as['ats.milano'].get(`${API}/ambiti/garbagnatese/audit`)).status, 200);
    assertError(await as['ats.milano'].get(`${API}/ambiti/medio-olona/audit`), 403, 'forbidden');
  });

  test('ambito audit: third_sector reads its ambito only; region_admin reads all', async () => {
    assert.equal((await as['terzosettore.medioolona'].get(`${API}/ambiti/medio-olona/audit`)).status, 200);
    assertError(await as['terzosettore.medioolona'].get(`${API}/ambiti/rhodense/audit`), 403, 'forbidden');
    for (const code of ['rhodense', 'garbagnatese', 'medio-olona']) {
      assert.equal((await as.regione.get(`${API}/ambiti/${code}/audit`)).status, 200, code);
    }
  });

  test('anonymous: 401 unauthenticated on every private route, public reads stay open', async () => {
    const priv = [
      ['GET', '/session'], ['GET', '/ambiti/rhodense/audit'], ['GET', '/users'], ['GET', '/users/regione'],
      ['GET', '/audit'], ['DELETE', '/session'],
      ['PATCH', '/ambiti/rhodense', { version: 1, name: 'X' }],
      ['POST', '/ambiti', { code: 'x', name: 'X', agency: 'ats-milano', valid_from: '2030-01-01', capofila: { name: 'X', type: 'comune' } }],
      ['POST', '/ambiti/merge', { code: 'x', name: 'X', agency: 'ats-milano', valid_from: '2030-01-01', sources: ['rhodense', 'garbagnatese'], capofila: { name: 'X', type: 'comune' } }],
      ['POST', '/ambiti/rhodense/comuni', { istat_code: '015182', valid_from: '2030-01-01' }],
      ['POST', '/users', { username: 'x', display_name: 'X', password: 'Password-lunga-1' }],
      ['PATCH', '/users/regione', { password: 'hacked-password-1' }],
      ['POST', '/users/regione/roles', { role: 'viewer', scope: { kind: 'region', code: '03' } }],
      ['DELETE', '/users/regione/roles/1'],
      ['POST', '/territory/import', {}],
    ];
    const rh = await read('rhodense');
    for (const [m, p, body] of priv) {
      const r = await anon.request(m, API + p, body);
      assert.equal(r.status, 401, `${m} ${p}: ${show(r)}`);
      assertError(r, 401, 'unauthenticated');
    }
    assert.deepEqual(await read('rhodense'), rh);
    assert.equal((await as.regione.get(`${API}/users/x`)).status, 404);
    assert.equal((await new Client(srv.url).login('regione')).status, 200, 'regione password unchanged');
    for (const p of ['/regions', '/agencies', '/ambiti', '/ambiti/rhodense', '/ambiti/rhodense/history', '/comuni', '/comuni/015182', '/roles']) {
      assert.equal((await anon.get(API + p)).status, 200, p);
    }
  });

  test('users and the global audit: only the region_admin', async () => {
    for (const u of ['ats.milano', 'udp.rhodense', 'comune.rho', 'terzosettore.medioolona']) {
      assertError(await as[u].get(`${API}/users`), 403, 'forbidden');
      assertError(await as[u].get(`${API}/audit`), 403, 'forbidden');
      assertError(await as[u].post(`${API}/users`, { username: `made.by.${u}`, display_name: 'X', password: 'Password-lunga-1' }), 403, 'forbidden');
      assertError(await as.regione.get(`${API}/users/made.by.${u}`), 404, 'not_found');
    }
    const users = await as.regione.get(`${API}/users`);
    assert.equal(users.status, 200, show(users));
    assert.equal((await as.regione.get(`${API}/audit`)).status, 200);
  });

  test('nobody but the region_admin grants or revokes roles (no self-promotion)', async () => {
    const grant = { role: 'region_admin', scope: { kind: 'region', code: '03' } };
    for (const u of ['udp.rhodense', 'ats.milano', 'comune.rho']) {
      assertError(await as[u].post(`${API}/users/${u}/roles`, grant), 403, 'forbidden');
    }
    const me = (await as['udp.rhodense'].get(`${API}/users/udp.rhodense`)).json;
    assert.ok(!me.roles.some((x) => x.role === 'region_admin'), 'udp.rhodense promoted itself');
    const target = (await as.regione.get(`${API}/users/udp.garbagnatese`)).json;
    const id = target.roles[0].id;
    assertError(await as['udp.rhodense'].delete(`${API}/users/udp.garbagnatese/roles/${id}`), 403, 'forbidden');
    assert.deepEqual((await as.regione.get(`${API}/users/udp.garbagnatese`)).json.roles, target.roles);
    // The refusal above was about the actor: the region_admin may grant.
    const ok = await as.regione.post(`${API}/users/comune.rho/roles`, { role: 'viewer', scope: { kind: 'ambito', code: 'rhodense' } });
    assert.equal(ok.status, 201, show(ok));
  });

  test('a user reads themself but not others', async () => {
    const me = await as['udp.rhodense'].get(`${API}/users/udp.rhodense`);
    assert.equal(me.status, 200, show(me));
    assert.equal(me.json.username, 'udp.rhodense');
    assertError(await as['udp.rhodense'].get(`${API}/users/udp.garbagnatese`), 403, 'forbidden');
  });

  test('a user may change only their own password', async () => {
    const c = as['udp.medioolona'];
    assertError(await c.patch(`${API}/users/udp.medioolona`, { active: false }), 403, 'forbidden');
    assertError(await c.patch(`${API}/users/udp.medioolona`, { display_name: 'Io' }), 403, 'forbidden');
    assertError(await c.patch(`${API}/users/udp.rhodense`, { password: 'nuova-password-1' }), 403, 'forbidden');
    assert.equal((await new Client(srv.url).login('udp.rhodense')).status, 200, 'udp.rhodense password unchanged');
    const r = await c.patch(`${API}/users/udp.medioolona`, { password: 'nuova-password-1' });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.username, 'udp.medioolona');
    assertError(await new Client(srv.url).login('udp.medioolona', 'demo'), 401, 'invalid_credentials');
    assert.equal((await new Client(srv.url).login('udp.medioolona', 'nuova-password-1')).status, 200);
  });
});
