// Bootstrap Italia header: slim bar (Regione / pdz), centre bar with the app name and the user, main navigation.
import { useState } from 'react';
import { Link, NavLink as RouterNavLink, useLocation, useNavigate } from 'react-router-dom';
import {
  Collapse, Header, HeaderContent, HeaderRightZone, HeaderToggler, Headers, Icon, Nav, NavItem,
} from 'design-react-kit';
import { useSession } from '../auth/session';
import { isAdmin } from '../auth/permissions';

export function AppHeader() {
  const { user, logout } = useSession();
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();

  async function onLogout() {
    await logout();
    navigate('/', { state: { flash: 'Sei uscito da pdz.' } });
  }

  const links = [
    { to: '/', label: 'Home', end: true },
    { to: '/territorio', label: 'Territorio', end: false },
    { to: '/territorio/comuni', label: 'Cerca comuni', end: true },
    { to: '/regole', label: 'Regole', end: false },
    { to: '/conoscenza/italy', label: 'Indicatori', end: false, match: '/conoscenza' },
    { to: '/flussi', label: 'Flussi informativi', end: false },
    ...(isAdmin(user) ? [{ to: '/amministrazione/utenti', label: 'Utenti e ruoli', end: false }] : []),
    { to: '/api/docs', label: 'Documentazione API', end: true, external: true },
  ];
  // /territorio must not look active on /territorio/comuni (it has its own entry).
  const territoryActive = location.pathname.startsWith('/territorio') && !location.pathname.startsWith('/territorio/comuni');

  return (
    <Headers>
      <Header type="slim">
        <HeaderContent>
          <span className="navbar-brand d-lg-block">Regione / pdz – Piani di Zona</span>
          <HeaderRightZone>
            {user ? (
              <span className="d-flex align-items-center text-white gap-3">
                <span className="d-none d-md-inline" data-testid="current-user">
                  Utente: <strong>{user.display_name}</strong> ({user.username})
                </span>
                <button type="button" className="btn btn-primary btn-sm btn-icon btn-full" onClick={onLogout}>
                  <Icon icon="it-logout" color="white" size="sm" aria-hidden />
                  <span className="d-none d-lg-block ms-1">Esci</span>
                  <span className="d-lg-none visually-hidden">Esci</span>
                </button>
              </span>
            ) : (
              <Link className="btn btn-primary btn-icon btn-full" to="/accedi" state={{ from: location.pathname + location.search }}>
                <span className="rounded-icon" aria-hidden="true">
                  <Icon color="primary" icon="it-user" size="sm" />
                </span>
                <span className="d-none d-lg-block">Accedi</span>
                <span className="d-lg-none visually-hidden">Accedi</span>
              </Link>
            )}
          </HeaderRightZone>
        </HeaderContent>
      </Header>
      <div className="it-nav-wrapper">
        <Header type="center">
          <HeaderContent>
            <div className="it-brand-wrapper">
              <Link to="/">
                <Icon icon="it-pa" color="white" aria-hidden />
                <div className="it-brand-text">
                  <div className="it-brand-title">pdz</div>
                  <div className="it-brand-tagline d-none d-md-block">
                    Piani di Zona: territorio, ambiti e Uffici di Piano
                  </div>
                </div>
              </Link>
            </div>
          </HeaderContent>
        </Header>
        <Header type="navbar" theme="">
          <HeaderContent expand="lg" megamenu>
            <HeaderToggler
              aria-controls="menu-principale"
              aria-expanded={open}
              aria-label="Mostra o nascondi la navigazione"
              onClick={() => setOpen(!open)}
            >
              <Icon icon="it-burger" />
            </HeaderToggler>
            <Collapse
              isOpen={open}
              navbar
              header
              onOverlayClick={() => setOpen(false)}
              id="menu-principale"
              closeSrText="Nascondi la navigazione"
            >
              <div className="menu-wrapper">
                <nav aria-label="Navigazione principale">
                  <Nav navbar>
                    {links.map((l) => (
                      <NavItem key={l.to}>
                        {l.external ? (
                          <a className="nav-link" href={l.to}>
                            <span>{l.label}</span>
                          </a>
                        ) : (
                          <RouterNavLink
                            to={l.to}
                            end={l.end}
                            onClick={() => setOpen(false)}
                            className={({ isActive }) =>
                              'nav-link' +
                              ((l.to === '/territorio' ? territoryActive : l.match ? location.pathname.startsWith(l.match) : isActive) ? ' active' : '')
                            }
                            aria-current={
                              (l.to === '/territorio' ? territoryActive : l.match ? location.pathname.startsWith(l.match) : undefined) ? 'page' : undefined
                            }
                          >
                            <span>{l.label}</span>
                          </RouterNavLink>
                        )}
                      </NavItem>
                    ))}
                  </Nav>
                </nav>
              </div>
            </Collapse>
          </HeaderContent>
        </Header>
      </div>
    </Headers>
  );
}
