// The audit trail: every write leaves an entry (actor, before, after); failed writes leave none; nothing deletes it.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, bin, sourceDir } from '../lib/server.mjs';
import { API, assertError, loginAs, show } from './lib/helpers.mjs';

describe('audit', () => {
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

  const ambitoAudit = async (code, c = admin) => {
    const r = await c.get(`${API}/ambiti/${code}/audit?limit=500`);
    assert.equal(r.status, 200, show(r));
    return r.json.items;
  };

  let entry;
  test('a PATCH creates an audit entry with actor, action, before and after', async () => {
    const a = (await anon.get(`${API}/ambiti/rhodense`)).json;
    const n0 = (await ambitoAudit('rhodense')).length;
    const r = await udp.patch(`${API}/ambiti/rhodense`, { version: a.version, capofila: { name: 'Sercop Nuova', type: 'azienda_speciale_consortile' } });
    assert.equal(r.status, 200, show(r));
    const items = await ambitoAudit('rhodense');
    assert.equal(items.length, n0 + 1, 'exactly one new entry');
    const fresh = items.filter((e) => e.actor === 'udp.rhodense');
    assert.equal(fresh.length, 1, JSON.stringify(items));
    entry = fresh[0];
    for (const k of ['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'before', 'after']) assert.ok(k in entry, `entry lacks ${k}`);
    assert.ok(Number.isInteger(entry.id));
    assert.ok(!Number.isNaN(Date.parse(entry.at)), `at is not a timestamp: ${entry.at}`);
    assert.ok(Math.abs(Date.parse(entry.at) - Date.now()) < 10 * 60 * 1000, `at is not now: ${entry.at}`);
    assert.equal(entry.entity, 'ambito');
    assert.equal(entry.entity_id, 'rhodense');
    assert.equal(typeof entry.action, 'string');
    assert.ok(entry.action.length > 0);
    assert.equal(entry.before.capofila.name, a.capofila.name);
    assert.equal(entry.after.capofila.name, 'Sercop Nuova');
    assert.equal(entry.after.capofila.type, 'azienda_speciale_consortile');
  });

  test('the same entry is in the global audit, filtered by entity and entity_id', async () => {
    const r = await admin.get(`${API}/audit?entity=ambito&entity_id=rhodense&limit=500`);
    assert.equal(r.status, 200, show(r));
    assert.ok(r.json.items.every((e) => e.entity === 'ambito' && e.entity_id === 'rhodense'), 'filter ignored');
    const same = r.json.items.find((e) => e.id === entry.id);
    assert.deepEqual(same, entry);
    const other = await admin.get(`${API}/audit?entity=ambito&entity_id=garbagnatese&limit=500`);
    assert.ok(!other.json.items.some((e) => e.id === entry.id));
  });

  test('refused and failed writes leave no entry', async () => {
    const total0 = (await admin.get(`${API}/audit`)).json.total;
    const g = (await anon.get(`${API}/ambiti/garbagnatese`)).json;
    assertError(await udp.patch(`${API}/ambiti/garbagnatese`, { version: g.version, name: 'No' }), 403, 'forbidden');
    const a = (await anon.get(`${API}/ambiti/rhodense`)).json;
    assertError(await udp.patch(`${API}/ambiti/rhodense`, { version: a.version - 1, name: 'No' }), 409, 'version_conflict');
    assertError(await udp.patch(`${API}/ambiti/rhodense`, { version: a.version, capofila: { name: 'X', type: 'boh' } }), 422, 'validation_failed');
    assertError(await udp.patch(`${API}/ambiti/rhodense`, { version: a.version, name: 'No' }, { headers: { 'x-csrf-token': 'bad' } }), 403, 'csrf_failed');
    assert.equal((await admin.get(`${API}/audit`)).json.total, total0);
  });

  test('user writes are audited too (create, role grant), with the region_admin as actor', async () => {
    const r = await admin.post(`${API}/users`, { username: 'audit.me', display_name: 'Audit Me', password: 'Password-lunga-1' });
    assert.equal(r.status, 201, show(r));
    const g = await admin.post(`${API}/users/audit.me/roles`, { role: 'viewer', scope: { kind: 'ambito', code: 'rhodense' } });
    assert.equal(g.status, 201, show(g));
    const items = (await admin.get(`${API}/audit?entity_id=audit.me&limit=500`)).json.items;
    assert.ok(items.length >= 2, JSON.stringify(items));
    assert.ok(items.every((e) => e.actor === 'regione'));
    assert.ok(!JSON.stringify(items).includes('Password-lunga-1'), 'a password is in the audit');
  });

  test('append-only: no route edits or deletes audit entries', async () => {
    const before0 = (await admin.get(`${API}/audit?limit=500`)).json;
    for (const [m, p] of [
      ['DELETE', `/audit/${entry.id}`], ['DELETE', '/audit'], ['PATCH', `/audit/${entry.id}`], ['PUT', `/audit/${entry.id}`],
      ['POST', '/audit'], ['DELETE', '/ambiti/rhodense/audit'], ['DELETE', `/ambiti/rhodense/audit/${entry.id}`],
    ]) {
      const r = await admin.request(m, API + p, m === 'DELETE' ? undefined : { action: 'forged' });
      assertError(r, 404, 'route_not_found');
    }
    assert.deepEqual((await admin.get(`${API}/audit?limit=500`)).json, before0);
  });

  test('append-only: `pdz routes` registers no write on an audit path', () => {
    const out = execFileSync(bin, ['routes'], { cwd: sourceDir, encoding: 'utf8' });
    const writes = out.split('\n').filter((l) => /^(POST|PUT|PATCH|DELETE)\s+\S*audit/.test(l.trim()));
    assert.deepEqual(writes, []);
  });
});
