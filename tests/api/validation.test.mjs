// Bad input: malformed JSON, wrong types, unknown enums, huge bodies, stale versions; nothing written.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { API, assertError, assertValidation, loginAs, rawRequest, show } from './lib/helpers.mjs';

describe('validation', () => {
  let srv;
  let anon;
  let admin;
  let snapshot;
  before(async () => {
    srv = await startServer();
    anon = new Client(srv.url);
    admin = await loginAs(srv.url, 'regione');
  });
  after(async () => { await srv?.stop(); });

  const read = async (code = 'rhodense') => (await anon.get(`${API}/ambiti/${code}`)).json;
  /** State that no failed write may change. */
  const state = async () => ({
    rhodense: await read('rhodense'),
    ambiti: (await anon.get(`${API}/ambiti?include_closed=true&limit=500`)).json,
    users: (await admin.get(`${API}/users?limit=500`)).json,
    audit: (await admin.get(`${API}/audit?limit=500`)).json.total,
  });
  const unchanged = async (what) => assert.deepEqual(await state(), snapshot, `${what} wrote something`);

  before(async () => { snapshot = await state(); });

  test('malformed JSON: 400 invalid_json on PATCH, POST and login', async () => {
    const v = (await read()).version;
    for (const [m, p, text] of [
      ['PATCH', '/ambiti/rhodense', `{"version": ${v}, "name": "Rho`],
      ['PATCH', '/ambiti/rhodense', '{version: 1}'],
      ['POST', '/ambiti', '{"code":"x",}'],
      ['POST', '/users', 'not json at all'],
      ['POST', '/ambiti/merge', ''],
    ]) {
      const r = await admin.request(m, API + p, text, { raw: true, headers: { 'content-type': 'application/json' } });
      assertError(r, 400, 'invalid_json');
    }
    const login = await anon.request('POST', `${API}/session`, '{"username":"regione","password":', { raw: true, headers: { 'content-type': 'application/json' } });
    assertError(login, 400, 'invalid_json');
    await unchanged('malformed JSON');
  });

  test('a JSON body that is not an object: 422 validation_failed', async () => {
    for (const body of [[], 'rhodense', 42, null]) {
      const r = await admin.request('PATCH', `${API}/ambiti/rhodense`, JSON.stringify(body), { raw: true, headers: { 'content-type': 'application/json' } });
      assertError(r, 422, 'validation_failed');
    }
    await unchanged('non-object body');
  });

  test('PATCH with wrong types: 422 naming each field', async () => {
    const v = (await read()).version;
    assertValidation(await admin.patch(`${API}/ambiti/rhodense`, { version: 'uno', name: 'X' }), 'version');
    assertValidation(await admin.patch(`${API}/ambiti/rhodense`, { name: 'X' }), 'version');
    assertValidation(await admin.patch(`${API}/ambiti/rhodense`, { version: v, name: 42 }), 'name');
    assertValidation(await admin.patch(`${API}/ambiti/rhodense`, { version: v, name: '' }), 'name');
    assertValidation(await admin.patch(`${API}/ambiti/rhodense`, { version: v, capofila: 'Sercop' }), 'capofila');
    assertValidation(await admin.patch(`${API}/ambiti/rhodense`, { version: v, capofila: { name: 7, type: 'comune' } }), 'capofila.name');
    assertValidation(await admin.patch(`${API}/ambiti/rhodense`, { version: v, ufficio_di_piano: { email: ['a'] } }), 'ufficio_di_piano.email');
    await unchanged('PATCH with wrong types');
  });

  test('unknown capofila type: 422 on capofila.type', async () => {
    const v = (await read()).version;
    const e = assertValidation(await admin.patch(`${API}/ambiti/rhodense`, { version: v, capofila: { name: 'Sercop', type: 'ente_inesistente' } }), 'capofila.type');
    assert.ok(e.details.find((d) => d.field === 'capofila.type').value !== undefined, 'detail should carry the value found');
    await unchanged('unknown capofila type');
  });

  test('several bad fields are all reported at once', async () => {
    const r = await admin.post(`${API}/ambiti`, { code: 'nuovo', name: 3, agency: 'ats-milano', valid_from: 'ieri', capofila: { name: 'X', type: 'boh' } });
    const e = assertError(r, 422, 'validation_failed');
    const fields = e.details.map((d) => d.field);
    for (const f of ['name', 'valid_from', 'capofila.type']) assert.ok(fields.includes(f), `${f} not reported: ${JSON.stringify(fields)}`);
    await unchanged('multi-error create');
  });

  test('POST /ambiti with bad fields: 422 naming the field, nothing created', async () => {
    const good = { code: 'nuovo-ambito', name: 'Nuovo', agency: 'ats-milano', valid_from: '2030-01-01', capofila: { name: 'X', type: 'comune' } };
    const { name: _n, ...noName } = good;
    assertValidation(await admin.post(`${API}/ambiti`, noName), 'name');
    assertValidation(await admin.post(`${API}/ambiti`, { ...good, valid_from: '2030-02-30' }), 'valid_from');
    assertValidation(await admin.post(`${API}/ambiti`, { ...good, valid_from: 20300101 }), 'valid_from');
    assertValidation(await admin.post(`${API}/ambiti`, { ...good, comuni: ['abc'] }), 'comuni[0]');
    assertValidation(await admin.post(`${API}/ambiti`, { ...good, comuni: ['015182', 15146] }), 'comuni[1]');
    assertValidation(await admin.post(`${API}/ambiti`, { ...good, code: 'Con Spazi!' }), 'code');
    assertValidation(await admin.post(`${API}/ambiti`, { ...good, capofila: { name: 'X', type: 'ente_inesistente' } }), 'capofila.type');
    assertError(await anon.get(`${API}/ambiti/nuovo-ambito`), 404, 'not_found');
    await unchanged('POST /ambiti with bad fields');
  });

  test('POST /ambiti naming a comune that does not exist: refused, nothing created', async () => {
    const r = await admin.post(`${API}/ambiti`, { code: 'nuovo-ambito', name: 'Nuovo', agency: 'ats-milano', valid_from: '2030-01-01', capofila: { name: 'X', type: 'comune' }, comuni: ['999999'] });
    assert.ok([404, 422].includes(r.status), show(r));
    assertError(r, r.status, r.status === 404 ? 'not_found' : 'validation_failed');
    assertError(await anon.get(`${API}/ambiti/nuovo-ambito`), 404, 'not_found');
    await unchanged('POST /ambiti with unknown comune');
  });

  test('users and roles: wrong types and unknown roles get 422 naming the field', async () => {
    assertValidation(await admin.post(`${API}/users`, { username: 'v.user', display_name: 'V', password: 123 }), 'password');
    assertValidation(await admin.post(`${API}/users`, { username: 'v.user', password: 'Password-lunga-1' }), 'display_name');
    assertValidation(await admin.post(`${API}/users`, { username: '', display_name: 'V', password: 'Password-lunga-1' }), 'username');
    assertError(await admin.get(`${API}/users/v.user`), 404, 'not_found');
    assertValidation(await admin.post(`${API}/users/comune.rho/roles`, { role: 'superuser', scope: { kind: 'region', code: '03' } }), 'role');
    assertValidation(await admin.post(`${API}/users/comune.rho/roles`, { role: 'udp_editor', scope: { kind: 'region', code: '03' } }), 'scope.kind');
    assertValidation(await admin.patch(`${API}/users/comune.rho`, { active: 'no' }), 'active');
    await unchanged('bad users and roles');
  });

  test('stale version: 409 version_conflict with the current ambito in details[0].value', async () => {
    const a = await read();
    const ok = await admin.patch(`${API}/ambiti/rhodense`, { version: a.version, name: 'Rhodense' });
    assert.equal(ok.status, 200, show(ok));
    const current = await read();
    snapshot = await state();
    const r = await admin.patch(`${API}/ambiti/rhodense`, { version: a.version - 1, name: 'Rhodense vecchio' });
    const e = assertError(r, 409, 'version_conflict');
    assert.ok(e.details.length >= 1, 'no details');
    const value = e.details[0].value;
    assert.ok(value && typeof value === 'object', `details[0].value is not the object: ${JSON.stringify(value)}`);
    assert.equal(value.code, 'rhodense');
    assert.equal(value.version, current.version);
    await unchanged('stale PATCH');
  });

  test('two concurrent PATCHes with the same version: exactly one wins', async () => {
    const a = await read('garbagnatese');
    const [r1, r2] = await Promise.all([
      admin.patch(`${API}/ambiti/garbagnatese`, { version: a.version, name: 'Garbagnatese A' }),
      admin.patch(`${API}/ambiti/garbagnatese`, { version: a.version, name: 'Garbagnatese B' }),
    ]);
    const statuses = [r1.status, r2.status].sort();
    assert.deepEqual(statuses, [200, 409], `${show(r1)} / ${show(r2)}`);
    const loser = r1.status === 409 ? r1 : r2;
    assertError(loser, 409, 'version_conflict');
    const winner = r1.status === 200 ? r1 : r2;
    assert.equal((await read('garbagnatese')).name, winner.json.name);
    snapshot = await state();
  });

  test('oversized body (> 10 MiB): 413 payload_too_large with the error shape, never 500', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 4096, 0x20);
    big.write('{"version":1,"name":"', 0);
    for (const [m, p] of [['POST', '/territory/import'], ['PATCH', '/ambiti/rhodense'], ['POST', '/users']]) {
      const r = await rawRequest(srv.url, m, API + p, big, {
        'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf,
      });
      assert.notEqual(r.status, 0, `${m} ${p}: no HTTP answer (${r.text})`);
      assert.ok(r.status < 500, `${m} ${p}: ${r.status}`);
      assertError(r, 413, 'payload_too_large');
    }
    // Without a session too (before the login is even read).
    const r = await rawRequest(srv.url, 'POST', `${API}/session`, big, { 'content-type': 'application/json' });
    assertError(r, 413, 'payload_too_large');
    assert.equal((await anon.get('/healthz')).status, 200, 'server still up');
    await unchanged('oversized body');
  });

  test('a body just under the limit is read (not 413)', async () => {
    const pad = 'x'.repeat(9 * 1024 * 1024);
    const r = await admin.post(`${API}/users`, { username: 'big.user', display_name: 'Big', password: 'Password-lunga-1', note: pad });
    assert.notEqual(r.status, 413, show(r));
    assert.ok(r.status < 500, show(r));
  });

  test('errors on reads carry the shape too', async () => {
    assertError(await anon.get(`${API}/ambiti/nope`), 404, 'not_found');
    assertError(await anon.get(`${API}/comuni/000000`), 404, 'not_found');
    assertError(await anon.get(`${API}/nope`), 404, 'route_not_found');
  });
});
