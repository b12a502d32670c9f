// Form to edit an ambito's ente capofila and Ufficio di Piano (PATCH with version; 409 and 422 explained in Italian).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import { capofilaTypeLabels, udpFieldLabels } from '../api/labels';
import type { Ambito, CapofilaType, UfficioDiPiano } from '../api/types';
import { ErrorAlert } from './Status';

type UdpKey = keyof UfficioDiPiano;
const udpKeys: UdpKey[] = ['host_body', 'head', 'address', 'email', 'pec', 'phone'];
const udpInputType: Partial<Record<UdpKey, string>> = { email: 'email', pec: 'email', phone: 'tel' };
const udpAutocomplete: Partial<Record<UdpKey, string>> = { email: 'email', phone: 'tel', address: 'street-address' };

interface FormState {
  capofila_name: string;
  capofila_type: CapofilaType;
  udp: Required<UfficioDiPiano>;
}

function fromAmbito(a: Ambito): FormState {
  const u = a.ufficio_di_piano;
  return {
    capofila_name: a.capofila.name,
    capofila_type: a.capofila.type,
    udp: {
      host_body: u?.host_body ?? '',
      address: u?.address ?? '',
      email: u?.email ?? '',
      phone: u?.phone ?? '',
      pec: u?.pec ?? '',
      head: u?.head ?? '',
    },
  };
}

/** Maps an API field path (e.g. "ufficio_di_piano.email") to the id of its input. */
function inputIdFor(field: string): string | null {
  const f = field.replace(/^\$\.?/, '');
  if (f === 'capofila.name' || f === 'capofila') return 'f-capofila-name';
  if (f === 'capofila.type') return 'f-capofila-type';
  const m = /^ufficio_di_piano\.(\w+)$/.exec(f);
  if (m && (udpKeys as string[]).includes(m[1])) return `f-udp-${m[1]}`;
  return null;
}

export function fieldLabel(field: string): string {
  const f = field.replace(/^\$\.?/, '');
  if (f === 'capofila.name') return 'Nome dell’ente capofila';
  if (f === 'capofila.type') return 'Tipo di ente capofila';
  if (f === 'capofila') return 'Ente capofila';
  if (f === 'version') return 'Versione';
  if (f === 'name') return 'Nome dell’ambito';
  if (f === 'ufficio_di_piano') return 'Ufficio di Piano';
  const m = /^ufficio_di_piano\.(\w+)$/.exec(f);
  if (m && udpFieldLabels[m[1]]) return `Ufficio di Piano – ${udpFieldLabels[m[1]]}`;
  return field;
}

interface Props {
  ambito: Ambito;
  onSaved(a: Ambito): void;
  onCancel(): void;
}

export function AmbitoEditForm({ ambito, onSaved, onCancel }: Props) {
  const [form, setForm] = useState<FormState>(() => fromAmbito(ambito));
  const [version, setVersion] = useState(ambito.version);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Ambito | null>(null);
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);

  useEffect(() => firstRef.current?.focus(), []);
  useEffect(() => {
    if (error || conflict) alertRef.current?.focus();
  }, [error, conflict]);

  const badIds = new Set(
    error instanceof ApiError && error.status === 422
      ? error.details.map((d) => (d.field ? inputIdFor(d.field) : null)).filter(Boolean)
      : [],
  );
  const invalid = (id: string) =>
    badIds.has(id) ? { 'aria-invalid': true as const, 'aria-describedby': 'edit-errors' } : {};

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    setConflict(null);
    const udpEmpty = udpKeys.every((k) => form.udp[k].trim() === '');
    try {
      const saved = await api.patchAmbito(ambito.code, {
        version,
        capofila: { name: form.capofila_name.trim(), type: form.capofila_type },
        ...(udpEmpty && !ambito.ufficio_di_piano
          ? {}
          : { ufficio_di_piano: Object.fromEntries(udpKeys.map((k) => [k, form.udp[k].trim()])) as unknown as UfficioDiPiano }),
      });
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const current = e.details[0]?.value as Ambito | undefined;
        if (current && typeof current === 'object' && typeof current.version === 'number') {
          setConflict(current);
          setVersion(current.version);
        } else {
          setConflict(ambito);
        }
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const udpSet = (k: UdpKey, v: string) => setForm((f) => ({ ...f, udp: { ...f.udp, [k]: v } }));

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="edit-title" className="mt-3">
      <h3 id="edit-title" className="h5">
        Modifica ente capofila e Ufficio di Piano
      </h3>
      <div id="edit-errors" ref={alertRef} tabIndex={-1}>
        {error !== null && conflict && (
          <div className="alert alert-warning" role="alert">
            <p className="fw-semibold mb-1">Conflitto di modifica</p>
            <p className="mb-1">
              Mentre compilavi il modulo qualcun altro ha salvato una modifica a questo ambito (ora alla versione{' '}
              {conflict.version}). I dati attualmente salvati sono: capofila «{conflict.capofila.name}»
              {conflict.ufficio_di_piano && <>, email dell’Ufficio di Piano «{conflict.ufficio_di_piano.email}»</>}.
            </p>
            <p className="mb-0">
              I valori che hai inserito sono ancora nel modulo: controllali e premi di nuovo «Salva modifiche» per
              sovrascrivere, oppure annulla.
            </p>
          </div>
        )}
        {error !== null && !conflict && (
          <ErrorAlert
            error={error}
            title={error instanceof ApiError && error.status === 422 ? 'Alcuni dati non sono validi:' : 'Salvataggio non riuscito.'}
            fieldLabel={fieldLabel}
          />
        )}
      </div>
      <fieldset className="mb-3">
        <legend className="h6">Ente capofila</legend>
        <div className="row pt-4">
          <div className="form-group col-md-7">
            <label htmlFor="f-capofila-name" className="active">
              Nome dell’ente capofila
            </label>
            <input
              ref={firstRef}
              id="f-capofila-name"
              className={'form-control' + (badIds.has('f-capofila-name') ? ' is-invalid' : '')}
              type="text"
              required
              value={form.capofila_name}
              onChange={(e) => setForm({ ...form, capofila_name: e.target.value })}
              {...invalid('f-capofila-name')}
            />
          </div>
          <div className="col-md-5 mb-3">
            <div className="select-wrapper">
              <label htmlFor="f-capofila-type">Tipo di ente capofila</label>
              <select
                id="f-capofila-type"
                className={badIds.has('f-capofila-type') ? 'is-invalid' : undefined}
                value={form.capofila_type}
                onChange={(e) => setForm({ ...form, capofila_type: e.target.value as CapofilaType })}
                {...invalid('f-capofila-type')}
              >
                {Object.entries(capofilaTypeLabels).map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
      </fieldset>
      <fieldset className="mb-3">
        <legend className="h6">Ufficio di Piano</legend>
        <div className="row pt-4">
          {udpKeys.map((k) => {
            const id = `f-udp-${k}`;
            return (
              <div key={k} className="form-group col-md-6">
                <label htmlFor={id} className="active">
                  {udpFieldLabels[k]}
                </label>
                <input
                  id={id}
                  type={udpInputType[k] ?? 'text'}
                  autoComplete={udpAutocomplete[k] ?? 'off'}
                  className={'form-control' + (badIds.has(id) ? ' is-invalid' : '')}
                  value={form.udp[k]}
                  onChange={(e) => udpSet(k, e.target.value)}
                  {...invalid(id)}
                />
              </div>
            );
          })}
        </div>
      </fieldset>
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Salvataggio in corso…' : 'Salva modifiche'}
        </button>
        <button type="button" className="btn btn-outline-primary" onClick={onCancel} disabled={busy}>
          Annulla
        </button>
      </div>
    </form>
  );
}
