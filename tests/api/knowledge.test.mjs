// The knowledge system over HTTP: a flow imported as a job (every error listed, nothing stored), the
// same file again changing nothing, a corrected file replacing the year with history, the ambito's
// indicators changing at once, the debito informativo, suppression of small counts, permissions.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import XLSX from 'xlsx';
import { startServer, Client } from '../lib/server.mjs';
import { API, assertError, loginAs, show } from './lib/helpers.mjs';

const HEADER = 'istat_code;year;area;intervention_code;management;managed_by;amount_eur;users;funding_channel';

// Rho (015182) and Pero (015170) are in the Rhodense ambito; Bollate (015027) is not.
function spesaCsv(rows) {
  return [HEADER, ...rows].join('\n') + '\n';
}

async function runJob(client, flow, scope, body, file) {
  const start = await client.post(
    `${API}/flows/${flow}/imports?scope_kind=${scope[0]}&scope_code=${scope[1]}&file=${file}`,
    body, { raw: true, headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(start.status, 202, show(start));
  assert.equal(start.json.kind, 'flow_import');
  for (let i = 0; i < 200; i++) {
    const j = await client.get(`${API}/jobs/${start.json.id}`);
    assert.equal(j.status, 200, show(j));
    if (j.json.state !== 'running') return j.json;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

async function spendPerCapita(client, year) {
  const d = await client.get(`${API}/indicators/dashboard?level=ambito&code=rhodense&year=${year}`);
  assert.equal(d.status, 200, show(d));
  return d.json.rows.find((r) => r.indicator === 'spesa_pro_capite' && r.category === null);
}

describe('knowledge system', () => {
  let srv;
  let anon;
  let udp;
  before(async () => {
    srv = await startServer();
    anon = new Client(srv.url);
    udp = await loginAs(srv.url, 'udp.rhodense');
  });
  after(async () => { await srv?.stop(); });

  test('flows, code lists and the catalogue are public and documented', async () => {
    const f = await anon.get(`${API}/flows`);
    assert.equal(f.status, 200);
    assert.deepEqual(f.json.flows.map((x) => x.id), ['spesa', 'unita_offerta', 'fsr', 'domiciliare', 'beneficiari', 'popolazione']);
    const spesa = f.json.flows[0];
    assert.ok(spesa.columns.find((c) => c.name === 'area' && c.type === 'code' && c.list === 'aree'));
    const l = await anon.get(`${API}/codelists`);
    assert.equal(l.json.lists.find((x) => x.id === 'aree').items.length, 7);
    const i = await anon.get(`${API}/indicators`);
    assert.ok(i.json.indicators.length >= 10);
    assert.ok(i.json.indicators.find((x) => x.id === 'beneficiari_per_1000' && x.suppress_below === 5));
  });

  test('the demo flows give every level a value; the ambito is judged against its Region', async () => {
    const d = await anon.get(`${API}/indicators/dashboard?level=comune&code=015182`);
    assert.equal(d.status, 200, show(d));
    // 2015-2017: Medio Olona's history, for the monitoring of its 2015-2017 plan (data/demo/flows/README.md).
    assert.deepEqual(d.json.years, [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]);
    assert.equal(d.json.parent.code, 'rhodense');
    const row = d.json.rows.find((r) => r.indicator === 'spesa_pro_capite' && r.category === null);
    assert.ok(row.value > 20 && row.value < 300, show(row));
    assert.equal(row.siblings, 9);
    assert.ok(['better', 'similar', 'worse', 'not_compared', 'higher', 'lower'].includes(row.judgement));
    assert.equal(row.trend.length, 10);
    assert.equal(row.trend.filter((t) => t.value !== null).length, 7, 'Rho reports from 2018');
    assert.ok(row.distribution.min <= row.value && row.value <= row.distribution.max);
    // Drill-down: the ambito's comuni, each judged against the ambito.
    const b = await anon.get(`${API}/indicators/spesa_pro_capite/breakdown?level=ambito&code=rhodense&year=2024`);
    assert.equal(b.status, 200, show(b));
    assert.equal(b.json.rows.length, 9);
    assert.equal(b.json.reference.code, 'rhodense');
    const s = await anon.get(`${API}/indicators/spesa_pro_capite/series?level=ambito&code=rhodense`);
    assert.equal(s.json.series.filter((x) => x.value !== null).length, 7);
    assert.ok(s.json.series.every((p) => p.region_value > 0));
    const bad = await anon.get(`${API}/indicators/dashboard?level=ambito&code=nowhere`);
    assertError(bad, 404, 'not_found');
    const lvl = await anon.get(`${API}/indicators/dashboard?level=planet&code=x`);
    assertError(lvl, 400, 'bad_request');
  });

  test('a file with errors: every problem listed with row and column, nothing stored', async () => {
    const before = await anon.get(`${API}/flows/submissions?flow=spesa&scope_kind=ambito&scope_code=rhodense&year=2025`);
    assert.equal(before.json.submissions.length, 0);
    const csv = spesaCsv([
      '015182;2025;famiglia;A1;singola;;1.000,00;3;comune', // unknown area
      '015027;2025;anziani;A1;singola;;500,00;;', // Bollate: another ambito
      '015182;2025;anziani;A1;singola;;-5;;', // negative
      '015182;2025;anziani;A2;singola;;10,00;;',
      '015182;2025;anziani;A2;singola;;11,00;;', // same key as the row above
    ]);
    const job = await runJob(udp, 'spesa', ['ambito', 'rhodense'], csv, 'spesa-2025.csv');
    assert.equal(job.state, 'failed', JSON.stringify(job));
    assert.equal(job.error.code, 'validation_failed');
    assert.match(job.error.message, /nessun dato è stato salvato/);
    const at = (row, field) => job.error.details.find((d) => d.row === row && d.field === field);
    assert.match(at(2, 'area').reason, /non è nella lista aree/);
    assert.match(at(3, 'istat_code').reason, /non appartiene a Rhodense/);
    assert.match(at(4, 'amount_eur').reason, /negativo/);
    assert.ok(job.error.details.find((d) => d.row === 6 && /riga ripetuta/.test(d.reason)));
    assert.equal(job.error.total, 4);
    assert.equal(job.error.groups.reduce((s, g) => s + g.count, 0), 4);
    const after = await anon.get(`${API}/flows/submissions?flow=spesa&scope_kind=ambito&scope_code=rhodense&year=2025`);
    assert.equal(after.json.submissions.length, 0);
    const header = await runJob(udp, 'spesa', ['ambito', 'rhodense'], 'istat_code;year;nome\n015182;2025;Mario\n', 'x.csv');
    assert.equal(header.state, 'failed');
    assert.ok(header.error.details.find((d) => d.field === 'nome' && /dati identificativi/.test(d.reason)));
    assert.ok(header.error.details.find((d) => d.field === 'area' && /mancante/.test(d.reason)));
  });

  test('a correct spreadsheet: the year is stored, the dashboard changes at once, the same file again changes nothing', async () => {
    const before = await spendPerCapita(anon, 2024);
    // Adds 1,000,000 euro of 2024 spending to Rho as a correction of the ambito's 2024 file: the whole
    // year is sent again (all rows) plus one row.
    const rows = [];
    const exp = await anon.get(`${API}/flows/submissions?flow=spesa&scope_kind=ambito&scope_code=rhodense&year=2024`);
    assert.equal(exp.json.submissions.length, 1);
    const v1 = exp.json.submissions[0];
    const csvText = (await import('node:fs')).readFileSync(`${process.env.PDZ_SOURCE_DIR}/data/demo/flows/spesa-rhodense.csv`, 'utf8');
    const lines = csvText.trim().split('\n');
    const header = lines[0].split(';');
    for (const l of lines.slice(1)) if (l.split(';')[1] === '2024') rows.push(l.split(';'));
    rows.push(['015182', '2024', 'poverta', 'G9', 'singola', '', '1000000', '1', 'comune']);
    const ws = XLSX.utils.aoa_to_sheet([header, ...rows]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Spesa');
    const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
    const job = await runJob(udp, 'spesa', ['ambito', 'rhodense'], bytes, 'spesa-2024.xlsx');
    assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
    assert.equal(job.result.unchanged, false);
    assert.equal(job.result.submissions[0].version, v1.version + 1);
    assert.equal(job.progress.rows, rows.length);
    const after = await spendPerCapita(anon, 2024);
    assert.ok(Math.abs(after.numerator - before.numerator - 1000000) < 0.01, `${before.numerator} -> ${after.numerator}`);
    assert.ok(after.value > before.value);
    // History: both versions, only the new one current.
    const hist = await anon.get(`${API}/flows/submissions?flow=spesa&scope_kind=ambito&scope_code=rhodense&year=2024&history=true`);
    assert.deepEqual(hist.json.submissions.map((s) => [s.version, s.current]), [[v1.version + 1, true], [v1.version, false]]);
    // The same file again: nothing changes.
    const again = await runJob(udp, 'spesa', ['ambito', 'rhodense'], bytes, 'spesa-2024.xlsx');
    assert.equal(again.state, 'succeeded');
    assert.equal(again.result.unchanged, true);
    const hist2 = await anon.get(`${API}/flows/submissions?flow=spesa&scope_kind=ambito&scope_code=rhodense&year=2024&history=true`);
    assert.equal(hist2.json.submissions.length, 2);
  });

  test('XLSX with a formula is refused, naming the cell', async () => {
    const ws = XLSX.utils.aoa_to_sheet([HEADER.split(';'), ['015182', '2023', 'anziani', 'A1', 'singola', '', 1, '', '']]);
    ws.G2 = { t: 'n', f: 'SUM(1,2)', v: 3 };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Spesa');
    const job = await runJob(udp, 'spesa', ['ambito', 'rhodense'], XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }), 'f.xlsx');
    assert.equal(job.state, 'failed');
    assert.match(JSON.stringify(job.error), /G2/);
  });

  test('permissions: anonymous 401, another ambito 403, jobs are their owner\'s', async () => {
    const r = await anon.post(`${API}/flows/spesa/imports?scope_kind=ambito&scope_code=rhodense`, 'x', { raw: true });
    assert.ok([401, 403].includes(r.status), show(r));
    const other = await udp.post(`${API}/flows/spesa/imports?scope_kind=ambito&scope_code=garbagnatese&file=x.csv`, spesaCsv([]),
      { raw: true, headers: { 'content-type': 'application/octet-stream' } });
    assertError(other, 403, 'forbidden');
    const unknown = await udp.post(`${API}/flows/nope/imports?scope_kind=ambito&scope_code=rhodense`, 'x',
      { raw: true, headers: { 'content-type': 'application/octet-stream' } });
    assertError(unknown, 404, 'not_found');
    const job = await runJob(udp, 'spesa', ['ambito', 'rhodense'], spesaCsv([]), 'empty.csv');
    assert.equal(job.state, 'failed');
    const g = await loginAs(srv.url, 'udp.garbagnatese');
    assertError(await g.get(`${API}/jobs/${job.id}`), 404, 'not_found');
  });

  test('debito informativo: what each comune owes, what was sent, completeness', async () => {
    const d = await anon.get(`${API}/ambiti/rhodense/debito?year=2023`);
    assert.equal(d.status, 200, show(d));
    const spesa = d.json.obligations.filter((o) => o.flow === 'spesa');
    assert.equal(spesa.length, 9);
    assert.ok(spesa.every((o) => o.submission && o.owed_by === 'comune'));
    assert.equal(spesa[0].due, '2024-06-30');
    assert.match(spesa[0].act, /DGR 2941\/2014/);
    const y = await anon.get(`${API}/ambiti/rhodense/debito?year=2017`);
    assert.equal(y.json.submitted, 0);
    assert.ok(y.json.overdue > 0);
    const reg = await anon.get(`${API}/regions/03/debito?year=2023`);
    assert.equal(reg.json.ambiti.length, 3);
    assert.equal(reg.json.ambiti.every((a) => a.percent === 100), true);
    assertError(await anon.get(`${API}/ambiti/rhodense/debito`), 422, 'validation_failed');
  });

  test('small counts are hidden from everyone but the data owner', async () => {
    // Find a comune and measure whose count is below 5 in 2024, then compare anonymous and owner views.
    const owner = await udp.get(`${API}/indicators/dashboard?level=comune&code=015176&year=2024`);
    const small = owner.json.rows.find((r) => r.indicator === 'utenti_domiciliari_per_1000' && r.numerator > 0 && r.numerator < 5);
    assert.ok(small, 'the demo has a small count of home-care users in Pogliano Milanese');
    assert.equal(small.suppressed, false);
    const pub = await anon.get(`${API}/indicators/dashboard?level=comune&code=015176&year=2024`);
    const hidden = pub.json.rows.find((r) => r.indicator === small.indicator && r.category === small.category);
    assert.equal(hidden.suppressed, true);
    assert.equal(hidden.value, null);
    assert.equal(hidden.numerator, null);
  });

  test('dashboard export as CSV and XLSX', async () => {
    const csv = await anon.get(`${API}/indicators/dashboard?level=ambito&code=rhodense&year=2024&format=csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.text, /Spesa sociale per abitante/);
    const x = await anon.request('GET', `${API}/indicators/dashboard?level=ambito&code=rhodense&year=2024&format=xlsx`, undefined, { binary: true });
    const wb = XLSX.read(x.bytes);
    const rows = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1 });
    assert.equal(rows[0][0], 'indicatore');
    assert.ok(rows.length > 10);
  });
});
