// Home: who is logged in and what they may do, by role.
import { Link, useLocation } from 'react-router-dom';
import { useSession } from '../auth/session';
import { PageTitle } from '../components/PageTitle';
import { Loading } from '../components/Status';
import { scopeKindLabels } from '../api/labels';
import type { UserRole } from '../api/types';

interface Action {
  key: string;
  title: string;
  text: string;
  to: string;
}

function actionsFor(role: UserRole): Action[] {
  const s = role.scope;
  const scopeName = s.name ?? s.code;
  switch (role.role) {
    case 'region_admin':
      return [
        { key: `terr-${s.code}`, title: `Territorio della Regione ${scopeName}`, text: 'Consulta e modifica ambiti, enti capofila e Uffici di Piano della regione.', to: `/territorio/regioni/${encodeURIComponent(s.code)}` },
        { key: `riparti-${s.code}`, title: `Riparti della Regione ${scopeName}`, text: 'Ripartisci un fondo fra gli ambiti, con anteprima, e consulta i riparti salvati.', to: `/regioni/${encodeURIComponent(s.code)}/riparti` },
        { key: 'users', title: 'Utenti e ruoli', text: 'Crea utenti, attivali o disattivali, assegna e revoca i ruoli.', to: '/amministrazione/utenti' },
      ];
    case 'udp_editor':
      return [{ key: `amb-${s.code}`, title: `Il tuo ambito: ${scopeName}`, text: 'Aggiorna l’ente capofila e i recapiti dell’Ufficio di Piano.', to: `/territorio/ambiti/${encodeURIComponent(s.code)}` }];
    case 'ats_operator':
      return [{ key: `ats-${s.code}`, title: `La tua agenzia: ${scopeName}`, text: 'Consulta gli ambiti della tua ATS/ASL/ASP.', to: `/territorio/ats/${encodeURIComponent(s.code)}` }];
    case 'comune_referent':
      return [{ key: `com-${s.code}`, title: `Il tuo comune: ${scopeName}`, text: 'Consulta il comune e l’ambito di cui fa parte.', to: `/territorio/comuni/${encodeURIComponent(s.code)}` }];
    case 'third_sector':
      return [{ key: `ts-${s.code}`, title: `Ambito ${scopeName}`, text: 'Consulta l’ambito in cui partecipi alla programmazione.', to: `/territorio/ambiti/${encodeURIComponent(s.code)}` }];
    case 'viewer': {
      const to = s.kind === 'region' ? `/territorio/regioni/${encodeURIComponent(s.code)}` : s.kind === 'agency' ? `/territorio/ats/${encodeURIComponent(s.code)}` : `/territorio/ambiti/${encodeURIComponent(s.code)}`;
      return [{ key: `v-${s.kind}-${s.code}`, title: `Consultazione: ${scopeName}`, text: `Consulta i dati di ${scopeKindLabels[s.kind]?.toLowerCase() ?? s.kind} ${scopeName}.`, to }];
    }
    default:
      return [];
  }
}

function ActionCard({ a }: { a: Action }) {
  return (
    <div className="col-12 col-md-6 col-lg-4 mb-4">
      <div className="card card-bg card-big h-100 shadow-sm">
        <div className="card-body">
          <h2 className="card-title h5">
            <Link to={a.to}>{a.title}</Link>
          </h2>
          <p className="card-text">{a.text}</p>
        </div>
      </div>
    </div>
  );
}

export function HomePage() {
  const { user, loading } = useSession();
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash;

  const common: Action[] = [
    { key: 'territorio', title: 'Territorio', text: 'Regioni, ATS/ASL, ambiti territoriali e i loro comuni, anche a una data passata.', to: '/territorio' },
    { key: 'comuni', title: 'Cerca un comune', text: 'Trova un comune per nome o codice ISTAT e scopri a quale ambito appartiene.', to: '/territorio/comuni' },
    { key: 'regole', title: 'Regole e premialità', text: 'Le linee di indirizzo regionali per triennio, con i loro atti, e il calcolo della premialità.', to: '/regole' },
  ];

  const seen = new Set<string>();
  const mine = (user?.roles ?? []).flatMap(actionsFor).filter((a) => !seen.has(a.key) && seen.add(a.key));

  return (
    <>
      <PageTitle title="Piani di Zona" />
      {flash && (
        <div className="alert alert-success" role="status">
          {flash}
        </div>
      )}
      <p className="lead">
        pdz raccoglie il territorio dei Piani di Zona (L. 328/2000, art. 19): ambiti territoriali, comuni, enti
        capofila e Uffici di Piano.
      </p>
      {loading ? (
        <Loading />
      ) : user ? (
        <section aria-labelledby="mie-attivita">
          <h2 id="mie-attivita" className="h4 mt-4">
            Benvenuto, {user.display_name}
          </h2>
          {user.roles.length > 0 ? (
            <p>
              I tuoi ruoli:{' '}
              {user.roles.map((r, i) => (
                <span key={r.id}>
                  {i > 0 && '; '}
                  <strong>{r.label}</strong> ({scopeKindLabels[r.scope.kind] ?? r.scope.kind} {r.scope.name ?? r.scope.code})
                </span>
              ))}
              .
            </p>
          ) : (
            <p>Non hai ancora ruoli assegnati: puoi consultare i dati pubblici del territorio.</p>
          )}
          {mine.length > 0 && (
            <div className="row mt-3">
              {mine.map((a) => (
                <ActionCard key={a.key} a={a} />
              ))}
            </div>
          )}
        </section>
      ) : (
        <div className="callout note">
          <div className="callout-title">Accesso</div>
          <p>
            Puoi consultare il territorio senza accedere. Per modificare i dati del tuo ambito o amministrare gli
            utenti, <Link to="/accedi">accedi con le tue credenziali</Link>.
          </p>
        </div>
      )}
      <section aria-labelledby="per-tutti">
        <h2 id="per-tutti" className="h4 mt-4">
          Per tutti
        </h2>
        <div className="row mt-3">
          {common.map((a) => (
            <ActionCard key={a.key} a={a} />
          ))}
        </div>
      </section>
    </>
  );
}
