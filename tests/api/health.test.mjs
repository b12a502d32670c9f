// Health check, unknown routes and the JSON conventions every answer follows.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { API, assertError, show } from './lib/helpers.mjs';

describe('system', () => {
  let srv;
  let anon;
  before(async () => { srv = await startServer(); anon = new Client(srv.url); });
  after(async () => { await srv?.stop(); });

  test('GET /healthz answers 200 {"status":"ok"} as JSON', async () => {
    const r = await anon.get('/healthz');
    assert.equal(r.status, 200, show(r));
    assert.match(r.headers.get('content-type') || '', /^application\/json/);
    assert.deepEqual(r.json, { status: 'ok' });
  });

  test('GET /api/v1/openapi.json answers 200 JSON', async () => {
    const r = await anon.get(`${API}/openapi.json`);
    assert.equal(r.status, 200, show(r));
    assert.match(r.headers.get('content-type') || '', /^application\/json/);
    assert.equal(r.json.openapi, '3.0.3');
  });

  test('an unknown API route answers 404 route_not_found with the error shape', async () => {
    assertError(await anon.get(`${API}/no-such-thing`), 404, 'route_not_found');
    assertError(await anon.get(`${API}/ambiti/rhodense/no-such-thing`), 404, 'route_not_found');
  });

  test('an unknown method on a known path answers route_not_found, never 500', async () => {
    const r = await anon.request('PUT', `${API}/regions`, { x: 1 });
    assert.ok(r.status < 500, show(r));
    assertError(r, 404, 'route_not_found');
  });

  test('list answers carry items/total/limit/offset with the defaults', async () => {
    for (const p of ['/regions', '/agencies', '/ambiti', '/comuni']) {
      const r = await anon.get(API + p);
      assert.equal(r.status, 200, `${p}: ${show(r)}`);
      assert.deepEqual(Object.keys(r.json).sort(), ['items', 'limit', 'offset', 'total'], p);
      assert.equal(r.json.limit, 50, p);
      assert.equal(r.json.offset, 0, p);
    }
  });

  test('the server survives a burst of concurrent reads', async () => {
    const rs = await Promise.all(Array.from({ length: 40 }, () => anon.get(`${API}/ambiti/rhodense`)));
    for (const r of rs) assert.equal(r.status, 200, show(r));
    assert.equal((await anon.get('/healthz')).status, 200);
  });
});
