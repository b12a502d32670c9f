// Shared helpers of the API suites: the error-shape check, logins, raw HTTP for huge bodies, dates.
import assert from 'node:assert/strict';
import http from 'node:http';
import { Client } from '../../lib/server.mjs';

export const API = '/api/v1';

/** Describes a response for assertion messages: method-less, status and body (cut). */
export function show(res) {
  const body = res.text === undefined ? JSON.stringify(res.json) : res.text;
  return `status ${res.status}, body ${String(body).slice(0, 600)}`;
}

/** Asserts the status and the exact error shape {error:{code,message,details}} with this code. */
export function assertError(res, status, code) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${show(res)}`);
  const ct = res.headers.get('content-type') || '';
  assert.match(ct, /^application\/json/, `error content-type is '${ct}'`);
  assert.ok(res.json && typeof res.json === 'object' && !Array.isArray(res.json), `error body is not a JSON object: ${show(res)}`);
  assert.deepEqual(Object.keys(res.json), ['error'], `error body keys: ${show(res)}`);
  const e = res.json.error;
  assert.ok(e && typeof e === 'object', `error.error is not an object: ${show(res)}`);
  assert.deepEqual(Object.keys(e).sort(), ['code', 'details', 'message'], `error keys: ${show(res)}`);
  assert.equal(e.code, code, `expected code ${code}, got ${show(res)}`);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.trim().length > 0, 'error message is empty');
  assert.ok(Array.isArray(e.details), 'error details is not an array');
  for (const d of e.details) assert.ok(d && typeof d === 'object' && !Array.isArray(d), `detail is not an object: ${show(res)}`);
  return e;
}

/** Asserts a 422 validation_failed whose details name `field` (exactly). */
export function assertValidation(res, field) {
  const e = assertError(res, 422, 'validation_failed');
  const fields = e.details.map((d) => d.field);
  assert.ok(fields.includes(field), `expected details[].field '${field}', got ${JSON.stringify(fields)}`);
  return e;
}

/** Asserts a list answer {items,total,limit,offset}. */
export function assertList(res, { limit = 50, offset = 0 } = {}) {
  assert.equal(res.status, 200, show(res));
  const b = res.json;
  assert.ok(Array.isArray(b.items), `items is not an array: ${show(res)}`);
  assert.equal(b.limit, limit, 'limit');
  assert.equal(b.offset, offset, 'offset');
  assert.ok(Number.isInteger(b.total) && b.total >= b.items.length, `total ${b.total}`);
  assert.ok(b.items.length <= limit, 'more items than limit');
  return b;
}

/** A new client logged in as `username` (asserts the login worked). */
export async function loginAs(url, username, password = 'demo') {
  const c = new Client(url);
  const r = await c.login(username, password);
  assert.equal(r.status, 200, `login ${username}: ${show(r)}`);
  return c;
}

/** A client carrying the cookie of `c` but no CSRF token. */
export function withoutCsrf(c) {
  const n = new Client(c.base);
  n.cookie = c.cookie;
  return n;
}

/**
 * Sends a request with node:http, writing `body` (a Buffer) even when the server answers early.
 * Resolves with {status, headers(Map-like), text, json, error} once a response arrived; a write
 * error after the response (the server closed early) is not a failure.
 */
export function rawRequest(base, method, path, body, headers = {}) {
  const u = new URL(base + path);
  return new Promise((resolve) => {
    let settled = false;
    const done = (v) => { if (!settled) { settled = true; resolve(v); } };
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname + u.search, method,
      headers: { 'content-length': body.length, ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
        const h = new Map(Object.entries(res.headers));
        done({ status: res.statusCode, headers: { get: (k) => h.get(k.toLowerCase()) ?? null }, text, json });
      });
      res.on('error', (err) => done({ status: 0, headers: { get: () => null }, text: '', json: null, error: err }));
    });
    req.on('error', (err) => {
      // EPIPE/ECONNRESET while writing is fine if a response comes; give it a moment.
      setTimeout(() => done({ status: 0, headers: { get: () => null }, text: `connection error: ${err.message}`, json: null, error: err }), 2000);
    });
    req.end(body);
  });
}

/** Calendar-date arithmetic on ISO strings. */
export function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
export const isoDate = /^\d{4}-\d{2}-\d{2}$/;
export function maxDate(...ds) { return ds.filter(Boolean).sort().at(-1); }
export function minDate(...ds) { return ds.filter(Boolean).sort()[0]; }

/** Codes of a list's items. */
export const codes = (items) => items.map((x) => x.code);
