// Login (/accedi): username and password, Italian errors for wrong credentials and too many attempts.
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import { PageTitle } from '../components/PageTitle';

function loginErrorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 401) return 'Credenziali errate: nome utente o password non validi.';
    if (e.status === 429)
      return 'Troppi tentativi di accesso non riusciti per questo utente: riprova fra 15 minuti.';
    return e.message;
  }
  return 'Accesso non riuscito: riprova.';
}

export function LoginPage() {
  const { login, user } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (!username.trim() || !password) {
      setError('Inserisci nome utente e password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const u = await login(username.trim(), password);
      navigate(from && from !== '/accedi' ? from : '/', { replace: true, state: { flash: `Accesso effettuato come ${u.display_name}.` } });
    } catch (e) {
      setError(loginErrorMessage(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <PageTitle title="Accedi" />
        {user && (
          <div className="alert alert-info" role="status">
            Hai già effettuato l’accesso come <strong>{user.display_name}</strong>.
          </div>
        )}
        {error && (
          <div className="alert alert-danger" role="alert" id="login-error">
            {error}
          </div>
        )}
        <form onSubmit={onSubmit} noValidate className="mt-4" aria-describedby={error ? 'login-error' : undefined}>
          <div className="form-group">
            <label htmlFor="username" className="active">
              Nome utente
            </label>
            <input
              id="username"
              name="username"
              type="text"
              className="form-control"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="form-group">
            <label htmlFor="password" className="active">
              Password
            </label>
            <input
              id="password"
              name="password"
              type="password"
              className="form-control"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Accesso in corso…' : 'Accedi'}
          </button>
        </form>
      </div>
    </div>
  );
}
