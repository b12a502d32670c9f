// "Non autorizzato" page, shown when the user lacks the role a screen needs.
import { Link, useLocation } from 'react-router-dom';
import { PageTitle } from '../components/PageTitle';
import { useSession } from '../auth/session';

export function ForbiddenPage({ what }: { what: string }) {
  const { user } = useSession();
  const location = useLocation();
  return (
    <>
      <PageTitle title="Non autorizzato" />
      <div className="alert alert-warning" role="alert">
        Non sei autorizzato ad accedere a questa pagina: {what}
      </div>
      {user ? (
        <p>
          Hai effettuato l’accesso come <strong>{user.display_name}</strong>, ma il tuo ruolo non lo consente. Torna alla{' '}
          <Link to="/">pagina iniziale</Link>.
        </p>
      ) : (
        <p>
          <Link to="/accedi" state={{ from: location.pathname }}>
            Accedi
          </Link>{' '}
          con un utente autorizzato.
        </p>
      )}
    </>
  );
}
