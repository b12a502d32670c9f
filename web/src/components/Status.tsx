// Loading indicator and API error alert (Italian message from the API plus the fields in details).
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

export function Loading({ label = 'Caricamento in corso…' }: { label?: string }) {
  return (
    <div className="d-flex align-items-center gap-2 my-3" role="status">
      <div className="progress-spinner progress-spinner-active size-sm" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** Turns a field path such as "ufficio_di_piano.email" into Italian words when known. */
export type FieldLabeler = (field: string) => string;

export function describeError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, 'unknown', 'Si è verificato un errore imprevisto. Riprova.');
}

export function ErrorAlert({
  error,
  title,
  fieldLabel = (f) => f,
  children,
}: {
  error: unknown;
  title?: string;
  fieldLabel?: FieldLabeler;
  children?: ReactNode;
}) {
  const e = describeError(error);
  const fields = e.details.filter((d) => d.field || d.row !== undefined || d.reason);
  return (
    <div className="alert alert-danger" role="alert">
      {title && <p className="fw-semibold mb-1">{title}</p>}
      <p className="mb-0">{e.message}</p>
      {fields.length > 0 && (
        <ul className="mb-0 mt-2">
          {fields.map((d, i) => (
            <li key={i}>
              {d.field && (
                <>
                  Campo: <strong>{fieldLabel(d.field)}</strong>
                  {fieldLabel(d.field) !== d.field && <> (<code>{d.field}</code>)</>}
                </>
              )}
              {d.row !== undefined && <> – riga {d.row}</>}
              {d.value !== undefined && typeof d.value !== 'object' && <> – valore: «{String(d.value)}»</>}
              {d.reason && <> – {d.reason}</>}
            </li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}

export function NotFoundAlert({ what }: { what: string }) {
  return (
    <div className="alert alert-warning" role="alert">
      {what} non trovato.
    </div>
  );
}
