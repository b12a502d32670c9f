// Bootstrap Italia breadcrumb ("Percorso di navigazione"); the last item is the current page.
import { Link } from 'react-router-dom';

export interface Crumb {
  label: string;
  to?: string;
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav className="breadcrumb-container" aria-label="Percorso di navigazione">
      <ol className="breadcrumb">
        {items.map((c, i) => {
          const last = i === items.length - 1;
          return (
            <li key={i} className={'breadcrumb-item' + (last ? ' active' : '')} aria-current={last ? 'page' : undefined}>
              {!last && c.to ? <Link to={c.to}>{c.label}</Link> : c.label}
              {!last && <span className="separator" aria-hidden="true">/</span>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
