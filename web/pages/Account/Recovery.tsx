import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, useRouter } from '../../router.tsx';
import { Field, NewPasswordField } from './fields.tsx';

const tokenOf = (search: string) => new URLSearchParams(search).get('token') ?? '';

/** The page a confirmation mail links to: confirms the address with the link's token. */
export function VerifyEmail() {
  const { t } = useI18n();
  const { location } = useRouter();
  const token = tokenOf(location.search);
  const [state, setState] = useState<{ done?: 'verify' | 'email'; error?: unknown }>({});
  useEffect(() => {
    if (!token) return;
    void api<{ purpose: 'verify' | 'email' }>('/api/v1/accounts/verify', {
      method: 'POST',
      body: JSON.stringify({ token }),
    })
      .then((r) => setState({ done: r.purpose }))
      .catch((e) => setState({ error: e }));
  }, [token]);
  return (
    <Layout title={t('verify.title')}>
      <div className="narrow">
        <h1>{t('verify.title')}</h1>
        {!token ? (
          <p role="alert" className="error">
            {t('verify.noToken')}
          </p>
        ) : state.done ? (
          <>
            <p role="status" className="notice">
              {state.done === 'email' ? t('verify.doneEmail') : t('verify.done')}
            </p>
            <p>
              <Link to="/inloggen">{t('signIn.submit')}</Link>
            </p>
          </>
        ) : state.error ? (
          <>
            <ProblemMessage error={state.error} />
            <p>
              <Link to="/registreren">{t('register.title')}</Link>
            </p>
          </>
        ) : (
          <p aria-live="polite">{t('verify.busy')}</p>
        )}
      </div>
    </Layout>
  );
}

/** "Wachtwoord vergeten": asks for a reset link; says the same whether the address has an account or not. */
export function ForgotPassword() {
  const { t, lang } = useI18n();
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const problemId = useId();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email'));
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/password-reset', { method: 'POST', body: JSON.stringify({ email, lang }) });
      setSent(email);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Layout title={t('forgot.title')}>
      <div className="narrow">
        <h1>{t('forgot.title')}</h1>
        {sent ? (
          <p role="status" className="notice">
            {t('forgot.sent', { email: sent })}
          </p>
        ) : (
          <>
            <p>{t('forgot.intro')}</p>
            <form onSubmit={(e) => void submit(e)} className="form">
              <Field
                label={t('register.email')}
                name="email"
                type="email"
                autoComplete="email"
                required
                maxLength={320}
                invalid={!!error}
                problemId={problemId}
              />
              <ProblemMessage error={error} id={problemId} />
              <button type="submit" disabled={busy}>
                {t('forgot.submit')}
              </button>
            </form>
          </>
        )}
      </div>
    </Layout>
  );
}

/** The page a reset mail links to: a new password, with the link's token. */
export function ResetPassword() {
  const { t } = useI18n();
  const { location } = useRouter();
  const token = tokenOf(location.search);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const problemId = useId();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password'));
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/password-reset/confirm', { method: 'POST', body: JSON.stringify({ token, password }) });
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Layout title={t('reset.title')}>
      <div className="narrow">
        <h1>{t('reset.title')}</h1>
        {done ? (
          <>
            <p role="status" className="notice">
              {t('reset.done')}
            </p>
            <p>
              <Link to="/inloggen">{t('signIn.submit')}</Link>
            </p>
          </>
        ) : (
          <form onSubmit={(e) => void submit(e)} className="form">
            <NewPasswordField label={t('reset.password')} error={error} problemId={problemId} />
            <ProblemMessage error={error} id={problemId} />
            <button type="submit" disabled={busy || !token}>
              {t('reset.submit')}
            </button>
            {!!error && (
              <p>
                <Link to="/wachtwoord-vergeten">{t('reset.again')}</Link>
              </p>
            )}
          </form>
        )}
      </div>
    </Layout>
  );
}
