import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, setCsrfToken, type OidcOffer, type Session } from './api.ts';

interface SessionState {
  session: Session | null;
  signIn(email: string, password: string): Promise<Session>;
  signOut(): Promise<void>;
  /** Changes the signed-in user's display name. */
  rename(name: string): Promise<Session>;
  /** Forgets the session here after the server ended it (signed out everywhere). */
  forget(): void;
  /** Reads the session again (after the server opened a new one, e.g. on accepting an invitation). */
  reload(): Promise<Session | null>;
}

const SessionContext = createContext<SessionState | null>(null);

/** The signed-in user, read once from the API; the CSRF token is kept for writes. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const reload = () =>
    api<Session>('/api/v1/session')
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setSession(s);
        return s;
      })
      .catch(() => {
        setSession(null);
        return null;
      });
  useEffect(() => {
    void reload();
  }, []);
  const value: SessionState = {
    session,
    reload,
    async signIn(email, password) {
      const s = await api<Session>('/api/v1/session', { method: 'POST', body: JSON.stringify({ email, password }) });
      setCsrfToken(s.csrfToken);
      setSession(s);
      return s;
    },
    async rename(name) {
      const s = await api<Session>('/api/v1/accounts/me', { method: 'PATCH', body: JSON.stringify({ name }) });
      setSession(s);
      return s;
    },
    forget() {
      setCsrfToken(null);
      setSession(null);
    },
    async signOut() {
      await api('/api/v1/session', { method: 'DELETE' });
      setCsrfToken(null);
      setSession(null);
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Whether this platform offers a school login (and its name), read once per page that asks. */
export function useOidcOffer(): OidcOffer | null {
  const [offer, setOffer] = useState<OidcOffer | null>(null);
  useEffect(() => {
    void api<OidcOffer>('/api/v1/oidc')
      .then(setOffer)
      .catch(() => undefined);
  }, []);
  return offer;
}
