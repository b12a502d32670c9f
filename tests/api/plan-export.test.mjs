// The plan as a document: PDF and DOCX exports carry every objective and every cell of the seed plan.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client, sourceDir } from '../lib/server.mjs';
import { API, assertError, assertValidation, loginAs } from './lib/helpers.mjs';

const squash = (s) => s.replace(/\s+/g, '');

/** True when `text` is in `all`, whole or (a table row split across two pages) in two pieces. */
function contains(all, text) {
  const t = squash(text);
  if (all.includes(t)) return true;
  for (let k = 8; k <= t.length - 8; k++) {
    const head = all.indexOf(t.slice(0, k));
    if (head >= 0 && all.indexOf(t.slice(k), head + k) >= 0) return true;
  }
  return false;
}

/** Every text of the seed plan that the document must show (titles and every cell item). */
function seedTexts() {
  const plan = JSON.parse(readFileSync(join(sourceDir, 'data/demo/plan-medio-olona-2015-2017.json'), 'utf8'));
  const out = [];
  for (const g of plan.objectives) {
    out.push(g.title);
    for (const s of g.specific) {
      out.push(s.title, ...s.actions.map((a) => (typeof a === 'string' ? a : a.text)), ...s.tools, ...s.indicators.map((i) => i.name), ...s.resources.professional,
        ...s.resources.financial.map((f) => f.description), s.timing.text);
    }
  }
  return out.filter((t) => t.trim());
}

async function download(client, path, file) {
  const res = await fetch(client.base + path, { headers: client.cookie ? { cookie: client.cookie } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  writeFileSync(file, bytes);
  return { res, bytes };
}

describe('plan export', () => {
  let srv;
  let anon;
  let udp;
  let id;
  before(async () => {
    srv = await startServer();
    anon = new Client(srv.url);
    udp = await loginAs(srv.url, 'udp.medioolona');
    id = (await anon.get(`${API}/ambiti/medio-olona/plans`)).json.items[0].id;
  });
  after(async () => { await srv?.stop(); });

  test('PDF: title page, index, page numbers and every cell of the nine objectives', async () => {
    const file = join(srv.dir, 'piano.pdf');
    const { res, bytes } = await download(anon, `${API}/plans/${id}/export?format=pdf`, file);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition'), /attachment; filename="piano-medio-olona-2015-2017\.pdf"/);
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
    for (const t of ['Quadro unitario delle risorse', 'Risorse per fondo', 'Fondo Nazionale Politiche Sociali',
      'Motivazione: Integrazione FNA assegnata']) {
      assert.ok(contains(squash(text), t), `PDF lacks "${t}"`);
    }
    const frame = (await anon.get(`${API}/plans/${id}/resources`)).json;
    const euro = (c) => `${Math.trunc(c / 100).toLocaleString('it-IT')},${String(c % 100).padStart(2, '0')} €`;
    assert.ok(text.includes(euro(frame.summary.total.programmed_cents)), `PDF lacks the total ${euro(frame.summary.total.programmed_cents)}`);
    for (const t of ['Piano di Zona 2015-2017', 'Ambito territoriale Medio Olona', 'Castellanza', 'Indice', 'Pagina 1 di',
      'Obiettivo specifico', 'Tempistica', 'Azienda Speciale Consortile Medio Olona']) {
      assert.ok(text.includes(t), `PDF lacks "${t}"`);
    }
    const all = squash(text);
    const missing = seedTexts().filter((t) => !contains(all, t));
    assert.deepEqual(missing, [], 'every text of the seed plan is in the PDF');
    const headers = text.split('Interventi/azioni di').length - 1;
    assert.ok(headers >= 9, `the table header repeats (found ${headers})`);
  });

  test('DOCX: the same content, a table header repeated across pages, a TOC and page numbers', async () => {
    const file = join(srv.dir, 'piano.docx');
    const { res, bytes } = await download(anon, `${API}/plans/${id}/export?format=docx`, file);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /wordprocessingml/);
    assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.match(xml, /w:tblHeader/);
    assert.match(xml, /TOC \\o/);
    const text = xml.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    const all = squash(text);
    const missing = seedTexts().filter((t) => !all.includes(squash(t)));
    assert.deepEqual(missing, [], 'every text of the seed plan is in the DOCX');
    const footer = execFileSync('unzip', ['-p', file, 'word/footer1.xml'], { encoding: 'utf8' });
    assert.match(footer, /PAGE/);
  });

  test('an edited revision exports its own content; drafts stay private; bad format refused', async () => {
    const cur = (await udp.get(`${API}/plans/${id}`)).json;
    cur.plan.objectives[0].specific[0].tools.push('Strumento aggiunto per la prova di esportazione');
    assert.equal((await udp.put(`${API}/plans/${id}`, { version: cur.version, plan: cur.plan })).status, 200);
    const file = join(srv.dir, 'rev2.pdf');
    await download(anon, `${API}/plans/${id}/export?format=pdf`, file);
    assert.ok(squash(execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' })).includes(squash('Strumento aggiunto per la prova di esportazione')));
    const old = join(srv.dir, 'rev1.pdf');
    await download(anon, `${API}/plans/${id}/export?format=pdf&revision=1`, old);
    assert.ok(!execFileSync('pdftotext', ['-raw', old, '-'], { encoding: 'utf8' }).includes('prova di esportazione'));
    assertValidation(await anon.get(`${API}/plans/${id}/export?format=odt`), 'format');
    const copy = await udp.post(`${API}/ambiti/medio-olona/plans`, { copy_from: id, period: { from: '2018-01-01', to: '2020-12-31' } });
    assertError(await anon.get(`${API}/plans/${copy.json.id}/export?format=pdf`), 401, 'unauthenticated');
  });
});
