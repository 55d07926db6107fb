import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, upload, type ImportReport, type UploadPreview } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import { ProblemMessage } from './ProblemMessage.tsx';

/** The fields of a CSV column mapping an editor chooses, the required ones first. */
const FIELDS = [
  'id',
  'title',
  'description',
  'creators',
  'url',
  'thumbnail',
  'rights',
  'dateStart',
  'dateEnd',
  'keywords',
  'levels',
  'subjects',
] as const;
type Field = (typeof FIELDS)[number];
const REQUIRED: Field[] = ['id', 'title'];

/** Column names that usually hold a field, to start the mapping from. */
const GUESSES: Record<Field, RegExp> = {
  id: /^(id|identifier|objectnummer|inventarisnummer|object_?number|nummer)$/i,
  title: /^(title|titel|naam)$/i,
  description: /^(description|beschrijving|omschrijving)$/i,
  creators: /^(creators?|maker|makers|vervaardiger|auteur|artist)$/i,
  url: /^(url|permalink|link|PID_werk\.URI|uri)$/i,
  thumbnail: /^(thumbnail|afbeelding|image|beeld)$/i,
  rights: /^(rights|licen[cs]e|licentie|rechten)$/i,
  dateStart: /^(date|datum|dateStart|datering\.datum\.start|jaar)$/i,
  dateEnd: /^(dateEnd|datering\.datum\.eind)$/i,
  keywords: /^(keywords|trefwoorden|onderwerp|subject)$/i,
  levels: /^(levels|niveau|onderwijsniveau)$/i,
  subjects: /^(subjects|vak|vakken)$/i,
};

function guess(columns: string[]): Partial<Record<Field, string>> {
  const mapping: Partial<Record<Field, string>> = {};
  for (const field of FIELDS) {
    const column = columns.find((c) => GUESSES[field].test(c));
    if (column) mapping[field] = column;
  }
  return mapping;
}

/**
 * "Bestand uploaden" on the Sources page: choose a file (NL-LOM, LIDO, EDM, IIIF, oai_dc, Tate JSON,
 * CSV), see what the import makes of its first records, for a CSV choose the columns with a live
 * preview, then import with a progress bar and read the same report as a harvest's.
 */
export function UploadFile({ organisations }: { organisations: { id: string; name: string }[] }) {
  const { t } = useI18n();
  const ids = {
    heading: useId(),
    org: useId(),
    file: useId(),
    source: useId(),
    kind: useId(),
    mapping: useId(),
    separator: useId(),
  };
  const [organisation, setOrganisation] = useState(organisations[0]?.id ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('');
  const [kind, setKind] = useState('');
  const [preview, setPreview] = useState<UploadPreview | null>(null);
  const [mapping, setMapping] = useState<Partial<Record<Field, string>> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [phase, setPhase] = useState<'idle' | 'previewing' | 'uploading' | 'importing' | 'done'>('idle');
  const [sent, setSent] = useState(0);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [previewOk, setPreviewOk] = useState(false);
  const [separator, setSeparator] = useState('|');
  const asked = useRef(0);

  const form = (withMapping: boolean) => {
    const data = new FormData();
    if (source.trim()) data.set('source', source.trim());
    if (kind) data.set('kind', kind);
    if (withMapping && mapping && preview?.csv)
      data.set(
        'mapping',
        JSON.stringify({
          name: 'upload',
          delimiter: preview.csv.delimiter,
          multiValueSeparator: separator,
          kind: kind || 'heritage',
          ...Object.fromEntries(
            Object.entries(mapping)
              .filter(([, column]) => column)
              .map(([field, column]) => [field, field === 'keywords' ? [column] : column]),
          ),
        }),
      );
    data.set('file', file!, file!.name);
    return data;
  };

  // A new file, organisation, kind or mapping: preview again (the latest answer wins).
  useEffect(() => {
    if (!file || !organisation) return;
    const ask = ++asked.current;
    setPhase('previewing');
    const timer = window.setTimeout(() => {
      upload<UploadPreview>(
        `/api/v1/organisations/${encodeURIComponent(organisation)}/imports/preview`,
        form(true),
        () => {},
      )
        .then((p) => {
          if (ask !== asked.current) return;
          setPreview(p);
          setPreviewOk(!p.error);
          setError(null);
          if (p.csv && mapping === null && p.error) setMapping(guess(p.csv.columns));
        })
        .catch((e) => {
          if (ask !== asked.current) return;
          setError(e);
          // Keep the columns to choose from, but nothing to import until the preview works.
          setPreview((p) => (p ? { ...p, records: [], error: null } : p));
          setPreviewOk(false);
        })
        .finally(() => ask === asked.current && setPhase('idle'));
    }, 300);
    return () => window.clearTimeout(timer);
  }, [file, organisation, kind, separator, JSON.stringify(mapping)]);

  const start = async () => {
    setPhase('uploading');
    setSent(0);
    setError(null);
    try {
      const done = await upload<ImportReport>(
        `/api/v1/organisations/${encodeURIComponent(organisation)}/imports`,
        form(true),
        (part) => {
          setSent(part);
          if (part >= 1) setPhase('importing');
        },
      );
      setReport(done);
      setPhase('done');
    } catch (e) {
      setError(e);
      setPhase('idle');
    }
  };

  const csvColumns = preview?.csv?.columns ?? [];
  const busy = phase === 'uploading' || phase === 'importing';
  return (
    <section className="panel" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{t('upload.title')}</h2>
      <p className="small">{t('upload.intro')}</p>
      <div className="form">
        {organisations.length > 1 && (
          <div className="field">
            <label htmlFor={ids.org}>{t('upload.organisation')}</label>
            <select id={ids.org} value={organisation} onChange={(e) => setOrganisation(e.target.value)}>
              {organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.file}>{t('upload.file')}</label>
          <input
            id={ids.file}
            type="file"
            accept=".xml,.json,.jsonl,.csv,.gz,.txt"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
              setMapping(null);
              setReport(null);
              setPhase('idle');
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.source}>{t('upload.source')}</label>
          <input
            id={ids.source}
            type="text"
            maxLength={200}
            value={source}
            onChange={(e) => setSource(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.kind}>{t('upload.kind')}</label>
          <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('upload.kindAuto')}</option>
            <option value="heritage">{t('kind.heritage')}</option>
            <option value="material">{t('kind.material')}</option>
          </select>
        </div>
      </div>

      {preview?.csv && (
        <fieldset className="mapping" aria-describedby={ids.mapping}>
          <legend>{t('upload.mapping')}</legend>
          <p id={ids.mapping} className="small">
            {mapping === null ? t('upload.mappingRecognised') : t('upload.mappingHelp')}
          </p>
          {mapping !== null && (
            <p>
              <label htmlFor={ids.separator}>{t('upload.separator')}</label>{' '}
              <input
                id={ids.separator}
                type="text"
                className="short"
                maxLength={3}
                value={separator}
                onChange={(e) => setSeparator(e.target.value)}
              />
            </p>
          )}
          <div className="mapping-grid">
            {FIELDS.map((field) => (
              <label key={field}>
                {t(`upload.field.${field}`)}
                {REQUIRED.includes(field) ? ' *' : ''}{' '}
                <select
                  value={mapping?.[field] ?? ''}
                  onChange={(e) =>
                    setMapping({ ...(mapping ?? guess(csvColumns)), [field]: e.target.value || undefined })
                  }
                >
                  <option value="">{t('upload.noColumn')}</option>
                  {csvColumns.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
        </fieldset>
      )}

      {preview && (
        <div aria-live="polite">
          <h3>{t('upload.previewTitle')}</h3>
          {preview.error ? (
            <ProblemMessage error={new ApiError(400, preview.error.code, preview.error.message)} />
          ) : preview.records.length === 0 ? (
            <p>{t('upload.previewEmpty')}</p>
          ) : (
            <div className="table-scroll">
              <table className="preview">
                <caption className="small">
                  {t('upload.previewCaption', { format: preview.format ?? '?', n: preview.records.length })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('upload.col.id')}</th>
                    <th scope="col">{t('upload.col.title')}</th>
                    <th scope="col">{t('upload.col.licence')}</th>
                    <th scope="col">{t('upload.col.remarks')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.records.map((r, i) => (
                    <tr key={i}>
                      <td className="break">{r.originalId ?? '—'}</td>
                      <td>{r.title ?? '—'}</td>
                      <td className="break">{r.licence ?? t('upload.noLicence')}</td>
                      <td className="small">{r.reason ?? r.warnings.join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}

      <ProblemMessage error={error} />
      <p className="actions">
        <button
          type="button"
          disabled={!file || busy || phase === 'previewing' || !previewOk}
          onClick={() => void start()}
        >
          {t('upload.start')}
        </button>
      </p>
      {busy && (
        <div role="status">
          <label>
            {phase === 'uploading' ? t('upload.sending', { percent: Math.round(sent * 100) }) : t('upload.importing')}{' '}
            {phase === 'uploading' ? <progress max={1} value={sent} /> : <progress />}
          </label>
        </div>
      )}
      {report && (
        <div role="status" className="notice">
          <p>
            {t('upload.done', {
              created: report.created,
              updated: report.updated,
              unchanged: report.unchanged,
              failed: report.failed,
            })}
          </p>
          <p>
            <Link to={`/runs/${report.runId}`}>{t('upload.report')}</Link>
          </p>
        </div>
      )}
    </section>
  );
}
