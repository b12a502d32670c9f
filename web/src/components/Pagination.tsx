// Bootstrap Italia pagination for list answers {total, limit, offset}.
interface Props {
  total: number;
  limit: number;
  offset: number;
  onChange(offset: number): void;
}

export function Pagination({ total, limit, offset, onChange }: Props) {
  const pages = Math.max(1, Math.ceil(total / limit));
  const current = Math.floor(offset / limit) + 1;
  if (pages <= 1) return null;
  const shown: number[] = [];
  for (let p = Math.max(1, current - 2); p <= Math.min(pages, current + 2); p++) shown.push(p);
  const go = (p: number) => onChange((p - 1) * limit);
  return (
    <nav className="pagination-wrapper" aria-label="Paginazione dei risultati">
      <ul className="pagination">
        <li className={'page-item' + (current === 1 ? ' disabled' : '')}>
          <button type="button" className="page-link" disabled={current === 1} onClick={() => go(current - 1)}>
            Precedente
          </button>
        </li>
        {shown.map((p) => (
          <li key={p} className="page-item">
            <button
              type="button"
              className={'page-link' + (p === current ? ' active' : '')}
              aria-current={p === current ? 'page' : undefined}
              aria-label={`Pagina ${p} di ${pages}`}
              onClick={() => go(p)}
            >
              {p}
            </button>
          </li>
        ))}
        <li className={'page-item' + (current === pages ? ' disabled' : '')}>
          <button type="button" className="page-link" disabled={current === pages} onClick={() => go(current + 1)}>
            Successiva
          </button>
        </li>
      </ul>
      <p className="small text-muted mt-1" aria-live="polite">
        Pagina {current} di {pages} – {total} risultati
      </p>
    </nav>
  );
}
