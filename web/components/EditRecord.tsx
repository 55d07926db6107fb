import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type Resource, type VocabConcept } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { LevelChoice } from '../pages/LessonEditor/Choices.tsx';
import { useSession } from '../session.tsx';
import { ProblemMessage } from './ProblemMessage.tsx';

/** Whether the signed-in person may edit this record: curators, admins and its institution's editors. */
export function useMayEdit(resource: Resource | null): boolean {
  const { session } = useSession();
  if (!session || !resource) return false;
  if (session.user.role === 'curator' || session.user.role === 'admin') return true;
  return (
    session.user.role === 'institution_editor' &&
    !!resource.institution &&
    session.user.organisations.some((o) => o.id === resource.institution!.id && o.role === 'editor')
  );
}

/**
 * Fixing a record in place (from the data-quality report or the curation queue): its description,
 * licence, picture, levels and subjects. A local edit survives the next harvest (ADR 0004).
 */
export function EditRecord({ resource, onSaved }: { resource: Resource; onSaved: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(() => window.location.hash === '#bewerken');
  const [description, setDescription] = useState(resource.description ?? '');
  const [rights, setRights] = useState(resource.licence.uri ?? resource.licence.raw ?? '');
  const [thumbnail, setThumbnail] = useState(resource.thumbnail ?? '');
  const [levels, setLevels] = useState(resource.levels.map((l) => l.id));
  const [subjects, setSubjects] = useState(resource.subjects.map((s) => s.id));
  const [vocab, setVocab] = useState<{ level: VocabConcept[]; subject: VocabConcept[] }>({ level: [], subject: [] });
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const ids = { title: useId(), description: useId(), rights: useId(), rightsHelp: useId(), thumbnail: useId() };
  useEffect(() => {
    if (!open || vocab.level.length) return;
    void Promise.all([
      api<{ concepts: VocabConcept[] }>('/api/v1/vocabularies/level'),
      api<{ concepts: VocabConcept[] }>('/api/v1/vocabularies/subject'),
    ])
      .then(([level, subject]) => setVocab({ level: level.concepts, subject: subject.concepts }))
      .catch(setError);
  }, [open]);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    setStatus('');
    try {
      await api(`/api/v1/resources/${encodeURIComponent(resource.id)}`, {
        method: 'PATCH',
        body: JSON.stringify({
          description: description.trim() || null,
          rights: rights.trim() || null,
          thumbnail: thumbnail.trim() || null,
          levels,
          subjects,
        }),
      });
      setStatus(t('edit.saved'));
      onSaved();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-labelledby={ids.title} className="edit-record" id="bewerken">
      <h2 id={ids.title}>{t('edit.title')}</h2>
      {!open ? (
        <button type="button" className="secondary" onClick={() => setOpen(true)}>
          {t('edit.open')}
        </button>
      ) : (
        <form className="form" onSubmit={save}>
          <div className="field">
            <label htmlFor={ids.description}>{t('edit.description')}</label>
            <textarea
              id={ids.description}
              value={description}
              rows={5}
              maxLength={20000}
              onChange={(e) => setDescription(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.rights}>{t('edit.rights')}</label>
            <input
              id={ids.rights}
              value={rights}
              maxLength={500}
              aria-describedby={ids.rightsHelp}
              onChange={(e) => setRights(e.target.value)}
            />
            <p id={ids.rightsHelp} className="small">
              {t('edit.rightsHelp')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={ids.thumbnail}>{t('edit.thumbnail')}</label>
            <input
              id={ids.thumbnail}
              type="url"
              value={thumbnail}
              maxLength={2000}
              onChange={(e) => setThumbnail(e.target.value)}
            />
          </div>
          <LevelChoice legend={t('edit.levels')} all={vocab.level} chosen={levels} onChange={setLevels} />
          <LevelChoice
            legend={t('edit.subjects')}
            all={vocab.subject}
            chosen={subjects}
            onChange={setSubjects}
            only={vocab.subject.map((s) => s.id)}
          />
          <p className="small">{t('edit.survives')}</p>
          <p className="actions">
            <button type="submit">{t('edit.save')}</button>{' '}
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              {t('review.cancel')}
            </button>
          </p>
        </form>
      )}
      <ProblemMessage error={error} />
      <p role="status" className={status ? 'notice' : 'small'}>
        {status}
      </p>
    </section>
  );
}
