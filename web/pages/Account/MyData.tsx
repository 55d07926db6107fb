import { useId } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useSession } from '../../session.tsx';
import { AccountForm, Field, problemField } from './fields.tsx';

/** "Mijn gegevens" (AVG): download everything, or delete the account. */
export function MyData({
  name,
  hasPassword,
  onDeleted,
}: {
  name: string;
  hasPassword: boolean;
  onDeleted: (draftsDeleted: number) => void;
}) {
  const { t } = useI18n();
  const { forget } = useSession();
  const headingId = useId();
  return (
    <>
      <section aria-labelledby={headingId}>
        <h2 id={headingId}>{t('myData.title')}</h2>
        <p className="small">{t('myData.intro')}</p>
        <p>
          <a className="button" href="/api/v1/accounts/me/export" download="mijn-leergoed-gegevens.json">
            {t('myData.download')}
          </a>
        </p>
      </section>
      <AccountForm
        title={t('myData.deleteTitle')}
        intro={t('myData.deleteIntro')}
        submit={t('myData.delete')}
        danger
        onSubmit={async (form) => {
          const done = await api<{ draftsDeleted: number }>('/api/v1/accounts/me', {
            method: 'DELETE',
            body: JSON.stringify({
              credit: form.get('credit'),
              ...(hasPassword ? { password: form.get('password') } : {}),
            }),
          });
          onDeleted(done.draftsDeleted);
          forget();
          return '';
        }}
      >
        {(error, problemId) => (
          <>
            <fieldset>
              <legend>{t('myData.creditLegend')}</legend>
              <label>
                <input type="radio" name="credit" value="name" defaultChecked /> {t('myData.creditName', { name })}
              </label>
              <label>
                <input type="radio" name="credit" value="anonymous" /> {t('myData.creditAnonymous')}
              </label>
            </fieldset>
            {hasPassword && (
              <Field
                label={t('myData.password')}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                maxLength={256}
                invalid={problemField(error) === 'password'}
                problemId={problemId}
              />
            )}
          </>
        )}
      </AccountForm>
    </>
  );
}
