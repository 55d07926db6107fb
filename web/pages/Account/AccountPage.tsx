import { useState } from 'react';
import { api } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { useOidcOffer, useSession } from '../../session.tsx';
import { AccountForm, Field, NewPasswordField, problemField } from './fields.tsx';
import { MyData } from './MyData.tsx';

/** "Mijn account": name, address, password, and signing out everywhere. */
export function AccountPage() {
  const { t, lang } = useI18n();
  const { session, rename, forget } = useSession();
  const oidc = useOidcOffer();
  // The account is gone: say so (the session is gone too, so this is all the page shows).
  const [left, setLeft] = useState<number | null>(null);
  if (left !== null)
    return (
      <Layout title={t('myAccount.title')}>
        <div className="narrow">
          <h1>{t('myData.deleteTitle')}</h1>
          <p role="status" className="notice">
            {t('myData.deleted', { n: left })}
          </p>
        </div>
      </Layout>
    );
  if (!session)
    return (
      <Layout title={t('myAccount.title')}>
        <div className="narrow">
          <h1>{t('myAccount.title')}</h1>
          <p>
            <Link to="/inloggen?terug=/account">{t('myAccount.signInFirst')}</Link>
          </p>
        </div>
      </Layout>
    );
  return (
    <Layout title={t('myAccount.title')}>
      <div className="narrow">
        <h1>{t('myAccount.title')}</h1>
        <AccountForm
          title={t('account.title')}
          intro={t('account.intro')}
          submit={t('account.save')}
          onSubmit={async (form) => {
            await rename(String(form.get('name')));
            return t('account.saved');
          }}
        >
          {(error, problemId) => (
            <Field
              label={t('account.name')}
              name="name"
              autoComplete="name"
              required
              minLength={2}
              maxLength={100}
              defaultValue={session.user.name}
              invalid={!!error}
              problemId={problemId}
            />
          )}
        </AccountForm>
        {session.user.hasPassword && (
          <>
            <AccountForm
              title={t('myAccount.emailTitle')}
              intro={t('myAccount.emailNow', { email: session.user.email })}
              submit={t('myAccount.emailSubmit')}
              onSubmit={async (form) => {
                const email = String(form.get('email'));
                await api('/api/v1/accounts/me/email', {
                  method: 'PUT',
                  body: JSON.stringify({ email, password: form.get('password'), lang }),
                });
                return t('myAccount.emailSent', { email });
              }}
            >
              {(error, problemId) => (
                <>
                  <Field
                    label={t('myAccount.newEmail')}
                    name="email"
                    type="email"
                    autoComplete="email"
                    required
                    maxLength={320}
                    invalid={problemField(error) === 'email'}
                    problemId={problemId}
                  />
                  <Field
                    label={t('myAccount.currentPassword')}
                    name="password"
                    type="password"
                    autoComplete="current-password"
                    required
                    maxLength={256}
                    invalid={problemField(error) === 'current'}
                    problemId={problemId}
                  />
                </>
              )}
            </AccountForm>
            <AccountForm
              title={t('myAccount.passwordTitle')}
              submit={t('myAccount.passwordSubmit')}
              onSubmit={async (form) => {
                await api('/api/v1/accounts/me/password', {
                  method: 'PUT',
                  body: JSON.stringify({ current: form.get('current'), password: form.get('password') }),
                });
                return t('myAccount.passwordDone');
              }}
            >
              {(error, problemId) => (
                <>
                  <Field
                    label={t('myAccount.currentPassword')}
                    name="current"
                    type="password"
                    autoComplete="current-password"
                    required
                    maxLength={256}
                    invalid={problemField(error) === 'current'}
                    problemId={problemId}
                  />
                  <NewPasswordField label={t('myAccount.newPassword')} error={error} problemId={problemId} />
                </>
              )}
            </AccountForm>
          </>
        )}
        {oidc?.enabled && (
          <section aria-labelledby="oidc-link">
            <h2 id="oidc-link">{t('oidc.linkTitle')}</h2>
            <p className="small">{t('oidc.linkIntro', { name: oidc.name ?? '' })}</p>
            <p>
              <a className="button" href="/api/v1/oidc/login?koppelen=1&terug=/account">
                {t('oidc.link', { name: oidc.name ?? '' })}
              </a>
            </p>
          </section>
        )}
        <AccountForm
          title={t('myAccount.sessionsTitle')}
          intro={t('myAccount.sessionsIntro')}
          submit={t('myAccount.sessionsSubmit')}
          onSubmit={async () => {
            await api('/api/v1/accounts/me/sessions', { method: 'DELETE' });
            forget();
            return '';
          }}
        >
          {() => null}
        </AccountForm>
        <section aria-labelledby="account-organisations">
          <h2 id="account-organisations">{t('myAccount.organisations')}</h2>
          {session.user.organisations.length > 0 ? (
            <ul>
              {session.user.organisations.map((o) => (
                <li key={o.id}>
                  {o.name} ({t(`memberRole.${o.role}`)})
                  {o.role === 'editor' && (
                    <>
                      {' · '}
                      <Link to={`/team?organisatie=${encodeURIComponent(o.id)}`}>{t('nav.team')}</Link>
                    </>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('myAccount.noOrganisations')}</p>
          )}
          <p>
            <Link to="/organisatie-aanmelden">{t('apply.link')}</Link>
          </p>
        </section>
        <MyData name={session.user.name} hasPassword={session.user.hasPassword} onDeleted={setLeft} />
      </div>
    </Layout>
  );
}
