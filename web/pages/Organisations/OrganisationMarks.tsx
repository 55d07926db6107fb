import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type Mark } from '../../api.ts';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Field, problemField } from '../Account/fields.tsx';

/** A picture file as base64, for a mark's logo. */
const readBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

/**
 * On the team page of an organisation that issues quality marks: its marks, and the form to define
 * one (name, criteria, how long an award lasts, logo). Marks are awarded on a resource's page.
 */
export function OrganisationMarks({ organisationId }: { organisationId: string }) {
  const { t } = useI18n();
  const [issues, setIssues] = useState<boolean | null>(null);
  const [marks, setMarks] = useState<Mark[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const ids = { title: useId(), logo: useId(), logoHelp: useId(), problem: useId() };
  const load = async () => {
    const [issuers, all] = await Promise.all([
      api<{ id: string }[]>('/api/v1/quality/issuers'),
      api<Mark[]>('/api/v1/quality/marks'),
    ]);
    setIssues(issuers.some((i) => i.id === organisationId));
    setMarks(all.filter((m) => m.issuer.id === organisationId));
  };
  useEffect(() => {
    void load().catch(setError);
  }, [organisationId]);

  const define = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    const file = form.get('logo');
    setError(null);
    setStatus('');
    try {
      const logo = file instanceof File && file.size > 0 ? await readBase64(file) : null;
      const name = String(form.get('name')).trim();
      await api('/api/v1/quality/marks', {
        method: 'POST',
        body: JSON.stringify({
          organisationId,
          name,
          criteriaUrl: String(form.get('criteriaUrl')).trim(),
          validityMonths: Number(form.get('validityMonths')),
          logo,
        }),
      });
      target.reset();
      await load();
      setStatus(t('marks.defined', { name }));
    } catch (e) {
      setError(e);
    }
  };
  if (!issues) return null;
  const field = problemField(error);
  return (
    <section aria-labelledby={ids.title}>
      <h2 id={ids.title}>{t('marks.title')}</h2>
      <p>{t('marks.intro')}</p>
      {marks.length === 0 ? (
        <p>{t('marks.none')}</p>
      ) : (
        <ul className="plain-list">
          {marks.map((m) => (
            <li key={m.id} className="boxed mark-head">
              {m.logoUrl && <img src={m.logoUrl} alt="" width={48} height={48} className="mark-logo" />}
              <p>
                <strong>{m.name}</strong>
                <br />
                {t('marks.validity', { months: m.validityMonths })}{' '}
                <a href={m.criteriaUrl} rel="noopener noreferrer nofollow">
                  {t('mark.criteria', { name: m.name })}
                </a>
              </p>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('marks.new')}</h3>
      <form className="form" onSubmit={(e) => void define(e)}>
        <Field
          label={t('marks.name')}
          name="name"
          required
          minLength={2}
          maxLength={100}
          invalid={field === 'name'}
          problemId={ids.problem}
        />
        <Field
          label={t('marks.criteriaUrl')}
          help={t('marks.criteriaHelp')}
          name="criteriaUrl"
          type="url"
          required
          maxLength={500}
          invalid={field === 'criteriaUrl'}
          problemId={ids.problem}
        />
        <Field
          label={t('marks.validityMonths')}
          name="validityMonths"
          type="number"
          min={1}
          max={120}
          defaultValue={24}
          required
          invalid={field === 'validityMonths'}
          problemId={ids.problem}
        />
        <div className="field">
          <label htmlFor={ids.logo}>{t('marks.logo')}</label>
          <input
            id={ids.logo}
            name="logo"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            aria-describedby={ids.logoHelp}
            aria-invalid={field === 'logo' || undefined}
          />
          <p id={ids.logoHelp} className="small">
            {t('marks.logoHelp')}
          </p>
        </div>
        <ProblemMessage error={error} id={ids.problem} />
        <button type="submit">{t('marks.define')}</button>
      </form>
      <p role="status" className={status ? 'notice' : 'small'}>
        {status}
      </p>
    </section>
  );
}
