// Evidence of a monitored action (docs/monitoring.md §2, §5): a link, a meeting of the ambito, an act, a
// file (downloaded byte for byte, SHA-256 kept); removal keeps the row; both are in the action's history
// and the audit log; every bad field is named and writes nothing; other ambiti are refused.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client } from '../lib/server.mjs';
import { API, assertError, assertValidation, loginAs, show } from './lib/helpers.mjs';

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

async function getBytes(client, path) {
  const res = await fetch(client.base + path, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('evidence of the actions of the Medio Olona 2015-2017 plan', () => {
  let srv, udp, other, region, anon, planId, action, path, myMeeting, theirMeeting;

  before(async () => {
    srv = await startServer();
    udp = await loginAs(srv.url, 'udp.medioolona');
    other = await loginAs(srv.url, 'udp.rhodense');
    region = await loginAs(srv.url, 'regione');
    anon = new Client(srv.url);
    const plans = (await anon.get(`${API}/ambiti/medio-olona/plans`)).json.items;
    planId = plans.find((p) => p.period.from.startsWith('2015')).id;
    action = (await anon.get(`${API}/plans/${planId}/monitoring`)).json.objectives[0].specific[0].actions[0];
    path = `${API}/plans/${planId}/monitoring/actions/${action.id}/evidence`;
    myMeeting = (await udp.get(`${API}/ambiti/medio-olona/meetings`)).json.items[0];
    theirMeeting = (await other.get(`${API}/ambiti/rhodense/meetings`)).json.items[0];
    assert.ok(myMeeting && theirMeeting, 'the demo has meetings in both ambiti');
  });
  after(async () => { await srv?.stop(); });

  const evidenceOf = async (c = anon) => {
    const v = await c.get(`${API}/plans/${planId}/monitoring`);
    assert.equal(v.status, 200, show(v));
    return v.json.objectives.flatMap((o) => o.specific).flatMap((s) => s.actions).find((a) => a.id === action.id).evidence;
  };
  const history = async () => (await anon.get(`${API}/plans/${planId}/monitoring/actions/${action.id}/history`)).json.items;
  const auditCount = async () =>
    (await region.get(`${API}/audit?entity=plan&entity_id=${planId}&limit=500`)).json.items
      .filter((i) => i.action === 'add_evidence' || i.action === 'remove_evidence').length;

  test('every bad field is named (422), outsiders refused, unknown action 404, and nothing is written', async () => {
    const h0 = (await history()).length;
    const a0 = await auditCount();
    const pdf = Buffer.from('%PDF-1.4 prova').toString('base64');
    const cases = [
      [{ kind: 'foto', title: 'x' }, 'kind'],
      [{ title: 'x', url: 'https://example.org' }, 'kind'],
      [{ kind: 'link', title: 'Delibera', url: 'ftp://example.org/a.pdf' }, 'url'],
      [{ kind: 'link', title: 'Delibera', url: 'javascript:alert(1)' }, 'url'],
      [{ kind: 'link', title: 'Delibera', url: 'https://' }, 'url'],
      [{ kind: 'link', title: 'Delibera', url: 'https://example.org/a b' }, 'url'],
      [{ kind: 'link', url: 'https://example.org' }, 'title'],
      [{ kind: 'link', title: '   ', url: 'https://example.org' }, 'title'],
      [{ kind: 'link', title: 'x', url: 'https://example.org', colore: 'blu' }, 'colore'],
      [{ kind: 'meeting', meeting_id: 999999 }, 'meeting_id'],
      [{ kind: 'meeting', meeting_id: theirMeeting.id }, 'meeting_id'],
      [{ kind: 'meeting' }, 'meeting_id'],
      [{ kind: 'act', title: 'Determina', act_number: '12', act_date: '2016-02-30' }, 'act_date'],
      [{ kind: 'act', title: 'Determina', act_number: '12', act_date: '30/01/2016' }, 'act_date'],
      [{ kind: 'act', title: 'Determina', act_date: '2016-01-30' }, 'act_number'],
      [{ kind: 'file', title: 'Verbale', file_name: 'v.pdf', content_type: 'application/pdf', content_base64: '!!non base64!!' }, 'content_base64'],
      [{ kind: 'file', title: 'Verbale', file_name: 'v.pdf', content_type: 'application/pdf' }, 'content_base64'],
      [{ kind: 'file', title: 'Verbale', file_name: '../v.pdf', content_type: 'application/pdf', content_base64: pdf }, 'file_name'],
      [{ kind: 'file', title: 'Verbale', file_name: 'v.pdf', content_type: 'pdf', content_base64: pdf }, 'content_type'],
    ];
    for (const [body, field] of cases) assertValidation(await udp.post(path, body), field);
    // A file over 5 MiB (its base64 text is still under the API's 10 MiB body limit).
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 7).toString('base64');
    const e = assertValidation(await udp.post(path, { kind: 'file', title: 'Grande', file_name: 'g.bin', content_base64: big }), 'content_base64');
    assert.match(e.details.find((d) => d.field === 'content_base64').reason, /5 MiB/);
    const link = { kind: 'link', title: 'Delibera', url: 'https://example.org/delibera.pdf' };
    assertError(await other.post(path, link), 403, 'forbidden');
    assertError(await anon.post(path, link), 401, 'unauthenticated');
    assertError(await udp.post(`${API}/plans/${planId}/monitoring/actions/a9999/evidence`, link), 404, 'not_found');
    assertError(await udp.post(`${API}/plans/999999/monitoring/actions/${action.id}/evidence`, link), 404, 'not_found');
    assert.deepEqual(await evidenceOf(), [], 'nothing written');
    assert.equal((await history()).length, h0, 'no history row');
    assert.equal(await auditCount(), a0, 'no audit entry');
  });

  test('a link, a meeting of the ambito, an act: listed on the action, in the history and the audit', async () => {
    const a0 = await auditCount();
    const link = await udp.post(path, { kind: 'link', title: 'Delibera di avvio', url: 'https://www.comune.legnano.mi.it/delibera.pdf' });
    assert.equal(link.status, 201, show(link));
    assert.equal(link.json.kind, 'link');
    assert.equal(link.json.url, 'https://www.comune.legnano.mi.it/delibera.pdf');
    assert.equal(link.json.added_by, 'udp.medioolona');
    const meeting = await udp.post(path, { kind: 'meeting', meeting_id: myMeeting.id });
    assert.equal(meeting.status, 201, show(meeting));
    assert.equal(meeting.json.meeting_id, myMeeting.id);
    assert.match(meeting.json.title, new RegExp(`^${myMeeting.title} del \\d{2}/\\d{2}/\\d{4}$`), 'the meeting\'s title and date');
    assert.deepEqual(meeting.json.meeting, { id: myMeeting.id, title: myMeeting.title, held_on: myMeeting.held_on });
    const act = await udp.post(path, { kind: 'act', title: 'Determina di affidamento', act_number: '123/2016', act_date: '2016-03-15' });
    assert.equal(act.status, 201, show(act));
    assert.equal(act.json.act_number, '123/2016');
    assert.equal(act.json.act_date, '2016-03-15');

    const listed = await evidenceOf();
    assert.deepEqual(listed.map((x) => x.kind), ['link', 'meeting', 'act']);
    assert.equal(listed[1].meeting.held_on, myMeeting.held_on, 'approved minutes: the meeting is shown to anyone');
    assert.equal(listed[0].download, undefined, 'only files are downloaded');
    const h = await history();
    assert.equal(h[0].note, 'Aggiunta evidenza: Determina di affidamento');
    assert.equal(h[0].after.evidence_added.id, act.json.id);
    assert.equal(h[0].after.status, h[0].before.status, 'the action\'s state does not change');
    assert.equal(await auditCount(), a0 + 3);
  });

  test('a report\'s document lists each action\'s evidence', async () => {
    const r = await udp.post(`${API}/plans/${planId}/reports`, { kind: 'avanzamento', period_from: '2016-01-01', period_to: '2016-12-31' });
    assert.equal(r.status, 201, show(r));
    const docx = await getBytes(udp, `${API}/reports/${r.json.id}/export?format=docx`);
    assert.equal(docx.status, 200);
    const file = join(srv.dir, 'relazione-evidenze.docx');
    writeFileSync(file, docx.bytes);
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.match(xml, /Evidenze: Delibera di avvio; /);
    assert.match(xml, /Determina di affidamento/);
  });

  test('a file: stored with its SHA-256, downloaded byte for byte by whoever reads the plan', async () => {
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0x00, 0xff, 0xfe, 0x80]);
    const r = await udp.post(path, {
      kind: 'file', title: 'Verbale di verifica', file_name: 'verifica.pdf', content_type: 'application/pdf',
      content_base64: bytes.toString('base64'),
    });
    assert.equal(r.status, 201, show(r));
    assert.equal(r.json.size, bytes.length);
    assert.equal(r.json.sha256, sha256(bytes));
    assert.equal(r.json.file_name, 'verifica.pdf');
    assert.equal(r.json.download, `${API}/plans/${planId}/monitoring/evidence/${r.json.id}/file`);
    const down = await getBytes(anon, r.json.download);
    assert.equal(down.status, 200);
    assert.equal(down.headers.get('content-type'), 'application/pdf');
    assert.match(down.headers.get('content-disposition'), /verifica\.pdf/);
    assert.ok(down.bytes.equals(bytes), 'the same bytes');
    assert.equal(sha256(down.bytes), r.json.sha256);
    const listed = (await evidenceOf()).find((x) => x.id === r.json.id);
    assert.equal(listed.sha256, sha256(bytes));
    assertError(await anon.get(`${API}/plans/${planId}/monitoring/evidence/999999/file`), 404, 'not_found');
    const link = (await evidenceOf()).find((x) => x.kind === 'link');
    assertError(await anon.get(`${API}/plans/${planId}/monitoring/evidence/${link.id}/file`), 404, 'not_found');
  });

  test('removal hides the evidence but keeps it; history and audit say so; outsiders refused', async () => {
    const file = (await evidenceOf()).find((x) => x.kind === 'file');
    const del = `${path}/${file.id}`;
    assertError(await other.delete(del), 403, 'forbidden');
    assertError(await anon.delete(del), 401, 'unauthenticated');
    assertError(await udp.delete(`${path}/999999`), 404, 'not_found');
    assertError(await udp.delete(`${API}/plans/${planId}/monitoring/actions/a9999/evidence/${file.id}`), 404, 'not_found');
    assert.ok((await evidenceOf()).some((x) => x.id === file.id), 'still there');
    const a0 = await auditCount();
    const r = await udp.delete(del);
    assert.equal(r.status, 204, show(r));
    assert.ok(!(await evidenceOf()).some((x) => x.id === file.id), 'hidden from the list');
    assertError(await anon.get(file.download), 404, 'not_found');
    assertError(await udp.delete(del), 404, 'not_found');
    const h = await history();
    assert.equal(h[0].note, 'Rimossa evidenza: Verbale di verifica');
    assert.equal(h[0].after.evidence_removed.id, file.id);
    assert.equal(await auditCount(), a0 + 1);
    const audit = (await region.get(`${API}/audit?entity=plan&entity_id=${planId}&limit=500`)).json.items
      .find((i) => i.action === 'remove_evidence');
    assert.equal(audit.actor, 'udp.medioolona');
  });

  test('a plan not yet approved takes no evidence; another ambito\'s officer cannot see a private plan\'s', async () => {
    const drafts = (await udp.get(`${API}/ambiti/medio-olona/plans`)).json.items.filter((p) => p.id !== planId);
    assert.ok(drafts.length > 0, 'the demo has a Medio Olona draft');
    const draft = drafts[0].id;
    const doc = (await udp.get(`${API}/plans/${draft}`)).json.plan;
    const a = doc.objectives.flatMap((o) => o.specific).flatMap((s) => s.actions)[0];
    const id = typeof a === 'string' ? 'a1' : a.id;
    assertError(await udp.post(`${API}/plans/${draft}/monitoring/actions/${id}/evidence`, { kind: 'link', title: 'x', url: 'https://example.org' }), 409, 'conflict');
    assertError(await other.post(`${API}/plans/${draft}/monitoring/actions/${id}/evidence`, { kind: 'link', title: 'x', url: 'https://example.org' }), 404, 'not_found');
    assertError(await other.get(`${API}/plans/${draft}/monitoring/evidence/1/file`), 404, 'not_found');
  });
});
