import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type InvitationOffer } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, SignInLink, useRouter } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { Field, NewPasswordField, problemField } from '../Account/fields.tsx';

/** The page an invitation mail links to: what it offers, and accepting it signed in or with a new account. */
export function Invitation() {
  const { t } = useI18n();
  const { session, reload } = useSession();
  const { location } = useRouter();
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const [offer, setOffer] = useState<InvitationOffer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const problemId = useId();
  useEffect(() => {
    if (!token) return;
    void api<InvitationOffer>('/api/v1/invitations/lookup', { method: 'POST', body: JSON.stringify({ token }) })
      .then(setOffer)
      .catch(setError);
  }, [token]);

  const accept = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/invitations/accept', {
        method: 'POST',
        body: JSON.stringify(session ? { token } : { token, name: form.get('name'), password: form.get('password') }),
      });
      await reload();
      setDone(true);
    } catch (e) {
      setError(e);
      const field = problemField(e);
      if (field) (event.target as HTMLFormElement).querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
    } finally {
      setBusy(false);
    }
  };
  const role = offer ? t(`memberRole.${offer.role}`) : '';
  const organisation = offer?.organisation.name ?? '';
  return (
    <Layout title={t('invitation.title')}>
      <div className="narrow">
        <h1>{t('invitation.title')}</h1>
        {!token ? (
          <p role="alert" className="error">
            {t('invitation.noToken')}
          </p>
        ) : done ? (
          <>
            <p role="status" className="notice">
              {t('invitation.done', { organisation, role })}
            </p>
            <p>
              {offer?.role === 'editor' ? (
                <>
                  <Link to={`/team?organisatie=${encodeURIComponent(offer.organisation.id)}`}>
                    {t('invitation.toTeam')}
                  </Link>{' '}
                  · <Link to="/bronnen">{t('invitation.toSources')}</Link>
                </>
              ) : (
                <Link to="/">{t('nav.home')}</Link>
              )}
            </p>
          </>
        ) : !offer ? (
          <ProblemMessage error={error} />
        ) : (
          <>
            <p className="lead">{t('invitation.offer', { role, organisation })}</p>
            <p>
              {offer.role === 'editor'
                ? t('invitation.editorMeans', { organisation })
                : t('invitation.memberMeans', { organisation })}
            </p>
            <p className="small">{t('invitation.for', { email: offer.email })}</p>
            {session ? (
              <form onSubmit={(e) => void accept(e)} className="form">
                <p>{t('invitation.signedInAs', { name: session.user.name })}</p>
                <ProblemMessage error={error} id={problemId} />
                <button type="submit" disabled={busy}>
                  {t('invitation.accept')}
                </button>
              </form>
            ) : offer.hasAccount ? (
              <p>
                {t('invitation.hasAccount')} <SignInLink>{t('nav.signIn')}</SignInLink>
              </p>
            ) : (
              <form onSubmit={(e) => void accept(e)} className="form">
                <h2>{t('invitation.newAccount')}</h2>
                <p className="small">{t('invitation.newAccountIntro')}</p>
                <Field
                  label={t('register.name')}
                  help={t('register.nameHelp')}
                  name="name"
                  autoComplete="name"
                  required
                  minLength={2}
                  maxLength={100}
                  invalid={problemField(error) === 'name'}
                  problemId={problemId}
                />
                <NewPasswordField label={t('register.password')} error={error} problemId={problemId} />
                <ProblemMessage error={error} id={problemId} />
                <button type="submit" disabled={busy}>
                  {t('invitation.accept')}
                </button>
              </form>
            )}
          </>
        )}
      </div>
    </Layout>
  );
}
