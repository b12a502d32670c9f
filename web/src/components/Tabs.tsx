// Bootstrap Italia tabs with the ARIA tabs pattern: arrow keys, Home/End, one tab stop.
import { useRef } from 'react';

export interface TabDef {
  id: string;
  label: string;
}

export const tabId = (prefix: string, id: string) => `${prefix}-tab-${id}`;
export const panelId = (prefix: string, id: string) => `${prefix}-panel-${id}`;

export function Tabs({ tabs, active, onChange, prefix, label }: { tabs: TabDef[]; active: string; onChange(id: string): void; prefix: string; label: string }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onKey = (e: React.KeyboardEvent, i: number) => {
    let j = -1;
    if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = tabs.length - 1;
    if (j < 0) return;
    e.preventDefault();
    onChange(tabs[j].id);
    refs.current[tabs[j].id]?.focus();
  };
  return (
    <ul className="nav nav-tabs mb-4" role="tablist" aria-label={label}>
      {tabs.map((t, i) => (
        <li className="nav-item" role="presentation" key={t.id}>
          <button
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={tabId(prefix, t.id)}
            aria-controls={panelId(prefix, t.id)}
            aria-selected={active === t.id}
            tabIndex={active === t.id ? 0 : -1}
            className={'nav-link' + (active === t.id ? ' active' : '')}
            onClick={() => onChange(t.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
