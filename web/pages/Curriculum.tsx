import { useEffect, useId, useMemo, useState } from 'react';
import { api, type CurriculumArea, type CurriculumLevel, type CurriculumNode } from '../api.ts';
import { Layout } from '../components/Layout.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, useRouter } from '../router.tsx';

function useLevel(): [string, (level: string) => void] {
  const { location, navigate } = useRouter();
  const level = useMemo(() => new URLSearchParams(location.search).get('niveau') ?? '', [location.search]);
  const set = (next: string) =>
    navigate(`${location.pathname}${next ? `?niveau=${encodeURIComponent(next)}` : ''}`, { replace: true });
  return [level, set];
}

function LevelChooser({
  levels,
  level,
  onChange,
}: {
  levels: CurriculumLevel[];
  level: string;
  onChange(level: string): void;
}) {
  const { t, label } = useI18n();
  const id = useId();
  return (
    <div className="level-chooser">
      <label htmlFor={id}>{t('curriculum.level')}</label>
      <select id={id} value={level} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('curriculum.allLevels')}</option>
        {levels.map((l) => (
          <option key={l.id} value={l.id}>
            {label(l.label, l.labelEn)} ({l.kerndoelen})
          </option>
        ))}
      </select>
    </div>
  );
}

/** The curriculum browser: level → subject area, each with how many resources are aligned. */
export function Curriculum() {
  const { t, label } = useI18n();
  const [level, setLevel] = useLevel();
  const [data, setData] = useState<{ levels: CurriculumLevel[]; areas: CurriculumArea[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ levels: CurriculumLevel[]; areas: CurriculumArea[] }>(
      `/api/v1/curriculum${level ? `?level=${encodeURIComponent(level)}` : ''}`,
    )
      .then(setData)
      .catch(() => setError(t('error.generic')));
  }, [level]);
  return (
    <Layout title={t('curriculum.title')}>
      <h1>{t('curriculum.title')}</h1>
      <p className="lead">{t('curriculum.intro')}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data && <LevelChooser levels={data.levels} level={level} onChange={setLevel} />}
      {data && (
        <ul className="area-list" aria-label={t('curriculum.areas')}>
          {data.areas.map((a) => (
            <li key={a.id}>
              <Link to={`/leerdoelen/${a.id}${level ? `?niveau=${encodeURIComponent(level)}` : ''}`}>
                {label(a.label, a.labelEn)}
              </Link>
              <span className="meta">{t('curriculum.areaCounts', { kerndoelen: a.kerndoelen, count: a.count })}</span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function MaterialsLink({ node }: { node: CurriculumNode }) {
  const { t } = useI18n();
  return node.count > 0 ? (
    <Link className="materials-link" to={`/zoeken?objective=${encodeURIComponent(node.id)}`}>
      {t('curriculum.materials', { count: node.count })}
    </Link>
  ) : (
    <span className="meta">{t('curriculum.noMaterials')}</span>
  );
}

function LeerdoelTree({ nodes }: { nodes: CurriculumNode[] }) {
  const { label } = useI18n();
  // A leaf shows its link; a branch shows its count in the summary and the link inside (no links within a summary).
  return (
    <ul className="ldk">
      {nodes.map((n) => (
        <li key={n.id}>
          {n.children.length > 0 ? (
            <details>
              <summary>
                {label(n.label, n.labelEn)} <span className="count">({n.count})</span>
              </summary>
              {n.count > 0 && (
                <p>
                  <MaterialsLink node={n} />
                </p>
              )}
              <LeerdoelTree nodes={n.children} />
            </details>
          ) : (
            <p>
              {label(n.label, n.labelEn)} <MaterialsLink node={n} />
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** One subject area: its kerndoelen by domain and the leerdoelenkaart of its subject. */
export function CurriculumAreaPage({ id }: { id: string }) {
  const { t, label } = useI18n();
  const [level, setLevel] = useLevel();
  const [levels, setLevels] = useState<CurriculumLevel[]>([]);
  const [data, setData] = useState<{
    area: CurriculumArea;
    kerndoelen: CurriculumNode[];
    leerdoelen: CurriculumNode[];
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ levels: CurriculumLevel[] }>('/api/v1/curriculum')
      .then((d) => setLevels(d.levels))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    api<{ area: CurriculumArea; kerndoelen: CurriculumNode[]; leerdoelen: CurriculumNode[] }>(
      `/api/v1/curriculum/${encodeURIComponent(id)}${level ? `?level=${encodeURIComponent(level)}` : ''}`,
    )
      .then(setData)
      .catch(() => setError(t('curriculum.notFound')));
  }, [id, level]);
  const kerndoel = (n: CurriculumNode) => (
    <li key={n.id} className="kerndoel">
      <p>
        <strong>{n.notation ?? ''}</strong> {n.text ?? label(n.label, n.labelEn)}
      </p>
      <MaterialsLink node={n} />
    </li>
  );
  return (
    <Layout title={data ? label(data.area.label, data.area.labelEn) : t('curriculum.title')}>
      <nav aria-label={t('curriculum.breadcrumb')} className="breadcrumb">
        <Link to={`/leerdoelen${level ? `?niveau=${encodeURIComponent(level)}` : ''}`}>{t('curriculum.title')}</Link>
      </nav>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data && (
        <>
          <h1>{label(data.area.label, data.area.labelEn)}</h1>
          {levels.length > 0 && <LevelChooser levels={levels} level={level} onChange={setLevel} />}
          <h2>{t('curriculum.kerndoelen')}</h2>
          {data.kerndoelen.length === 0 && <p>{t('curriculum.noKerndoelen')}</p>}
          {data.kerndoelen.map((n) =>
            n.type === 'kerndoel' ? (
              <ul className="kerndoelen" key={n.id}>
                {kerndoel(n)}
              </ul>
            ) : (
              <section key={n.id} className="domain">
                <h3>
                  {label(n.label, n.labelEn)} <MaterialsLink node={n} />
                </h3>
                <ul className="kerndoelen">{n.children.map(kerndoel)}</ul>
              </section>
            ),
          )}
          {data.leerdoelen.length > 0 && (
            <>
              <h2>{t('curriculum.leerdoelen')}</h2>
              <p className="hint">{t('curriculum.leerdoelenIntro')}</p>
              <LeerdoelTree nodes={data.leerdoelen.flatMap((m) => m.children)} />
            </>
          )}
        </>
      )}
    </Layout>
  );
}
