// Monitoring views as CSV and XLSX (docs/monitoring.md §5): the plan's matrix, the Cabina di regia's
// and the Region's tables; the same rows as the JSON views, the same permissions, 400 for a bad format.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import XLSX from 'xlsx';
import { startServer, Client } from '../lib/server.mjs';
import { API, assertError, loginAs, show } from './lib/helpers.mjs';

/** RFC 4180 with ';' (what the server writes): rows of fields, quotes and line breaks inside fields. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') { row.push(field); field = ''; } else if (c === '\r') { /* CRLF */ } else if (c === '\n') {
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const MATRIX_HEADER = ['Livello', 'Codice', 'Descrizione', 'Stato', 'Avanzamento %', 'Atteso %', 'Giudizio',
  'Scadenza', 'In ritardo', 'Baseline', 'Target', 'Ultimo valore', 'Data ultimo valore', 'Fonte', 'Peso', 'Note'];

describe('monitoring exports', () => {
  let srv, udp, other, anon, planId, agencyCode;
  const AS_OF = '2016-06-30';

  before(async () => {
    srv = await startServer();
    udp = await loginAs(srv.url, 'udp.medioolona');
    other = await loginAs(srv.url, 'udp.rhodense');
    anon = new Client(srv.url);
    const plans = (await anon.get(`${API}/ambiti/medio-olona/plans`)).json.items;
    planId = plans.find((p) => p.period.from.startsWith('2015')).id;
    agencyCode = (await anon.get(`${API}/ambiti/medio-olona`)).json.agency.code;
  });
  after(async () => { await srv?.stop(); });

  const csvOf = async (path, c = anon) => {
    const r = await c.get(path, { binary: true });
    assert.equal(r.status, 200, `status ${r.status}: ${r.bytes.toString('utf8').slice(0, 300)}`);
    assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
    assert.deepEqual([...r.bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF], 'the CSV starts with a UTF-8 BOM');
    return { rows: parseCsv(r.bytes.subarray(3).toString('utf8')), disposition: r.headers.get('content-disposition') };
  };
  const nodes = (v) => {
    const out = [];
    for (const g of v.objectives) {
      out.push(['Obiettivo generale', g]);
      for (const s of g.specific) {
        out.push(['Obiettivo specifico', s]);
        for (const a of s.actions) out.push(['Azione', a]);
        for (const i of s.indicators) out.push(['Indicatore', i]);
      }
    }
    return out;
  };

  test('the plan\'s CSV: BOM, header, one row per node in order; an action\'s change shows', async () => {
    const v = (await anon.get(`${API}/plans/${planId}/monitoring?as_of=${AS_OF}`)).json;
    const { rows, disposition } = await csvOf(`${API}/plans/${planId}/monitoring?as_of=${AS_OF}&format=csv`);
    assert.match(disposition, /attachment; filename="monitoraggio-medio-olona-2015-2017-2016-06-30\.csv"/);
    assert.deepEqual(rows[0], MATRIX_HEADER);
    const body = rows.slice(1);
    const expected = nodes(v);
    assert.equal(body.length, expected.length, 'one row per objective, action and indicator');
    const actions = v.objectives.flatMap((o) => o.specific).flatMap((s) => s.actions);
    const indicators = v.objectives.flatMap((o) => o.specific).flatMap((s) => s.indicators);
    assert.ok(actions.length > 0 && indicators.length > 0);
    assert.equal(body.filter((r) => r[0] === 'Azione').length, actions.length);
    assert.equal(body.filter((r) => r[0] === 'Indicatore').length, indicators.length);
    body.forEach((r, k) => {
      assert.equal(r.length, MATRIX_HEADER.length, `row ${k + 2} has every column`);
      assert.equal(r[0], expected[k][0], `row ${k + 2}`);
      if (r[0] === 'Azione' || r[0] === 'Indicatore') assert.equal(r[1], expected[k][1].id, `row ${k + 2}`);
    });
    for (const r of body.filter((x) => x[0] === 'Indicatore')) {
      assert.ok(['Raggiunto', 'In linea', 'A rischio', 'In ritardo', 'Non misurato', 'Non calcolabile'].includes(r[6]), r[6]);
    }
    for (const r of body.filter((x) => x[0] === 'Azione')) assert.ok(['sì', 'no'].includes(r[8]), r[8]);

    // The Ufficio di Piano moves an action on: the export says so.
    const a = actions.find((x) => x.status === 'not_started') ?? actions[0];
    const moved = await udp.patch(`${API}/plans/${planId}/monitoring/actions/${a.id}`,
      { status: 'in_progress', progress: 45, notes: 'Riunione; "primo" incontro', version: a.version });
    assert.equal(moved.status, 200, show(moved));
    const after = (await csvOf(`${API}/plans/${planId}/monitoring?as_of=${AS_OF}&format=csv`)).rows;
    const row = after.find((r) => r[0] === 'Azione' && r[1] === a.id);
    assert.equal(row[3], 'In corso');
    assert.equal(row[4], '45');
    assert.equal(row[15], 'Riunione; "primo" incontro');
  });

  test('the plan\'s XLSX: a zip with Matrice, Sintesi and In ritardo; numbers are numbers', async () => {
    const v = (await anon.get(`${API}/plans/${planId}/monitoring?as_of=${AS_OF}`)).json;
    const r = await anon.get(`${API}/plans/${planId}/monitoring?as_of=${AS_OF}&format=xlsx`, { binary: true });
    assert.equal(r.status, 200, show(r));
    assert.match(r.headers.get('content-type'), /spreadsheetml\.sheet/);
    assert.match(r.headers.get('content-disposition'), /monitoraggio-medio-olona-2015-2017-2016-06-30\.xlsx/);
    assert.equal(r.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a zip archive');
    const wb = XLSX.read(r.bytes, { type: 'buffer' });
    assert.deepEqual(wb.SheetNames, ['Matrice', 'Sintesi', 'In ritardo']);
    const matrix = XLSX.utils.sheet_to_json(wb.Sheets.Matrice, { header: 1, defval: '' });
    assert.deepEqual(matrix[0], MATRIX_HEADER);
    assert.equal(matrix.length - 1, nodes(v).length);
    const action = matrix.find((x) => x[0] === 'Azione');
    assert.equal(typeof action[4], 'number', 'Avanzamento % is a number');
    assert.equal(typeof action[14], 'number', 'Peso is a number');
    const summary = XLSX.utils.sheet_to_json(wb.Sheets.Sintesi);
    const plan = summary.find((x) => x.Sezione === 'Piano');
    assert.equal(plan.Voce, v.plan.title);
    if (v.progress.value !== null) assert.equal(plan['Avanzamento %'], Math.round(v.progress.value * 1000) / 10);
    assert.equal(summary.filter((x) => x.Sezione === 'Dimensione').length, v.by_dimension.length);
    assert.equal(summary.filter((x) => x.Sezione === 'Area').length, v.by_area.length);
    assert.equal(summary.filter((x) => x.Sezione === 'Obiettivo strategico').length, v.by_strategic_objective.length);
    const late = XLSX.utils.sheet_to_json(wb.Sheets['In ritardo']);
    assert.equal(late.length, v.overdue.length);
    if (late.length) assert.equal(late[0]['Giorni di ritardo'], v.overdue[0].days_late);
  });

  test('the Cabina di regia\'s and the Region\'s CSV and XLSX: one row per ambito of the view', async () => {
    for (const [path, name] of [
      [`${API}/agencies/${encodeURIComponent(agencyCode)}/monitoring?as_of=${AS_OF}`, 'ats'],
      [`${API}/regions/03/monitoring?as_of=${AS_OF}`, 'regione'],
    ]) {
      const v = (await anon.get(path)).json;
      const { rows, disposition } = await csvOf(`${path}&format=csv`);
      assert.match(disposition, new RegExp(`filename="monitoraggio-${name}-[A-Za-z0-9_-]+-${AS_OF}\\.csv"`), disposition);
      assert.deepEqual(rows[0].slice(0, 3), ['Ambito', 'Codice ambito', 'Piano']);
      const body = rows.slice(1);
      assert.equal(body.length, v.ambiti.length, path);
      assert.deepEqual(body.map((r) => r[1]), v.ambiti.map((a) => a.ambito.code));
      assert.deepEqual(body.map((r) => r[2]), v.ambiti.map((a) => a.plan?.title ?? ''));
      const mo = body.find((r) => r[1] === 'medio-olona');
      const moJson = v.ambiti.find((a) => a.ambito.code === 'medio-olona');
      assert.equal(mo[rows[0].indexOf('Azioni')], String(moJson.actions));
      assert.equal(mo[rows[0].indexOf('Azioni in ritardo')], String(moJson.overdue));
      if ('reports_due' in moJson) assert.equal(mo[rows[0].indexOf('Relazioni da presentare')], String(moJson.reports_due));
      const x = await anon.get(`${path}&format=xlsx`, { binary: true });
      assert.equal(x.status, 200, show(x));
      const wb = XLSX.read(x.bytes, { type: 'buffer' });
      assert.deepEqual(wb.SheetNames, ['Piani', 'Per dimensione', 'Per obiettivo strategico']);
      assert.equal(XLSX.utils.sheet_to_json(wb.Sheets.Piani).length, v.ambiti.length);
      assert.equal(XLSX.utils.sheet_to_json(wb.Sheets['Per dimensione']).length, v.by_dimension.length);
      assert.equal(XLSX.utils.sheet_to_json(wb.Sheets['Per obiettivo strategico']).length, v.by_strategic_objective.length);
    }
    assertError(await anon.get(`${API}/regions/99/monitoring?format=csv`), 404, 'not_found');
  });

  test('an unknown format is a 400 naming `format`; json is the default', async () => {
    for (const path of [`${API}/plans/${planId}/monitoring`, `${API}/agencies/${encodeURIComponent(agencyCode)}/monitoring`,
      `${API}/regions/03/monitoring`]) {
      const e = assertError(await anon.get(`${path}?format=pdf`), 400, 'bad_request');
      assert.equal(e.details[0].field, 'format');
      const j = await anon.get(`${path}?format=json`);
      assert.equal(j.status, 200, show(j));
      assert.match(j.headers.get('content-type'), /^application\/json/);
    }
  });

  test('a private plan\'s export is as private as its view', async () => {
    const draft = await udp.post(`${API}/ambiti/medio-olona/plans`,
      { copy_from: planId, period: { from: '2030-01-01', to: '2032-12-31' }, title: 'Bozza per l\'export' });
    assert.equal(draft.status, 201, show(draft));
    const id = draft.json.id;
    for (const c of [anon, other]) {
      const j = await c.get(`${API}/plans/${id}/monitoring`);
      assert.notEqual(j.status, 200, 'the draft\'s view is private');
      for (const format of ['csv', 'xlsx']) {
        const f = await c.get(`${API}/plans/${id}/monitoring?format=${format}`);
        assert.equal(f.status, j.status, show(f));
        assert.deepEqual(f.json.error.code, j.json.error.code);
      }
    }
    const own = await csvOf(`${API}/plans/${id}/monitoring?format=csv`, udp);
    assert.match(own.disposition, /monitoraggio-medio-olona-2030-2032-/);
  });
});
