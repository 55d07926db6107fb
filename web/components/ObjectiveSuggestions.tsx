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
  votes: { accepted: number; rejected: number; mine: 'accepted' | 'rejected' | null };
}

interface Answer {
  suggestions: Suggestion[];
  mayDecide: boolean;
}

/**
 * Learning objectives suggested from a resource's text, with the words that matched. Curators and
 * whoever may edit the resource confirm or reject them (a confirmed one becomes an alignment);
 * other signed-in teachers vote, and the deciders see the votes.
 */
export function ObjectiveSuggestions({ resource, onChange }: { resource: Resource; onChange(): void }) {
  const { t, label } = useI18n();
  const { session } = useSession();
  const [suggestions, setSuggestions] = useState<Suggestion[] | null>(null);
  const [mayDecide, setMayDecide] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const show = (r: Answer) => {
    setSuggestions(r.suggestions);
    setMayDecide(r.mayDecide);
  };
  useEffect(() => {
    api<Answer>(`/api/v1/resources/${resource.id}/objective-suggestions`)
      .then(show)
      .catch(() => setSuggestions([]));
  }, [resource.id, session?.user.id]);
  if (!suggestions || suggestions.length === 0) return null;
  const decide = async (s: Suggestion, decision: 'accepted' | 'rejected') => {
    setBusy(s.objectiveId);
    try {
      const r = await api<Answer>(
        `/api/v1/resources/${resource.id}/objective-suggestions/${encodeURIComponent(s.objectiveId)}`,
        { method: 'POST', body: JSON.stringify({ decision }) },
      );
      show(r);
      if (r.mayDecide) onChange();
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="suggested-objectives" className="suggested">
      <h2 id="suggested-objectives">{t('objectives.suggested')}</h2>
      <p className="hint">{t('objectives.suggestedIntro')}</p>
      {session && !mayDecide && <p className="small">{t('objectives.voteIntro')}</p>}
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
            {(s.votes.accepted > 0 || s.votes.rejected > 0) && (
              <p className="small">
                {t('objectives.votes', { accepted: s.votes.accepted, rejected: s.votes.rejected })}{' '}
                {s.votes.mine && t(`objectives.myVote.${s.votes.mine}`)}
              </p>
            )}
            {session && !mayDecide && (
              <div className="actions">
                <button
                  type="button"
                  disabled={busy !== null || s.votes.mine === 'accepted'}
                  onClick={() => void decide(s, 'accepted')}
                >
                  {t('objectives.voteYes')}
                  <span className="visually-hidden"> {t('objectives.about', { objective: s.objective.label })}</span>
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={busy !== null || s.votes.mine === 'rejected'}
                  onClick={() => void decide(s, 'rejected')}
                >
                  {t('objectives.voteNo')}
                  <span className="visually-hidden"> {t('objectives.about', { objective: s.objective.label })}</span>
                </button>
              </div>
            )}
            {session && mayDecide && (
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
