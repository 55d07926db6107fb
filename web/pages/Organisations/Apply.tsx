import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type Application } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, SignInLink } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { Field, problemField } from '../Account/fields.tsx';

export const ORGANISATION_KINDS = ['school', 'heritage', 'publisher', 'other'] as const;

/** A school or institution asks for an organisation account, and follows its applications. */
export function Apply() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const [mine, setMine] = useState<Application[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState('');
  const [busy, setBusy] = useState(false);
  const ids = { problem: useId(), kind: useId(), motivation: useId(), motivationHelp: useId(), mine: useId() };
  const load = () => api<Application[]>('/api/v1/organisation-applications').then(setMine).catch(setError);
  useEffect(() => {
    if (session) void load();
  }, [session?.user.id]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    setBusy(true);
    setError(null);
    setSent('');
    try {
      const made = await api<Application>('/api/v1/organisation-applications', {
        method: 'POST',
        body: JSON.stringify({
          name: form.get('name'),
          kind: form.get('kind'),
          website: String(form.get('website') ?? '').trim() || null,
          externalId: String(form.get('externalId') ?? '').trim() || null,
          motivation: form.get('motivation'),
          lang,
        }),
      });
      setSent(t('apply.sent', { name: made.name }));
      target.reset();
      await load();
    } catch (e) {
      setError(e);
      const field = problemField(e);
      if (field) target.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
    } finally {
      setBusy(false);
    }
  };
  const field = problemField(error);
  const date = (iso: string) => new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'nl-NL');

  if (!session)
    return (
      <Layout title={t('apply.title')}>
        <div className="narrow">
          <h1>{t('apply.title')}</h1>
          <p>{t('apply.intro')}</p>
          <p>
            {t('apply.signInFirst')} <SignInLink>{t('nav.signIn')}</SignInLink> ·{' '}
            <Link to="/registreren">{t('register.create')}</Link>
          </p>
        </div>
      </Layout>
    );
  return (
    <Layout title={t('apply.title')}>
      <div className="narrow">
        <h1>{t('apply.title')}</h1>
        <p>{t('apply.intro')}</p>
        <form onSubmit={(e) => void submit(e)} className="form">
          <Field
            label={t('apply.name')}
            name="name"
            required
            minLength={2}
            maxLength={200}
            autoComplete="organization"
            invalid={field === 'name'}
            problemId={ids.problem}
          />
          <div className="field">
            <label htmlFor={ids.kind}>{t('apply.kind')}</label>
            <select id={ids.kind} name="kind" defaultValue="heritage">
              {ORGANISATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`orgKind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <Field
            label={t('apply.website')}
            name="website"
            type="url"
            maxLength={500}
            placeholder="https://"
            invalid={field === 'website'}
            problemId={ids.problem}
          />
          <Field
            label={t('apply.externalId')}
            help={t('apply.externalIdHelp')}
            name="externalId"
            maxLength={100}
            invalid={field === 'externalId'}
            problemId={ids.problem}
          />
          <div className="field">
            <label htmlFor={ids.motivation}>{t('apply.motivation')}</label>
            <textarea
              id={ids.motivation}
              name="motivation"
              rows={5}
              required
              minLength={20}
              maxLength={2000}
              aria-invalid={field === 'motivation' || undefined}
              aria-describedby={[ids.motivationHelp, field === 'motivation' ? ids.problem : null]
                .filter(Boolean)
                .join(' ')}
            />
            <p id={ids.motivationHelp} className="small">
              {t('apply.motivationHelp')}
            </p>
          </div>
          <ProblemMessage error={error} id={ids.problem} />
          <button type="submit" disabled={busy}>
            {t('apply.submit')}
          </button>
          <p role="status" className={sent ? 'notice' : 'small'}>
            {sent}
          </p>
        </form>
        <section aria-labelledby={ids.mine}>
          <h2 id={ids.mine}>{t('apply.mine')}</h2>
          {mine && mine.length === 0 && <p>{t('apply.none')}</p>}
          <ul className="plain-list">
            {mine?.map((a) => (
              <li key={a.id} className="boxed">
                <h3>{a.name}</h3>
                <p>
                  <strong>{t(`applicationStatus.${a.status}`)}</strong> ·{' '}
                  {t('apply.sentOn', { date: date(a.createdAt) })}
                </p>
                {a.reason && (
                  <>
                    <p className="small">{t('apply.reason')}</p>
                    <blockquote>{a.reason}</blockquote>
                  </>
                )}
                {a.status === 'approved' && a.organisationId && (
                  <p>
                    <Link to={`/team?organisatie=${encodeURIComponent(a.organisationId)}`}>
                      {t('apply.toTeam', { name: a.name })}
                    </Link>
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </Layout>
  );
}
