import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type Community, type VocabConcept } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, SignInLink, useRouter } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { CommunityFacts, byLevel } from './shared.tsx';

/** `/gemeenschappen`: every community (or one kind), the signed-in user's marked, and a form to start one. */
export function CommunitiesPage() {
  const { t, problem } = useI18n();
  const { session } = useSession();
  const { location, navigate } = useRouter();
  const kind = new URLSearchParams(location.search).get('soort');
  const apiKind = kind === 'vak' ? 'subject' : kind === 'regio' ? 'regional' : null;
  const [items, setItems] = useState<Community[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setItems(null);
    api<{ items: Community[] }>(`/api/v1/communities${apiKind ? `?kind=${apiKind}` : ''}`)
      .then((r) => setItems(r.items))
      .catch((e) => setError(problem(e)));
  }, [apiKind, session]);
  const filters: [string | null, string][] = [
    [null, t('community.all')],
    ['vak', t('community.subjectCommunities')],
    ['regio', t('community.regionalNetworks')],
  ];
  return (
    <Layout title={t('community.title')}>
      <h1>{t('community.title')}</h1>
      <p>{t('community.intro')}</p>
      <nav aria-label={t('community.filter')}>
        <ul className="inline-list">
          {filters.map(([value, text]) => (
            <li key={text}>
              <Link
                to={value ? `/gemeenschappen?soort=${value}` : '/gemeenschappen'}
                aria-current={kind === value ? 'page' : undefined}
              >
                {text}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items === null ? (
        <p aria-live="polite">{t('resource.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('community.none')}</p>
      ) : (
        <ul className="community-list">
          {items.map((c) => (
            <li key={c.id} className="panel">
              <h2>
                <Link to={`/gemeenschappen/${c.slug}`}>{c.name}</Link>
                {c.myRole && <span className="badge"> {t(`community.role.${c.myRole}`)}</span>}
              </h2>
              <CommunityFacts community={c} />
              {c.description && <p>{c.description}</p>}
              <p className="small">
                {t('community.counts', { members: c.counts.members, items: c.counts.items, threads: c.counts.threads })}
              </p>
            </li>
          ))}
        </ul>
      )}
      {session ? (
        <NewCommunity onCreated={(c) => navigate(`/gemeenschappen/${c.slug}`)} />
      ) : (
        <p>
          <SignInLink>{t('community.signInToStart')}</SignInLink>
        </p>
      )}
    </Layout>
  );
}

/** The form to start a community: its maker becomes its moderator. */
function NewCommunity({ onCreated }: { onCreated: (community: Community) => void }) {
  const { t, label, problem } = useI18n();
  const id = useId();
  const [subjects, setSubjects] = useState<VocabConcept[]>([]);
  const [levels, setLevels] = useState<VocabConcept[]>([]);
  const [values, setValues] = useState({
    kind: 'subject',
    name: '',
    region: '',
    subject: '',
    levels: [] as string[],
    description: '',
  });
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api<{ concepts: VocabConcept[] }>('/api/v1/vocabularies/subject').then((r) =>
      setSubjects([...r.concepts].sort((a, b) => a.labelNl.localeCompare(b.labelNl, 'nl'))),
    );
    void api<{ concepts: VocabConcept[] }>('/api/v1/vocabularies/level').then((r) =>
      setLevels([...r.concepts].sort(byLevel)),
    );
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await api<Community>('/api/v1/communities', {
        method: 'POST',
        body: JSON.stringify({
          kind: values.kind,
          name: values.name,
          description: values.description,
          subjects: values.subject ? [values.subject] : [],
          levels: values.levels,
          region: values.kind === 'regional' ? values.region : null,
        }),
      });
      onCreated(created);
    } catch (e) {
      setError(problem(e));
    }
  };
  return (
    <form className="panel community-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('community.start')}</h2>
      <fieldset>
        <legend>{t('community.kindLabel')}</legend>
        {(['subject', 'regional'] as const).map((k) => (
          <label key={k} className="choice">
            <input
              type="radio"
              name={`${id}-kind`}
              value={k}
              checked={values.kind === k}
              onChange={() => setValues({ ...values, kind: k })}
            />{' '}
            {t(`community.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <p>
        <label htmlFor={`${id}-name`}>{t('community.name')}</label>
        <br />
        <input
          id={`${id}-name`}
          className="wide"
          required
          minLength={3}
          maxLength={120}
          value={values.name}
          onChange={(e) => setValues({ ...values, name: e.target.value })}
        />
      </p>
      {values.kind === 'regional' && (
        <p>
          <label htmlFor={`${id}-region`}>{t('community.region')}</label>
          <br />
          <input
            id={`${id}-region`}
            className="wide"
            required
            maxLength={120}
            value={values.region}
            onChange={(e) => setValues({ ...values, region: e.target.value })}
          />
        </p>
      )}
      <p>
        <label htmlFor={`${id}-subject`}>{t('community.subject')}</label>
        <br />
        <select
          id={`${id}-subject`}
          value={values.subject}
          onChange={(e) => setValues({ ...values, subject: e.target.value })}
        >
          <option value="">{t('community.noSubject')}</option>
          {subjects.map((s) => (
            <option key={s.id} value={s.id}>
              {label(s.labelNl, s.labelEn)}
            </option>
          ))}
        </select>
      </p>
      <p>
        <label htmlFor={`${id}-levels`}>{t('community.levels')}</label>
        <br />
        <select
          id={`${id}-levels`}
          multiple
          size={6}
          aria-describedby={`${id}-levels-help`}
          value={values.levels}
          onChange={(e) => setValues({ ...values, levels: [...e.target.selectedOptions].map((o) => o.value) })}
        >
          {levels.map((l) => (
            <option key={l.id} value={l.id}>
              {label(l.labelNl, l.labelEn)}
            </option>
          ))}
        </select>
        <br />
        <span id={`${id}-levels-help`} className="small">
          {t('community.levelsHelp')}
        </span>
      </p>
      <p>
        <label htmlFor={`${id}-description`}>{t('community.description')}</label>
        <br />
        <textarea
          id={`${id}-description`}
          className="wide"
          rows={3}
          maxLength={4000}
          value={values.description}
          onChange={(e) => setValues({ ...values, description: e.target.value })}
        />
      </p>
      <button type="submit">{t('community.startButton')}</button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
