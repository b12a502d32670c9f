// Import of the resource frame from an XLSX or CSV file (all or nothing): on 422 the error report as a table
// (riga, colonna, valore, problema), on success the rows added, changed, removed and unchanged.
import { useRef, useState } from 'react';
import { moneyApi, resourceFieldLabel, type ImportResult } from '../api/finance';
import { describeError, ErrorAlert } from './Status';

export function ResourceImport({ plan, onImported }: { plan: number; onImported(): void }) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [mode, setMode] = useState<'replace' | 'add'>('add');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    setResult(null);
    setFailure(null);
    setMissing(!file);
    if (!file) return;
    setBusy(true);
    try {
      const bytes = await file.arrayBuffer();
      const r = await moneyApi.importFile(plan, file.name, bytes, mode, reason.trim());
      setResult(r);
      onImported();
    } catch (ex) {
      setFailure(ex);
    } finally {
      setBusy(false);
    }
  }

  const err = failure !== null ? describeError(failure) : null;
  const report = err && err.status === 422 ? err.details : [];
  return (
    <section aria-labelledby="rf-import-title" className="mt-4" id="rf-import">
      <h3 id="rf-import-title" className="h5">
        Importa da file
      </h3>
      <p>
        Carica un file XLSX o CSV con le colonne del quadro (le stesse dei file scaricabili). L’importazione è tutto o
        niente: se una riga ha un errore non viene salvato nulla.
      </p>
      <form onSubmit={submit} noValidate className="row g-3 align-items-end">
        <div className="col-12 col-lg-4">
          <label htmlFor="rf-import-file" className="pdz-label d-block">
            File (XLSX o CSV)
          </label>
          <input
            ref={fileRef}
            id="rf-import-file"
            type="file"
            className="form-control"
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={missing || undefined}
            aria-describedby={missing ? 'rf-import-file-error' : undefined}
          />
          {missing && (
            <div id="rf-import-file-error" className="invalid-feedback d-block">
              Scegli il file da importare.
            </div>
          )}
        </div>
        <fieldset className="col-12 col-lg-4">
          <legend className="pdz-label">Modalità</legend>
          <div className="form-check">
            <input className="form-check-input" type="radio" name="rf-import-mode" id="rf-import-add" checked={mode === 'add'} onChange={() => setMode('add')} />
            <label className="form-check-label" htmlFor="rf-import-add">
              Aggiungi e correggi (le righe assenti dal file restano)
            </label>
          </div>
          <div className="form-check">
            <input className="form-check-input" type="radio" name="rf-import-mode" id="rf-import-replace" checked={mode === 'replace'} onChange={() => setMode('replace')} />
            <label className="form-check-label" htmlFor="rf-import-replace">
              Sostituisci il quadro (le righe assenti dal file sono rimosse)
            </label>
          </div>
        </fieldset>
        <div className="col-12 col-lg-4">
          <label htmlFor="rf-import-reason" className="pdz-label d-block">
            Motivo (facoltativo)
          </label>
          <input id="rf-import-reason" type="text" className="form-control" value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <div className="col-12">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Importazione in corso…' : 'Importa il file'}
          </button>
        </div>
      </form>
      <div aria-live="polite" className="mt-3" id="rf-import-outcome">
        {result && (
          <div className="alert alert-success" role="status">
            File {result.file} importato: {result.added} righe aggiunte, {result.changed} corrette, {result.removed} rimosse,{' '}
            {result.unchanged} invariate.
          </div>
        )}
        {err && report.length === 0 && <ErrorAlert error={failure} title="File non importato" fieldLabel={resourceFieldLabel} />}
        {err && report.length > 0 && (
          <div className="alert alert-danger" role="alert">
            <p className="fw-semibold mb-1">File non importato</p>
            <p className="mb-2">{err.message}</p>
            <div className="table-responsive">
              <table className="table table-sm mb-0 bg-white" id="rf-import-errors">
                <caption>
                  {report.length === 1 ? '1 problema' : `${report.length} problemi`} nel file
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Riga</th>
                    <th scope="col">Colonna</th>
                    <th scope="col">Valore</th>
                    <th scope="col">Problema</th>
                  </tr>
                </thead>
                <tbody>
                  {report.map((d, i) => (
                    <tr key={i}>
                      <td>{d.row ?? '–'}</td>
                      <td>{d.field ?? '–'}</td>
                      <td>{d.value === undefined || d.value === null ? '–' : typeof d.value === 'object' ? JSON.stringify(d.value) : String(d.value)}</td>
                      <td>{d.reason ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
