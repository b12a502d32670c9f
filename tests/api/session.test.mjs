// Login, cookie flags, current session, logout, CSRF on writes, and login throttling.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { API, assertError, loginAs, show, withoutCsrf } from './lib/helpers.mjs';

describe('session', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  test('login with the right password: 200, user, csrf_token, cookie HttpOnly SameSite=Strict Path=/', async () => {
    const c = new Client(srv.url);
    const r = await c.login('udp.rhodense');
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.user.username, 'udp.rhodense');
    assert.equal(r.json.user.active, true);
    assert.ok(Array.isArray(r.json.user.roles));
    const role = r.json.user.roles.find((x) => x.role === 'udp_editor');
    assert.ok(role, `udp_editor role missing: ${show(r)}`);
    assert.deepEqual({ kind: role.scope.kind, code: role.scope.code }, { kind: 'ambito', code: 'rhodense' });
    assert.equal(typeof r.json.csrf_token, 'string');
    assert.ok(r.json.csrf_token.length >= 16, 'csrf_token too short');
    const sc = r.headers.get('set-cookie');
    assert.ok(sc, 'no Set-Cookie');
    assert.match(sc, /pdz_session=[^;]{16,}/);
    assert.match(sc, /;\s*HttpOnly/i);
    assert.match(sc, /;\s*SameSite=Strict/i);
    assert.match(sc, /;\s*Path=\/(;|$)/i);
    assert.ok(!/password|hash/i.test(r.text), 'login answer mentions a password or hash');
  });

  test('wrong password and unknown user get the same 401 invalid_credentials and no session', async () => {
    const c1 = new Client(srv.url);
    const wrong = await c1.login('udp.garbagnatese', 'not-the-password');
    const e1 = assertError(wrong, 401, 'invalid_credentials');
    assert.equal(c1.cookie, null, 'a cookie was set on a failed login');
    const c2 = new Client(srv.url);
    const unknown = await c2.login('nobody.at.all', 'not-the-password');
    const e2 = assertError(unknown, 401, 'invalid_credentials');
    assert.equal(c2.cookie, null);
    assert.equal(e1.message, e2.message, 'wrong password and unknown user must answer the same message');
    assert.deepEqual(e1.details, e2.details);
  });

  test('login body missing a field is rejected, not a 500', async () => {
    const c = new Client(srv.url);
    const r = await c.post(`${API}/session`, { username: 'udp.rhodense' });
    assert.ok([401, 422].includes(r.status), show(r));
    assertError(r, r.status, r.status === 401 ? 'invalid_credentials' : 'validation_failed');
  });

  test('GET /session with the cookie returns user and a working csrf_token', async () => {
    const c = await loginAs(srv.url, 'regione');
    const r = await c.get(`${API}/session`);
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.user.username, 'regione');
    assert.equal(typeof r.json.csrf_token, 'string');
    // The token read back must work on a write (what the web app does after a reload).
    const c2 = withoutCsrf(c);
    c2.csrf = r.json.csrf_token;
    const amb = (await c2.get(`${API}/ambiti/medio-olona`)).json;
    const w = await c2.patch(`${API}/ambiti/medio-olona`, { version: amb.version, name: amb.name });
    assert.equal(w.status, 200, show(w));
  });

  test('GET /session without a cookie or with a bogus cookie: 401 unauthenticated', async () => {
    assertError(await new Client(srv.url).get(`${API}/session`), 401, 'unauthenticated');
    const c = new Client(srv.url);
    c.cookie = 'pdz_session=bogus-token-0000000000000000';
    assertError(await c.get(`${API}/session`), 401, 'unauthenticated');
  });

  test('logout: 204, then the old cookie gets 401 everywhere', async () => {
    const c = await loginAs(srv.url, 'ats.milano');
    const oldCookie = c.cookie;
    assert.equal((await c.get(`${API}/ambiti/rhodense/audit`)).status, 200);
    const r = await c.delete(`${API}/session`);
    assert.equal(r.status, 204, show(r));
    const replay = new Client(srv.url);
    replay.cookie = oldCookie;
    assertError(await replay.get(`${API}/session`), 401, 'unauthenticated');
    assertError(await replay.get(`${API}/ambiti/rhodense/audit`), 401, 'unauthenticated');
  });

  test('logout without the CSRF token: 403 csrf_failed and the session stays', async () => {
    const c = await loginAs(srv.url, 'udp.medioolona');
    assertError(await withoutCsrf(c).delete(`${API}/session`), 403, 'csrf_failed');
    assert.equal((await c.get(`${API}/session`)).status, 200);
  });

  describe('CSRF', () => {
    let c;
    let before0;
    before(async () => {
      c = await loginAs(srv.url, 'udp.rhodense');
      before0 = (await c.get(`${API}/ambiti/rhodense`)).json;
    });

    test('PATCH with the cookie but no X-CSRF-Token: 403 csrf_failed, nothing written', async () => {
      const r = await withoutCsrf(c).patch(`${API}/ambiti/rhodense`, { version: before0.version, name: 'Rhodense CSRF' });
      assertError(r, 403, 'csrf_failed');
      assert.deepEqual((await c.get(`${API}/ambiti/rhodense`)).json, before0);
    });

    test('PATCH with a wrong X-CSRF-Token: 403 csrf_failed, nothing written', async () => {
      const r = await c.patch(`${API}/ambiti/rhodense`, { version: before0.version, name: 'Rhodense CSRF' },
        { headers: { 'x-csrf-token': 'wrong-token' } });
      assertError(r, 403, 'csrf_failed');
      assert.deepEqual((await c.get(`${API}/ambiti/rhodense`)).json, before0);
    });

    test("PATCH with another session's token: 403 csrf_failed", async () => {
      const other = await loginAs(srv.url, 'udp.rhodense');
      assert.notEqual(other.csrf, c.csrf, 'two sessions share a CSRF token');
      const r = await c.patch(`${API}/ambiti/rhodense`, { version: before0.version, name: 'Rhodense CSRF' },
        { headers: { 'x-csrf-token': other.csrf } });
      assertError(r, 403, 'csrf_failed');
      assert.deepEqual((await c.get(`${API}/ambiti/rhodense`)).json, before0);
    });

    test('POST without the token: 403 csrf_failed, the user is not created', async () => {
      const admin = await loginAs(srv.url, 'regione');
      const r = await withoutCsrf(admin).post(`${API}/users`, { username: 'csrf.victim', display_name: 'X', password: 'Password-lunga-1' });
      assertError(r, 403, 'csrf_failed');
      assertError(await admin.get(`${API}/users/csrf.victim`), 404, 'not_found');
    });

    test('the same PATCH with the right token works (the test above can pass only for the right reason)', async () => {
      const r = await c.patch(`${API}/ambiti/rhodense`, { version: before0.version, name: before0.name });
      assert.equal(r.status, 200, show(r));
    });
  });

  describe('throttling', () => {
    test('5 wrong passwords, then even the right one gets 429 too_many_attempts', async () => {
      const c = new Client(srv.url);
      for (let i = 1; i <= 5; i++) {
        assertError(await c.login('terzosettore.medioolona', `wrong-${i}`), 401, 'invalid_credentials');
      }
      const r = await c.login('terzosettore.medioolona', 'demo');
      assertError(r, 429, 'too_many_attempts');
      assert.equal(c.cookie, null, 'a throttled login set a cookie');
      assertError(await c.login('terzosettore.medioolona', 'wrong-6'), 429, 'too_many_attempts');
    });

    test('throttling is per username: another account still logs in', async () => {
      const c = new Client(srv.url);
      const r = await c.login('udp.garbagnatese');
      assert.equal(r.status, 200, show(r));
    });
  });
});
