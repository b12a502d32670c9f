// Accounts: create, log in, grant and revoke scoped roles, deactivate.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { API, assertError, assertList, loginAs, show } from './lib/helpers.mjs';

const DEMO = ['ats.milano', 'comune.rho', 'regione', 'terzosettore.medioolona', 'udp.garbagnatese', 'udp.medioolona', 'udp.rhodense'];

describe('users', () => {
  let srv;
  let admin;
  before(async () => {
    srv = await startServer();
    admin = await loginAs(srv.url, 'regione');
  });
  after(async () => { await srv?.stop(); });

  const assertUser = (u) => {
    for (const k of ['username', 'display_name', 'active', 'roles']) assert.ok(k in u, `user lacks ${k}: ${JSON.stringify(u)}`);
    assert.equal(typeof u.active, 'boolean');
    assert.ok(!/pass|hash|salt/i.test(Object.keys(u).join(' ')), `user exposes a secret: ${JSON.stringify(u)}`);
    for (const r of u.roles) {
      assert.ok(Number.isInteger(r.id), 'role id');
      for (const k of ['role', 'label', 'scope']) assert.ok(k in r, `role lacks ${k}`);
      for (const k of ['kind', 'code', 'name']) assert.ok(k in r.scope, `scope lacks ${k}`);
    }
  };

  test('the region_admin lists users: the demo accounts with their roles', async () => {
    const b = assertList(await admin.get(`${API}/users`));
    const names = b.items.map((u) => u.username);
    for (const u of DEMO) assert.ok(names.includes(u), `${u} missing`);
    b.items.forEach(assertUser);
    const udp = b.items.find((u) => u.username === 'udp.rhodense');
    assert.deepEqual(udp.roles.map((r) => [r.role, r.scope.kind, r.scope.code]), [['udp_editor', 'ambito', 'rhodense']]);
    const rho = b.items.find((u) => u.username === 'comune.rho');
    assert.deepEqual(rho.roles.map((r) => [r.role, r.scope.kind, r.scope.code]), [['comune_referent', 'comune', '015182']]);
    const reg = b.items.find((u) => u.username === 'regione');
    assert.deepEqual(reg.roles.map((r) => [r.role, r.scope.kind, r.scope.code]), [['region_admin', 'region', '03']]);
    const p = assertList(await admin.get(`${API}/users?limit=2&offset=1`), { limit: 2, offset: 1 });
    assert.equal(p.items.length, 2);
    assert.equal(p.total, b.total);
  });

  let session; // the new user's client
  test('create a user: 201, active, no roles; duplicate: 409 conflict', async () => {
    const r = await admin.post(`${API}/users`, { username: 'mario.rossi', display_name: 'Mario Rossi', password: 'Password-lunga-1' });
    assert.equal(r.status, 201, show(r));
    assertUser(r.json);
    assert.equal(r.json.username, 'mario.rossi');
    assert.equal(r.json.display_name, 'Mario Rossi');
    assert.equal(r.json.active, true);
    assert.deepEqual(r.json.roles, []);
    const dup = await admin.post(`${API}/users`, { username: 'mario.rossi', display_name: 'Altro', password: 'Password-lunga-2' });
    assertError(dup, 409, 'conflict');
    assert.equal((await admin.get(`${API}/users/mario.rossi`)).json.display_name, 'Mario Rossi');
  });

  test('the new user logs in; without roles they see no private data', async () => {
    session = await loginAs(srv.url, 'mario.rossi', 'Password-lunga-1');
    const me = await session.get(`${API}/session`);
    assert.equal(me.status, 200, show(me));
    assert.equal(me.json.user.username, 'mario.rossi');
    assertError(await session.get(`${API}/ambiti/rhodense/audit`), 403, 'forbidden');
    assertError(await session.get(`${API}/users`), 403, 'forbidden');
  });

  let grantId;
  test('grant a role: 201 User with the scoped role; it takes effect', async () => {
    const r = await admin.post(`${API}/users/mario.rossi/roles`, { role: 'viewer', scope: { kind: 'ambito', code: 'rhodense' } });
    assert.equal(r.status, 201, show(r));
    assertUser(r.json);
    assert.equal(r.json.roles.length, 1);
    const g = r.json.roles[0];
    assert.equal(g.role, 'viewer');
    assert.deepEqual([g.scope.kind, g.scope.code], ['ambito', 'rhodense']);
    assert.equal(typeof g.scope.name, 'string');
    assert.ok(g.scope.name.length > 0);
    grantId = g.id;
    const c = await loginAs(srv.url, 'mario.rossi', 'Password-lunga-1');
    assert.equal((await c.get(`${API}/ambiti/rhodense/audit`)).status, 200);
    assertError(await c.get(`${API}/ambiti/garbagnatese/audit`), 403, 'forbidden');
    const v = (await c.get(`${API}/ambiti/rhodense`)).json.version;
    assertError(await c.patch(`${API}/ambiti/rhodense`, { version: v, name: 'No' }), 403, 'forbidden');
  });

  test('granting on a scope that does not exist or of the wrong kind is refused', async () => {
    const r = await admin.post(`${API}/users/mario.rossi/roles`, { role: 'udp_editor', scope: { kind: 'ambito', code: 'no-such-ambito' } });
    assert.ok([404, 422].includes(r.status), show(r));
    assertError(r, r.status, r.status === 404 ? 'not_found' : 'validation_failed');
    assertError(await admin.post(`${API}/users/mario.rossi/roles`, { role: 'comune_referent', scope: { kind: 'ambito', code: 'rhodense' } }), 422, 'validation_failed');
    assertError(await admin.post(`${API}/users/nobody.here/roles`, { role: 'viewer', scope: { kind: 'ambito', code: 'rhodense' } }), 404, 'not_found');
    assert.equal((await admin.get(`${API}/users/mario.rossi`)).json.roles.length, 1);
  });

  test('revoke the role: 204, gone, access gone', async () => {
    const r = await admin.delete(`${API}/users/mario.rossi/roles/${grantId}`);
    assert.equal(r.status, 204, show(r));
    assert.deepEqual((await admin.get(`${API}/users/mario.rossi`)).json.roles, []);
    const c = await loginAs(srv.url, 'mario.rossi', 'Password-lunga-1');
    assertError(await c.get(`${API}/ambiti/rhodense/audit`), 403, 'forbidden');
    assertError(await admin.delete(`${API}/users/mario.rossi/roles/${grantId}`), 404, 'not_found');
  });

  test('a role id of another user cannot be revoked through this user', async () => {
    const other = (await admin.get(`${API}/users/udp.rhodense`)).json;
    const r = await admin.delete(`${API}/users/mario.rossi/roles/${other.roles[0].id}`);
    assertError(r, 404, 'not_found');
    assert.deepEqual((await admin.get(`${API}/users/udp.rhodense`)).json.roles, other.roles);
  });

  test('the region_admin changes display name and password of a user', async () => {
    const r = await admin.patch(`${API}/users/mario.rossi`, { display_name: 'Mario Rossi (UdP)', password: 'Password-lunga-3' });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.display_name, 'Mario Rossi (UdP)');
    assertError(await new Client(srv.url).login('mario.rossi', 'Password-lunga-1'), 401, 'invalid_credentials');
    session = await loginAs(srv.url, 'mario.rossi', 'Password-lunga-3');
  });

  test('deactivate: 200 active false; login refused 401 invalid_credentials; open sessions end', async () => {
    const r = await admin.patch(`${API}/users/mario.rossi`, { active: false });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.active, false);
    assertError(await new Client(srv.url).login('mario.rossi', 'Password-lunga-3'), 401, 'invalid_credentials');
    assertError(await session.get(`${API}/session`), 401, 'unauthenticated');
    assert.equal((await admin.get(`${API}/users/mario.rossi`)).json.active, false);
  });

  test('reactivate: login works again', async () => {
    const r = await admin.patch(`${API}/users/mario.rossi`, { active: true });
    assert.equal(r.status, 200, show(r));
    await loginAs(srv.url, 'mario.rossi', 'Password-lunga-3');
  });

  test('unknown user: 404 not_found', async () => {
    assertError(await admin.get(`${API}/users/nobody.here`), 404, 'not_found');
    assertError(await admin.patch(`${API}/users/nobody.here`, { active: false }), 404, 'not_found');
  });
});
