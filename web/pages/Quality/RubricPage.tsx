import { useEffect, useState } from 'react';
import { api, type Rubric } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

/** `/kwaliteit/rubric`: the published review rubric, each dimension with what its scores 0–3 mean. */
export function RubricPage() {
  const { t, lang } = useI18n();
  const [rubric, setRubric] = useState<Rubric | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    void api<Rubric>('/api/v1/quality/rubric').then(setRubric).catch(setError);
  }, []);
  return (
    <Layout title={t('rubric.title')}>
      <h1>{t('rubric.title')}</h1>
      <ProblemMessage error={error} />
      {rubric && (
        <>
          <p>{t('rubric.intro')}</p>
          <p className="small">
            {t('rubric.version', {
              version: rubric.version,
              date: new Date(rubric.publishedAt).toLocaleDateString(lang === 'en' ? 'en-GB' : 'nl-NL'),
            })}{' '}
            {t('rubric.basedOn')} <a href={rubric.basedOn.url}>{rubric.basedOn.name}</a>.
          </p>
          {rubric.dimensions.map((d) => {
            const text = lang === 'en' ? d.en : d.nl;
            return (
              <section key={d.key} aria-labelledby={`rubric-${d.key}`} className="boxed rubric-dimension">
                <h2 id={`rubric-${d.key}`}>{text.name}</h2>
                <p>{text.question}</p>
                <table>
                  <caption className="visually-hidden">{t('rubric.levelsOf', { name: text.name })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('rubric.score')}</th>
                      <th scope="col">{t('rubric.meaning')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {text.levels.map((level, score) => (
                      <tr key={score}>
                        <th scope="row">{score}</th>
                        <td>{level}</td>
                      </tr>
                    ))}
                    <tr>
                      <th scope="row">{t('review.notApplicableShort')}</th>
                      <td>{t('rubric.notApplicable')}</td>
                    </tr>
                  </tbody>
                </table>
              </section>
            );
          })}
          <h2>{t('rubric.whoTitle')}</h2>
          <p>{t('rubric.who')}</p>
        </>
      )}
    </Layout>
  );
}
