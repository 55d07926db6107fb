import { useEffect, useState } from 'react';
import { api, type Resource } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, SignInLink } from '../router.tsx';
import { useSession } from '../session.tsx';

interface Suggestion {
  objectiveId: string;
  score: number;
  matchedWords: string[];
  objective: {
    id: string;
    label: string;
    labelEn: string | null;
    notation: string | null;
    text: string | null;
    scheme: 'kerndoel' | 'leerdoel';
  };
  decision: { decision: 'accepted' | 'rejected'; decidedAt: string; decidedBy: string | null } | null;
}

/**
 * Learning objectives suggested from a resource's text, with the words that matched; signed-in
 * teachers and curators confirm or reject them. A confirmed one becomes an alignment.
 */
export function ObjectiveSuggestions({ resource, onChange }: { resource: Resource; onChange(): void }) {
  const { t, label } = useI18n();
  const { session } = useSession();
  const [suggestions, setSuggestions] = useState<Suggestion[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    api<{ suggestions: Suggestion[] }>(`/api/v1/resources/${resource.id}/objective-suggestions`)
      .then((r) => setSuggestions(r.suggestions))
      .catch(() => setSuggestions([]));
  }, [resource.id, session?.user.id]);
  if (!suggestions || suggestions.length === 0) return null;
  const decide = async (s: Suggestion, decision: 'accepted' | 'rejected') => {
    setBusy(s.objectiveId);
    try {
      const r = await api<{ suggestions: Suggestion[] }>(
        `/api/v1/resources/${resource.id}/objective-suggestions/${encodeURIComponent(s.objectiveId)}`,
        { method: 'POST', body: JSON.stringify({ decision }) },
      );
      setSuggestions(r.suggestions);
      onChange();
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="suggested-objectives" className="suggested">
      <h2 id="suggested-objectives">{t('objectives.suggested')}</h2>
      <p className="hint">{t('objectives.suggestedIntro')}</p>
      <ul className="objectives">
        {suggestions.map((s) => (
          <li key={s.objectiveId}>
            <Link to={`/zoeken?objective=${encodeURIComponent(s.objectiveId)}`}>
              {label(s.objective.label, s.objective.labelEn)}
            </Link>
            {s.objective.text && s.objective.text !== s.objective.label ? <> — {s.objective.text}</> : null}
            {s.matchedWords.length > 0 && (
              <p className="small">{t('objectives.matched', { words: s.matchedWords.join(', ') })}</p>
            )}
            {s.decision && (
              <p className="small">
                <strong>{t(s.decision.decision === 'accepted' ? 'objectives.accepted' : 'objectives.rejected')}</strong>{' '}
                {s.decision.decidedBy
                  ? t('objectives.decidedBy', { name: s.decision.decidedBy, date: s.decision.decidedAt.slice(0, 10) })
                  : s.decision.decidedAt.slice(0, 10)}
              </p>
            )}
            {session && (
              <div className="actions">
                {/* The visible word starts the accessible name (WCAG 2.5.3); the objective follows for screen readers. */}
                <button
                  type="button"
                  disabled={busy !== null || s.decision?.decision === 'accepted'}
                  onClick={() => void decide(s, 'accepted')}
                >
                  {t('objectives.accept')}
                  <span className="visually-hidden"> {t('objectives.about', { objective: s.objective.label })}</span>
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={busy !== null || s.decision?.decision === 'rejected'}
                  onClick={() => void decide(s, 'rejected')}
                >
                  {t('objectives.reject')}
                  <span className="visually-hidden"> {t('objectives.about', { objective: s.objective.label })}</span>
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {!session && (
        <p className="small">
          <SignInLink>{t('objectives.signIn')}</SignInLink>
        </p>
      )}
    </section>
  );
}
