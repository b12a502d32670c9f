// Governance over HTTP: Medio Olona's draft 2021-2023 taken to the Region's approval by the right people,
// every refusal (wrong role, illegal step, bad signature, another ambito's body) leaving nothing written,
// the transmission package (ZIP + manifest with SHA-256), compliance, calendars and the Region's table.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client, bin, sourceDir } from '../lib/server.mjs';
import { API, assertError, assertValidation, loginAs, show } from './lib/helpers.mjs';

/** GET as `client`, answering the raw bytes (Buffer) and headers. */
async function getBytes(client, path) {
  const res = await fetch(client.base + path, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

describe('governance', () => {
  let srv;
  let anon;
  let udp;
  let regione;
  let other;
  let ats;
  let planId;
  const lifecycle = async (c = udp) => (await c.get(`${API}/plans/${planId}/lifecycle`)).json;
  const adp = async () => (await udp.get(`${API}/plans/${planId}/adp`)).json;

  before(async () => {
    srv = await startServer();
    anon = new Client(srv.url);
    udp = await loginAs(srv.url, 'udp.medioolona');
    regione = await loginAs(srv.url, 'regione');
    other = await loginAs(srv.url, 'udp.rhodense');
    ats = await loginAs(srv.url, 'ats.milano');
    const list = await udp.get(`${API}/ambiti/medio-olona/plans`);
    planId = list.json.items.find((p) => p.period.from === '2021-01-01').id;
  });
  after(async () => { await srv?.stop(); });

  test('the demo: bodies with members for the three ambiti; Medio Olona 2021-2023 is a private draft', async () => {
    for (const code of ['rhodense', 'garbagnatese', 'medio-olona']) {
      const r = await anon.get(`${API}/ambiti/${code}/bodies`);
      assert.equal(r.status, 200, show(r));
      const kinds = r.json.items.map((b) => b.kind);
      for (const k of ['assemblea', 'ufficio_di_piano', 'cabina_di_regia', 'tavolo_tematico']) assert.ok(kinds.includes(k), `${code}: ${k}`);
      const assemblea = r.json.items.find((b) => b.kind === 'assemblea');
      assert.ok(assemblea.members.every((m) => /^Sindaco di /.test(m.name)), 'mayors as roles, not names');
      const cabina = r.json.items.find((b) => b.kind === 'cabina_di_regia');
      assert.ok(cabina.coordinator && cabina.regulation.meeting_frequency, 'coordinator and regolamento');
    }
    const l = await lifecycle();
    assert.equal(l.state, 'bozza');
    assert.deepEqual(l.next.map((s) => [s.to, s.allowed]), [['in_concertazione', true]]);
    assertError(await anon.get(`${API}/plans/${planId}/lifecycle`), 401, 'unauthenticated');
    assertError(await other.get(`${API}/plans/${planId}/adp`), 404, 'not_found');
  });

  test('a transition by the wrong role or not allowed from the state is refused, with the reason; nothing written', async () => {
    const e = assertError(await regione.post(`${API}/plans/${planId}/transitions`, { to: 'in_concertazione' }), 403, 'forbidden');
    assert.match(e.message, /Ufficio di Piano/);
    const e2 = assertError(await udp.post(`${API}/plans/${planId}/transitions`, { to: 'trasmesso' }), 409, 'conflict');
    assert.match(e2.message, /in_concertazione/);
    assert.equal(e2.details[0].field, 'to');
    assertError(await ats.post(`${API}/plans/${planId}/transitions`, { to: 'in_concertazione' }), 404, 'not_found');
    assertValidation(await udp.post(`${API}/plans/${planId}/transitions`, { to: 'sconosciuto' }), 'to');
    const l = await lifecycle();
    assert.equal(l.state, 'bozza');
    assert.equal(l.history.length, 0);
  });

  test('Ufficio di Piano: concertazione, then the Assemblea approval (act required)', async () => {
    let r = await udp.post(`${API}/plans/${planId}/transitions`, { to: 'in_concertazione', on: '2021-03-01', note: 'Avvio dei tavoli' });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.state, 'in_concertazione');
    assertValidation(await udp.post(`${API}/plans/${planId}/transitions`, { to: 'approvato_assemblea', on: '2021-12-10' }), 'act');
    assertValidation(await udp.post(`${API}/plans/${planId}/transitions`, { to: 'approvato_assemblea', act: 'Verbale', on: '2021-02-01' }), 'on');
    r = await udp.post(`${API}/plans/${planId}/transitions`,
      { to: 'approvato_assemblea', from: 'in_concertazione', on: '2021-12-10', act: 'Verbale Assemblea n. 3/2021' });
    assert.equal(r.status, 200, show(r));
    assert.deepEqual(r.json.history.map((h) => [h.from, h.to, h.actor, h.on]),
      [['bozza', 'in_concertazione', 'udp.medioolona', '2021-03-01'], ['in_concertazione', 'approvato_assemblea', 'udp.medioolona', '2021-12-10']]);
    assert.equal(r.json.history[1].act, 'Verbale Assemblea n. 3/2021');
    // Now public and its text frozen.
    assert.equal((await anon.get(`${API}/plans/${planId}`)).status, 200);
    const cur = (await udp.get(`${API}/plans/${planId}`)).json;
    assert.equal(cur.can_edit, false);
    const e = assertError(await udp.put(`${API}/plans/${planId}`, { version: cur.version, plan: cur.plan }), 409, 'conflict');
    assert.equal(e.details[0].field, 'status');
  });

  test('AdP sottoscritto needs every required signature; bad signatures are refused and nothing is written', async () => {
    const e = assertError(await udp.post(`${API}/plans/${planId}/transitions`, { to: 'adp_sottoscritto' }), 409, 'conflict');
    assert.match(e.message, /Comune di Castellanza/);
    assert.match(e.message, /ASST Valle Olona/);
    const a = await adp();
    assert.equal(a.approved_by_assemblea_on, '2021-12-10');
    const castellanza = a.parties.find((p) => p.istat_code === '012042');
    const before = assertValidation(await udp.post(`${API}/plans/${planId}/adp/parties/${castellanza.id}/signature`, { signed_on: '2021-12-01' }), 'signed_on');
    assert.match(before.message, /prima dell'approvazione/);
    assertValidation(await udp.post(`${API}/plans/${planId}/adp/parties/${castellanza.id}/signature`, { signed_on: '2099-01-01' }), 'signed_on');
    assertError(await other.post(`${API}/plans/${planId}/adp/parties/${castellanza.id}/signature`, { signed_on: '2021-12-15' }), 403, 'forbidden');
    assert.equal((await adp()).parties.find((p) => p.id === castellanza.id).signed_on, null, 'nothing written');
    for (const p of a.parties.filter((x) => x.role === 'sottoscrittore')) {
      const r = await udp.post(`${API}/plans/${planId}/adp/parties/${p.id}/signature`, { signed_on: '2021-12-15', signed_by: `Legale rappresentante – ${p.name}` });
      assert.equal(r.status, 200, show(r));
    }
    const twice = assertError(await udp.post(`${API}/plans/${planId}/adp/parties/${castellanza.id}/signature`, { signed_on: '2021-12-16' }), 409, 'conflict');
    assert.equal(twice.details[0].field, 'signed_on');
    const signed = await adp();
    assert.deepEqual(signed.missing_signatures, []);
    assert.equal(signed.signed_on, '2021-12-15');
    assert.equal(signed.parties.find((p) => p.id === castellanza.id).signed_on, '2021-12-15');
    const r = await udp.post(`${API}/plans/${planId}/transitions`, { to: 'adp_sottoscritto', on: '2021-12-20' });
    assert.equal(r.status, 200, show(r));
    // The AdP is now read-only.
    assertError(await udp.put(`${API}/plans/${planId}/adp`, { version: signed.version, purposes: 'Altro' }), 409, 'conflict');
  });

  test('transmission builds the package: plan PDF, AdP PDF and a manifest with the SHA-256 of each', async () => {
    assertError(await udp.get(`${API}/plans/${planId}/package`), 404, 'not_found');
    assertError(await regione.post(`${API}/plans/${planId}/transitions`, { to: 'trasmesso' }), 403, 'forbidden');
    const r = await udp.post(`${API}/plans/${planId}/transitions`, { to: 'trasmesso', on: '2021-12-22', note: 'Inviato via PEC' });
    assert.equal(r.status, 200, show(r));
    assert.match(r.json.package.filename, /^pacchetto-medio-olona-2021-2023\.zip$/);
    const zip = await getBytes(anon, `${API}/plans/${planId}/package`);
    assert.equal(zip.status, 200);
    assert.equal(zip.headers.get('content-type'), 'application/zip');
    assert.match(zip.headers.get('content-disposition'), /attachment; filename="pacchetto-medio-olona-2021-2023\.zip"/);
    const dir = mkdtempSync(join(tmpdir(), 'pdz-pkg-'));
    try {
      writeFileSync(join(dir, 'p.zip'), zip.bytes);
      execFileSync('unzip', ['-q', join(dir, 'p.zip'), '-d', join(dir, 'out')]);
      const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'));
      assert.equal(manifest.format, 'pdz-package/1');
      assert.equal(manifest.plan.id, planId);
      assert.equal(manifest.adp_signed_on, '2021-12-15');
      assert.deepEqual(manifest.files.map((f) => f.name), ['piano-medio-olona-2021-2023.pdf', 'adp-medio-olona-2021-2023.pdf']);
      for (const f of manifest.files) {
        const bytes = readFileSync(join(dir, 'out', f.name));
        assert.equal(bytes.length, f.bytes, f.name);
        assert.equal(sha256(bytes), f.sha256, `${f.name}: sha256`);
        assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const doc = await getBytes(anon, `${API}/plans/${planId}/adp/export?format=docx`);
    assert.equal(doc.status, 200);
    assert.equal(doc.bytes.subarray(0, 2).toString(), 'PK');
  });

  test('the Region asks integrations (note required), the ambito transmits again, the Region approves', async () => {
    assertError(await udp.post(`${API}/plans/${planId}/transitions`, { to: 'approvato_regione', act: 'x' }), 403, 'forbidden');
    assertValidation(await regione.post(`${API}/plans/${planId}/transitions`, { to: 'integrazioni_richieste' }), 'note');
    let r = await regione.post(`${API}/plans/${planId}/transitions`, { to: 'integrazioni_richieste', on: '2022-01-10', note: 'Integrare gli indicatori' });
    assert.equal(r.status, 200, show(r));
    assert.equal((await udp.get(`${API}/plans/${planId}`)).json.can_edit, true, 'editable again');
    r = await udp.post(`${API}/plans/${planId}/transitions`, { to: 'trasmesso', on: '2022-01-20' });
    assert.equal(r.status, 200, show(r));
    const steps = (await lifecycle(regione)).next;
    assert.deepEqual(steps.map((s) => [s.to, s.allowed]), [['approvato_regione', true], ['integrazioni_richieste', true]]);
    assert.ok((await lifecycle(udp)).next.every((s) => !s.allowed && /Regione/.test(s.reason)));
    r = await regione.post(`${API}/plans/${planId}/transitions`, { to: 'approvato_regione', on: '2022-02-01', act: 'Decreto n. 123/2022' });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.state, 'approvato_regione');
    assert.equal(r.json.history.length, 7);
    const audit = await regione.get(`${API}/audit?entity=plan&entity_id=${planId}`);
    assert.equal(audit.json.items.filter((i) => i.action === 'transition').length, 7);
  });

  test('compliance lists every requirement with its act; the Region table shows all three ambiti', async () => {
    const c = await anon.get(`${API}/plans/${planId}/compliance`);
    assert.equal(c.status, 200, show(c));
    const codes = c.json.items.map((i) => i.code);
    for (const k of ['adp.finalita', 'adp.capofila', 'adp.ufficio_di_piano', 'adp.soggetti', 'adp.terzo_settore', 'adp.monitoraggio', 'adp.durata',
      'firme.comuni', 'firme.ats', 'firme.asst', 'capofila.tipo', 'udp.separazione', 'piano.durata', 'piano.sezioni', 'piano.indicatori']) {
      assert.ok(codes.includes(k), k);
    }
    assert.ok(c.json.items.every((i) => i.act && i.reason && ['pass', 'fail', 'warning'].includes(i.status)));
    assert.equal(c.json.items.find((i) => i.code === 'firme.comuni').status, 'pass');
    assert.equal(c.json.items.find((i) => i.code === 'udp.separazione').status, 'warning');
    const s = c.json.summary;
    assert.equal(s.pass + s.fail + s.warning, c.json.items.length);

    const g = await regione.get(`${API}/regions/03/governance`);
    assert.equal(g.status, 200, show(g));
    assert.deepEqual(g.json.items.map((x) => x.ambito.code).sort(), ['garbagnatese', 'medio-olona', 'rhodense']);
    const mo = g.json.items.find((x) => x.ambito.code === 'medio-olona');
    assert.equal(mo.state, 'approvato_regione');
    assert.equal(mo.adp_signed_on, '2021-12-15');
    assert.equal(mo.transmitted_on, '2022-01-20');
    assert.equal(mo.compliance.pass, s.pass);
    const ga = g.json.items.find((x) => x.ambito.code === 'garbagnatese');
    assert.equal(ga.state, 'approvato_assemblea');
    assert.ok(ga.compliance.fail >= 2, 'missing signatures fail');
    const rh = g.json.items.find((x) => x.ambito.code === 'rhodense');
    assert.equal(rh.state, 'prorogato');
    assert.equal(rh.compliance.fail, 0);
    assertError(await anon.get(`${API}/regions/99/governance`), 404, 'not_found');

    const cal = await udp.get(`${API}/ambiti/medio-olona/calendar`);
    assert.equal(cal.status, 200, show(cal));
    const item = cal.json.items.find((i) => i.plan_id === planId);
    assert.equal(item.code, 'approvazione-piano');
    assert.equal(item.status, 'done_on_time');
    assert.equal(item.done, '2021-12-20');
    const rc = await anon.get(`${API}/regions/03/calendar`);
    assert.equal(rc.status, 200, show(rc));
    assert.ok(rc.json.items.length >= 3);
    assert.equal(Object.values(rc.json.summary).reduce((a, b) => a + b, 0), rc.json.items.length);
  });

  test('meetings: another ambito\'s body is refused by field; approved minutes are read-only; files keep their SHA-256', async () => {
    const rhodense = (await anon.get(`${API}/ambiti/rhodense/bodies`)).json.items[0];
    const mine = (await anon.get(`${API}/ambiti/medio-olona/bodies`)).json.items.find((b) => b.kind === 'assemblea');
    const n0 = (await udp.get(`${API}/ambiti/medio-olona/meetings`)).json.total;
    const e = assertValidation(await udp.post(`${API}/ambiti/medio-olona/meetings`, { body_id: rhodense.id, held_on: '2022-03-01' }), 'body_id');
    assert.match(e.message, /rhodense/);
    assertValidation(await udp.post(`${API}/ambiti/medio-olona/meetings`, { body_id: mine.id, held_on: '2022-02-30' }), 'held_on');
    assertError(await other.post(`${API}/ambiti/medio-olona/meetings`, { body_id: mine.id, held_on: '2022-03-01' }), 403, 'forbidden');
    assert.equal((await udp.get(`${API}/ambiti/medio-olona/meetings`)).json.total, n0, 'nothing written');

    const m = await udp.post(`${API}/ambiti/medio-olona/meetings`, {
      body_id: mine.id, held_on: '2022-03-01', title: 'Monitoraggio', agenda: ['Stato di attuazione'], participants: ['Sindaco di Castellanza'],
    });
    assert.equal(m.status, 201, show(m));
    assertError(await anon.get(`${API}/meetings/${m.json.id}`), 401, 'unauthenticated');
    assertError(await other.get(`${API}/meetings/${m.json.id}`), 404, 'not_found');
    assertValidation(await udp.post(`${API}/meetings/${m.json.id}/approve`), 'minutes');
    const text = Buffer.from('Verbale firmato (demo)\n');
    const f = await udp.post(`${API}/meetings/${m.json.id}/files`, { name: 'verbale.txt', content_type: 'text/plain', content_base64: text.toString('base64') });
    assert.equal(f.status, 201, show(f));
    assert.equal(f.json.files[0].sha256, sha256(text));
    // A signed scan is larger than an ordinary text field (10,000 characters): it is accepted whole.
    const scan = Buffer.alloc(200 * 1024, 7);
    const big = await udp.post(`${API}/meetings/${m.json.id}/files`, { name: 'verbale-firmato.pdf', content_type: 'application/pdf', content_base64: scan.toString('base64') });
    assert.equal(big.status, 201, show(big));
    assert.equal(big.json.files.find((x) => x.name === 'verbale-firmato.pdf').sha256, sha256(scan));
    assertValidation(await udp.post(`${API}/meetings/${m.json.id}/files`, { name: 'vuoto.txt', content_base64: '' }), 'content_base64');
    assertValidation(await udp.post(`${API}/meetings/${m.json.id}/files`, { name: 'x.txt', content_base64: 'non base64 %%' }), 'content_base64');
    let p = await udp.patch(`${API}/meetings/${m.json.id}`, { version: big.json.version, minutes: 'Si approva lo stato di attuazione.', decisions: ['Approvato'] });
    assert.equal(p.status, 200, show(p));
    const ok = await udp.post(`${API}/meetings/${m.json.id}/approve`);
    assert.equal(ok.status, 200, show(ok));
    assert.equal(ok.json.approved_by, 'udp.medioolona');
    const down = await getBytes(anon, `${API}/meetings/${m.json.id}/files/${f.json.files[0].id}`);
    assert.equal(down.status, 200);
    assert.deepEqual(down.bytes, text);
    p = await udp.patch(`${API}/meetings/${m.json.id}`, { version: ok.json.version, minutes: 'Cambiato' });
    assert.equal(assertError(p, 409, 'conflict').details[0].field, 'approved_at');
    assertError(await udp.post(`${API}/meetings/${m.json.id}/files`, { name: 'x.txt', content_base64: 'eA==' }), 409, 'conflict');
    assert.equal((await anon.get(`${API}/meetings/${m.json.id}`)).json.minutes, 'Si approva lo stato di attuazione.');
  });

  test('bodies: one Assemblea per ambito; members must be comuni of the ambito; stale patch gets 409', async () => {
    assertError(await udp.post(`${API}/ambiti/medio-olona/bodies`, { kind: 'assemblea' }), 409, 'conflict');
    assertValidation(await udp.post(`${API}/ambiti/medio-olona/bodies`, { kind: 'tavolo_tematico' }), 'area');
    const t = await udp.post(`${API}/ambiti/medio-olona/bodies`, {
      kind: 'tavolo_tematico', area: 'minori', name: 'Tavolo Minori e famiglia',
      members: [{ name: 'Referente consultorio (demo)', organisation_kind: 'asst', coordinator: true }],
    });
    assert.equal(t.status, 201, show(t));
    assert.equal(t.json.coordinator, 'Referente consultorio (demo)');
    assertValidation(await udp.post(`${API}/bodies/${t.json.id}/members`, { name: 'Sindaco di Rho', istat_code: '015182' }), 'istat_code');
    const p = await udp.patch(`${API}/bodies/${t.json.id}`, { version: t.json.version, name: 'Tavolo Minori' });
    assert.equal(p.status, 200, show(p));
    assertError(await udp.patch(`${API}/bodies/${t.json.id}`, { version: t.json.version, name: 'Vecchio' }), 409, 'version_conflict');
    assert.equal((await anon.get(`${API}/bodies/${t.json.id}`)).json.name, 'Tavolo Minori');
  });

  test('`pdz plan check` prints the report and exits 1 when a requirement fails', () => {
    const run = (args) => {
      try {
        return { code: 0, out: execFileSync(bin, ['plan', 'check', ...args, '--db', srv.db], { cwd: sourceDir, encoding: 'utf8' }) };
      } catch (e) {
        return { code: e.status, out: String(e.stdout) };
      }
    };
    const ok = run(['--ambito', 'rhodense', '--from', '2021-01-01']);
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, /Firma di tutti i Comuni dell'ambito: Hanno firmato tutti i 9 Comuni/);
    const bad = run(['--ambito', 'garbagnatese']);
    assert.equal(bad.code, 1, bad.out);
    assert.match(bad.out, /NO {6}Firma di tutti i Comuni dell'ambito: Non hanno firmato: Comune di Senago, Comune di Solaro/);
    const json = JSON.parse(run(['--plan', String(planId), '--json']).out);
    assert.equal(json.plan_id, planId);
  });
});
