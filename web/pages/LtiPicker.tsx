import { useEffect, useId, useRef, useState } from 'react';
import { api, type Resource, type ResourceList } from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useRouter } from '../router.tsx';

/**
 * Deep Linking: inside the LMS a teacher finds lessons and resources and sends the chosen ones back;
 * the LMS shows them as links that open the pupil's view. No sign-in: only published, public things.
 */
export function LtiPicker() {
  const { t, problem } = useI18n();
  const { location } = useRouter();
  const id = new URLSearchParams(location.search).get('verzoek') ?? '';
  const [request, setRequest] = useState<{ platform: string; acceptMultiple: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('lesson');
  const [results, setResults] = useState<Resource[] | null>(null);
  const [chosen, setChosen] = useState<Map<string, string>>(new Map());
  const [sending, setSending] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const [answer, setAnswer] = useState<{ returnUrl: string; jwt: string } | null>(null);
  const inputId = useId();

  useEffect(() => {
    api<{ platform: string; acceptMultiple: boolean }>(`/api/v1/lti/deep-links/${encodeURIComponent(id)}`)
      .then(setRequest)
      .catch(() => setError(t('lti.expired')));
  }, [id]);
  useEffect(() => {
    if (answer) form.current?.submit();
  }, [answer]);

  const search = async () => {
    const list = await api<ResourceList>(
      `/api/v1/resources?q=${encodeURIComponent(q)}&limit=20${kind ? `&kind=${kind}` : ''}`,
    );
    setResults(list.items);
  };
  useEffect(() => {
    if (request) void search();
  }, [request, kind]);

  const toggle = (r: Resource, on: boolean) => {
    const next = request?.acceptMultiple ? new Map(chosen) : new Map<string, string>();
    if (on) next.set(r.id, r.title);
    else next.delete(r.id);
    setChosen(next);
  };
  const send = async () => {
    setSending(true);
    try {
      setAnswer(
        await api<{ returnUrl: string; jwt: string }>(`/api/v1/lti/deep-links/${encodeURIComponent(id)}`, {
          method: 'POST',
          body: JSON.stringify({ resourceIds: [...chosen.keys()] }),
        }),
      );
    } catch (e) {
      setError(problem(e));
      setSending(false);
    }
  };

  if (error)
    return (
      <Layout title={t('lti.title')}>
        <h1>{t('lti.title')}</h1>
        <p role="alert" className="error">
          {error}
        </p>
      </Layout>
    );
  if (!request)
    return (
      <Layout title={t('lti.title')}>
        <p aria-live="polite">{t('resource.loading')}</p>
      </Layout>
    );
  return (
    <Layout title={t('lti.title')}>
      <h1>{t('lti.chooseFor', { platform: request.platform })}</h1>
      <form
        role="search"
        className="actions"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <label htmlFor={inputId}>{t('search.label')}</label>
        <input id={inputId} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <label>
          {t('lti.kind')}{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="lesson">{t('kind.lesson')}</option>
            <option value="material">{t('kind.material')}</option>
            <option value="heritage">{t('kind.heritage')}</option>
            <option value="">{t('lti.everything')}</option>
          </select>
        </label>
        <button type="submit">{t('search.button')}</button>
      </form>
      {results &&
        (results.length === 0 ? (
          <p>{t('builder.nothingFound')}</p>
        ) : (
          <fieldset className="lti-results">
            <legend>{request.acceptMultiple ? t('lti.pickSeveral') : t('lti.pickOne')}</legend>
            {results.map((r) => (
              <label key={r.id} className="choice">
                <input
                  type={request.acceptMultiple ? 'checkbox' : 'radio'}
                  name="pick"
                  checked={chosen.has(r.id)}
                  onChange={(e) => toggle(r, e.target.checked)}
                />{' '}
                <strong>{r.title}</strong>
                <span className="small">
                  {' '}
                  · {t(`kind.${r.kind}`)}
                  {r.licence.notation ? ` · ${r.licence.notation}` : ''}
                </span>
              </label>
            ))}
          </fieldset>
        ))}
      <p role="status">{chosen.size ? t('lti.chosen', { n: chosen.size }) : ''}</p>
      <p>
        <button type="button" disabled={chosen.size === 0 || sending} onClick={() => void send()}>
          {t('lti.send', { platform: request.platform })}
        </button>
      </p>
      {answer && (
        <form ref={form} method="post" action={answer.returnUrl}>
          <input type="hidden" name="JWT" value={answer.jwt} />
          <noscript>
            <button type="submit">{t('lti.send', { platform: request.platform })}</button>
          </noscript>
        </form>
      )}
    </Layout>
  );
}
