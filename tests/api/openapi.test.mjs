// docs/openapi.yaml, docs/api.md, the routes the server registers and the served document agree.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { startServer, Client, bin, sourceDir } from '../lib/server.mjs';
import { show } from './lib/helpers.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const yamlText = readFileSync(join(sourceDir, 'docs/openapi.yaml'), 'utf8');
const doc = YAML.parse(yamlText);

/** "METHOD /path" for every operation of the document. */
function docRoutes() {
  const out = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const m of Object.keys(item)) if (METHODS.includes(m)) out.push(`${m.toUpperCase()} ${p}`);
  }
  return out.sort();
}

/** Every [method, path, operation] of the document. */
function operations() {
  const out = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) if (METHODS.includes(m)) out.push([m, p, op]);
  }
  return out;
}

/** Follows a local $ref ("#/components/..."); throws when it does not resolve. */
function deref(node) {
  let n = node;
  for (let i = 0; n && n.$ref; i++) {
    assert.ok(i < 10, `ref loop at ${n.$ref}`);
    assert.match(n.$ref, /^#\//, `non-local $ref ${n.$ref}`);
    n = n.$ref.slice(2).split('/').reduce((o, k) => (o ? o[k.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);
    assert.ok(n !== undefined, `unresolved $ref ${node.$ref}`);
  }
  return n;
}

function diff(a, b) { const s = new Set(b); return a.filter((x) => !s.has(x)); }

describe('openapi document', () => {
  test('is OpenAPI 3.0.3 with info, tags and paths', () => {
    assert.equal(doc.openapi, '3.0.3');
    assert.ok(doc.info && doc.info.title && doc.info.version);
    const tags = doc.tags.map((t) => t.name).sort();
    assert.deepEqual(tags, ['audit', 'governance', 'knowledge', 'money', 'monitoring', 'plans', 'rules', 'session', 'system', 'territory', 'users']);
    const declared = new Set(tags);
    for (const [m, p, op] of operations()) for (const t of op.tags || []) assert.ok(declared.has(t), `${m} ${p}: undeclared tag ${t}`);
    assert.ok(Object.keys(doc.paths).length >= 20);
  });

  test('every $ref resolves', () => {
    const walk = (n, where) => {
      if (Array.isArray(n)) n.forEach((x, i) => walk(x, `${where}[${i}]`));
      else if (n && typeof n === 'object') {
        if (typeof n.$ref === 'string') deref(n);
        for (const [k, v] of Object.entries(n)) walk(v, `${where}.${k}`);
      }
    };
    walk(doc, '$');
  });

  test('the components the API needs are there', () => {
    for (const s of ['Error', 'User', 'Role', 'Region', 'Agency', 'AmbitoSummary', 'Ambito', 'Comune', 'ComuneDetail', 'Membership', 'AuditEntry']) {
      assert.ok(doc.components.schemas[s], `schema ${s} missing`);
    }
    assert.deepEqual(doc.components.schemas.Error.properties.error.required, ['code', 'message', 'details']);
    assert.equal(doc.components.securitySchemes.sessionCookie.in, 'cookie');
    assert.equal(doc.components.securitySchemes.sessionCookie.name, 'pdz_session');
    assert.equal(doc.components.securitySchemes.csrfToken.in, 'header');
    assert.equal(doc.components.securitySchemes.csrfToken.name, 'X-CSRF-Token');
  });

  test('every operation: known tag, unique operationId, summary, path parameters declared, responses', () => {
    const tags = new Set(doc.tags.map((t) => t.name));
    const ids = new Set();
    for (const [m, p, op] of operations()) {
      const where = `${m.toUpperCase()} ${p}`;
      assert.ok(op.tags?.length === 1 && tags.has(op.tags[0]), `${where}: tag`);
      assert.ok(op.operationId && !ids.has(op.operationId), `${where}: operationId`);
      ids.add(op.operationId);
      assert.ok(op.summary, `${where}: summary`);
      const params = (op.parameters || []).map(deref);
      const inPath = [...p.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]).sort();
      const declared = params.filter((x) => x.in === 'path').map((x) => x.name).sort();
      assert.deepEqual(declared, inPath, `${where}: path parameters`);
      params.filter((x) => x.in === 'path').forEach((x) => assert.equal(x.required, true, `${where}: ${x.name} required`));
      assert.ok(op.responses && Object.keys(op.responses).length > 0, `${where}: responses`);
      assert.ok(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), `${where}: no success response`);
      assert.ok(Array.isArray(op.security), `${where}: security must be explicit`);
    }
  });

  test('every 4xx/5xx response is the Error shape', () => {
    for (const [m, p, op] of operations()) {
      for (const [status, resp] of Object.entries(op.responses)) {
        if (!/^[45]/.test(status)) continue;
        const r = deref(resp);
        const schema = r.content?.['application/json']?.schema;
        assert.deepEqual(schema, { $ref: '#/components/schemas/Error' }, `${m.toUpperCase()} ${p} ${status}`);
      }
    }
  });

  test('writes need the session cookie and the CSRF token (login excepted); private reads need a session', () => {
    for (const [m, p, op] of operations()) {
      const where = `${m.toUpperCase()} ${p}`;
      // x-pdz-computes-only: a POST that computes from its body and writes nothing (a calculator).
      if (['post', 'put', 'patch', 'delete'].includes(m) && p !== '/api/v1/session' && !op['x-pdz-computes-only']) {
        assert.deepEqual(op.security, [{ sessionCookie: [], csrfToken: [] }], where);
        assert.ok(op.responses['401'] && op.responses['403'], `${where}: 401 and 403 documented`);
      }
    }
    for (const p of ['/api/v1/users', '/api/v1/users/{username}', '/api/v1/audit', '/api/v1/ambiti/{code}/audit', '/api/v1/session']) {
      assert.deepEqual(doc.paths[p].get.security, [{ sessionCookie: [] }], `GET ${p}`);
    }
  });

  test('docs/api.md and the document list the same routes', () => {
    const md = readFileSync(join(sourceDir, 'docs/api.md'), 'utf8');
    const fromMd = [...md.matchAll(/^\|\s*(GET|POST|PUT|PATCH|DELETE)\s+`([^`?]+)(?:\?[^`]*)?`/gm)].map((x) => `${x[1]} ${x[2]}`);
    assert.ok(fromMd.length >= 20, 'could not read the route table of docs/api.md');
    fromMd.push('GET /api/docs'); // named in the prose of api.md
    const d = docRoutes();
    const missingInDoc = diff(fromMd, d);
    const missingInMd = diff(d, fromMd);
    assert.deepEqual({ missingInDoc, missingInMd }, { missingInDoc: [], missingInMd: [] });
  });
});

describe('openapi document and server', () => {
  test('`pdz routes` and the document list the same routes', () => {
    const out = execFileSync(bin, ['routes'], { cwd: sourceDir, encoding: 'utf8' });
    const server = [...new Set(out.split('\n')
      .map((l) => /^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/\S*)\s*$/.exec(l))
      .filter(Boolean)
      .map((x) => `${x[1]} ${x[2]}`)
      // Static files of the web app are not API routes.
      .filter((r) => / \/(healthz$|api\/)/.test(r)))].sort();
    assert.ok(server.length > 0, `no routes parsed from \`pdz routes\`:\n${out}`);
    const d = docRoutes();
    const missingInDoc = diff(server, d);
    const missingOnServer = diff(d, server);
    assert.deepEqual({ missingInDoc, missingOnServer }, { missingInDoc: [], missingOnServer: [] },
      `routes differ\n  registered but not in docs/openapi.yaml:\n    ${missingInDoc.join('\n    ') || '-'}\n  documented but not registered:\n    ${missingOnServer.join('\n    ') || '-'}`);
  });

  describe('served', () => {
    let srv;
    let anon;
    before(async () => { srv = await startServer(); anon = new Client(srv.url); });
    after(async () => { await srv?.stop(); });

    test('GET /api/v1/openapi.json equals docs/openapi.yaml', async () => {
      const r = await anon.get('/api/v1/openapi.json');
      assert.equal(r.status, 200, show(r));
      assert.match(r.headers.get('content-type') || '', /^application\/json/);
      assert.deepEqual(r.json, doc);
    });

    test('GET /api/docs answers 200 text/html that loads the document', async () => {
      const r = await anon.get('/api/docs');
      assert.equal(r.status, 200, show(r));
      assert.match(r.headers.get('content-type') || '', /^text\/html/);
      assert.match(r.text, /<html/i);
      assert.match(r.text, /openapi\.json/, 'the page does not reference /api/v1/openapi.json');
    });
  });
});
