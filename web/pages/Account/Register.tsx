import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { Field, NewPasswordField, problemField } from './fields.tsx';

/** Registration for teachers: name, address, password; then the confirmation mail. */
export function Register() {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const problemId = useId();
  useEffect(() => {
    void api<{ open: boolean }>('/api/v1/accounts/registration')
      .then((r) => setOpen(r.open))
      .catch(() => setOpen(false));
  }, []);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email'));
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/accounts', {
        method: 'POST',
        body: JSON.stringify({ name: form.get('name'), email, password: form.get('password'), lang }),
      });
      setSent(email);
    } catch (e) {
      setError(e);
      const field = problemField(e);
      if (field) (event.target as HTMLFormElement).querySelector<HTMLInputElement>(`[name="${field}"]`)?.focus();
    } finally {
      setBusy(false);
    }
  };
  const field = problemField(error);
  return (
    <Layout title={t('register.title')}>
      <div className="narrow">
        <h1>{t('register.title')}</h1>
        {sent ? (
          <p role="status" className="notice">
            {t('register.sent', { email: sent })}
          </p>
        ) : open === false ? (
          <p className="notice">{t('register.closed')}</p>
        ) : (
          <>
            <p>{t('register.intro')}</p>
            <form onSubmit={(e) => void submit(e)} className="form">
              <Field
                label={t('register.name')}
                help={t('register.nameHelp')}
                name="name"
                autoComplete="name"
                required
                minLength={2}
                maxLength={100}
                invalid={field === 'name'}
                problemId={problemId}
              />
              <Field
                label={t('register.email')}
                name="email"
                type="email"
                autoComplete="email"
                required
                maxLength={320}
                invalid={field === 'email'}
                problemId={problemId}
              />
              <NewPasswordField label={t('register.password')} error={error} problemId={problemId} />
              <ProblemMessage error={error} id={problemId} />
              <button type="submit" disabled={busy || open === null}>
                {t('register.submit')}
              </button>
            </form>
          </>
        )}
        <p>
          {t('register.haveAccount')} <Link to="/inloggen">{t('signIn.submit')}</Link>
        </p>
      </div>
    </Layout>
  );
}
