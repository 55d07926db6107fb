import { ApiError } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A problem as people read it: a sentence in the interface's language that says what to do, with
 * the technical code behind "Details" for whoever helps them (never the code as the main text).
 */
export function ProblemMessage({ error, id, fallback }: { error: unknown; id?: string; fallback?: string }) {
  const { t, problem, known } = useI18n();
  if (!error) return null;
  // A code the interface has no sentence for reads as the fallback's sentence (its own stays in Details).
  const shown =
    fallback && error instanceof ApiError && !known(error.code) ? new ApiError(error.status, fallback, '') : error;
  return (
    <div role="alert" className="error problem-message" id={id}>
      <p>{problem(shown)}</p>
      {error instanceof ApiError && error.code && (
        <details className="small">
          <summary>{t('problem.details')}</summary>
          <p>
            {t('problem.code', { code: error.code })}
            {error.status ? ` (HTTP ${error.status})` : ''}
          </p>
          {error.message && error.message !== error.code && <p lang="en">{error.message}</p>}
        </details>
      )}
    </div>
  );
}
