import { useId, useState, type FormEvent } from 'react';
import { Layout } from '../components/Layout.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';

/** Sign-in form for teachers, institution editors, curators and admins. */
export function SignIn() {
  const { t, problem } = useI18n();
  const { session, signIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailId = useId();
  const passwordId = useId();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await signIn(String(form.get('email')), String(form.get('password')));
    } catch (e) {
      setError(problem(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Layout title={t('signIn.title')}>
      <div className="narrow">
        <h1>{t('signIn.title')}</h1>
        {session ? (
          <>
            <p role="status">
              {t('signIn.welcome', { name: session.user.name, role: t(`role.${session.user.role}` as 'role.admin') })}
            </p>
            {session.user.organisations.length > 0 && (
              <>
                <h2>{t('signIn.organisations')}</h2>
                <ul>
                  {session.user.organisations.map((o) => (
                    <li key={o.id}>{o.name}</li>
                  ))}
                </ul>
              </>
            )}
            <DisplayName current={session.user.name} />
          </>
        ) : (
          <>
            <p>{t('signIn.intro')}</p>
            <form onSubmit={(e) => void submit(e)} className="form" noValidate={false}>
              <div className="field">
                <label htmlFor={emailId}>{t('signIn.email')}</label>
                <input id={emailId} name="email" type="email" autoComplete="username" required maxLength={320} />
              </div>
              <div className="field">
                <label htmlFor={passwordId}>{t('signIn.password')}</label>
                <input
                  id={passwordId}
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                  maxLength={256}
                />
              </div>
              {error && (
                <p role="alert" className="error">
                  {error}
                </p>
              )}
              <button type="submit" disabled={busy}>
                {t('signIn.submit')}
              </button>
            </form>
          </>
        )}
      </div>
    </Layout>
  );
}

/** The signed-in user's display name, shown with what they share; an address is refused as a name. */
function DisplayName({ current }: { current: string }) {
  const { t, problem } = useI18n();
  const { rename } = useSession();
  const [name, setName] = useState(current);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const nameId = useId();
  const headingId = useId();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await rename(name);
      setStatus({ error: false, text: t('account.saved') });
    } catch (e) {
      setStatus({ error: true, text: problem(e) });
    }
  };
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('account.title')}</h2>
      <p className="small">{t('account.intro')}</p>
      <form onSubmit={(e) => void save(e)} className="form">
        <div className="field">
          <label htmlFor={nameId}>{t('account.name')}</label>
          <input
            id={nameId}
            name="name"
            type="text"
            autoComplete="name"
            required
            minLength={2}
            maxLength={100}
            value={name}
            aria-invalid={status?.error ? true : undefined}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <button type="submit">{t('account.save')}</button>
        <p role="status" className={status?.error ? 'error' : 'small'}>
          {status?.text ?? ''}
        </p>
      </form>
    </section>
  );
}
