// Warns before leaving a page with unsaved changes: closing/reloading the tab (beforeunload) and
// clicking an in-app link (BrowserRouter has no navigation blocker, so links are intercepted here).
import { useEffect } from 'react';

export const leaveMessage = 'Ci sono modifiche non salvate: se esci dalla pagina andranno perse. Vuoi uscire comunque?';

export function useLeaveGuard(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = leaveMessage;
      return leaveMessage;
    };
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || a.target === '_blank' || a.hasAttribute('download')) return;
      if (a.getAttribute('href')?.startsWith('#')) return;
      if (!window.confirm(leaveMessage)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [active]);
}

/** Moves focus to an element after React rendered it. */
export function focusSoon(id: string) {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}
