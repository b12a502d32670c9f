// Session state for the whole app: who is logged in, login/logout, CSRF token kept in memory.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken } from '../api/client';
import type { User } from '../api/types';

interface SessionValue {
  user: User | null;
  /** True until the first GET /session answered. */
  loading: boolean;
  login(username: string, password: string): Promise<User>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);
  // Bumped by login/logout: an answer to the initial GET /session that arrives later is stale
  // (otherwise a slow 401 would log out someone who has just logged in).
  const generation = useRef(0);

  useEffect(() => {
    let alive = true;
    const asked = generation.current;
    const current = () => alive && generation.current === asked;
    api
      .session()
      .then((s) => {
        if (!current()) return;
        setCsrfToken(s.csrf_token);
        setUser(s.user);
      })
      .catch(() => {
        if (current()) setUser(null);
      })
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const s = await api.login(username, password);
    generation.current += 1;
    setCsrfToken(s.csrf_token);
    setUser(s.user);
    return s.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
    }
    generation.current += 1;
    setCsrfToken(null);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, loading, login, logout }), [user, loading, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
