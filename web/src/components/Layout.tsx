// Page frame: skip link, header, <main id="main"> landmark with the routed page, footer.
import type { ReactNode } from 'react';
import { AppHeader } from './AppHeader';
import { AppFooter } from './AppFooter';

export function Layout({ children }: { children: ReactNode }) {
  return (
    <>
      <div className="skiplinks">
        <a className="visually-hidden-focusable" href="#main">Vai al contenuto principale</a>
        <a className="visually-hidden-focusable" href="#footer">Vai al piè di pagina</a>
      </div>
      <AppHeader />
      <main id="main" tabIndex={-1} className="container my-4 pdz-main">
        {children}
      </main>
      <AppFooter />
    </>
  );
}
