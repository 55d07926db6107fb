import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, useRouter } from '../router.tsx';
import { useOidcOffer, useSession } from '../session.tsx';

/** Where to go after signing in: the page the person came from (on this site only), else "Mijn lessen". */
export function returnPath(search: string): string {
  const back = new URLSearchParams(search).get('terug') ?? '';
  return back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/\\') && !back.startsWith('/inloggen')
    ? back
    : '/lessen';
}

/** Sign-in form for teachers, institution editors, curators and admins. */
export function SignIn() {
  const { t } = useI18n();
  const { session, signIn } = useSession();
  const { location, navigate } = useRouter();
  const [error, setError] = useState<unknown>(() => {
    // A school login that came back refused names its reason in the address.
    const code = new URLSearchParams(location.search).get('fout');
    return code && /^LG_[A-Z_]+$/.test(code) ? new ApiError(400, code, code) : null;
  });
  const oidc = useOidcOffer();
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
      navigate(returnPath(location.search));
    } catch (e) {
      setError(e);
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
            <ProblemMessage error={error} />
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
            <p>
              <Link to="/account">{t('myAccount.link')}</Link> · <Link to="/lessen">{t('builder.myLessons')}</Link>
            </p>
          </>
        ) : (
          <>
            <p>{t('signIn.intro')}</p>
            {oidc?.enabled && (
              <>
                <p>
                  <a
                    className="button"
                    href={`/api/v1/oidc/login?terug=${encodeURIComponent(returnPath(location.search))}`}
                  >
                    {t('oidc.signIn', { name: oidc.name ?? '' })}
                  </a>
                </p>
                <p className="small">{t('oidc.or')}</p>
              </>
            )}
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
              <ProblemMessage error={error} />
              <button type="submit" disabled={busy}>
                {t('signIn.submit')}
              </button>
            </form>
            <p>
              <Link to="/wachtwoord-vergeten">{t('forgot.link')}</Link>
            </p>
            <p>
              {t('register.noAccount')} <Link to="/registreren">{t('register.create')}</Link>
            </p>
          </>
        )}
      </div>
    </Layout>
  );
}
