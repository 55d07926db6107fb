import { createContext, useContext } from 'react';
import { type CompletenessProblem } from '../../../src/lessons/completeness.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** What the draft still lacks, once publishing was asked for (empty before: a draft may be unfinished). */
export const ProblemsContext = createContext<CompletenessProblem[]>([]);

const problemId = (block: string | null, field: string) => `lacks-${block ?? 'lesson'}-${field.replace(/\W+/g, '-')}`;

/** The element that a problem's focus goes to. */
export function problemTarget(problem: CompletenessProblem): HTMLElement | null {
  return document.querySelector<HTMLElement>(
    `[data-block="${CSS.escape(problem.block ?? 'lesson')}"][data-field="${CSS.escape(problem.field)}"]`,
  );
}

/**
 * A field's link to what it lacks: the attributes that mark it (for focus, and `aria-invalid` with
 * the message as its description) and the message itself, shown right under it.
 */
export function useLacks() {
  const { lang } = useI18n();
  const all = useContext(ProblemsContext);
  return (block: string | null, field: string) => lack(all, lang, block, field);
}

/** A field's lack among `all` (what `useLacks` gives where the context is not at hand). */
export function lack(all: CompletenessProblem[], lang: string, block: string | null, field: string) {
  const problems = all.filter((p) => p.block === block && p.field === field);
  const id = problemId(block, field);
  return {
    props: {
      'data-block': block ?? 'lesson',
      'data-field': field,
      ...(problems.length ? { 'aria-invalid': true as const, 'aria-describedby': id } : {}),
    },
    message: problems.length ? (
      <span id={id} className="field-problem">
        {problems.map((p) => (lang === 'en' ? p.en : p.nl)).join(' ')}
      </span>
    ) : null,
  };
}

/** The list of everything still missing, each a button that moves focus to its field. */
export function ProblemList({ problems }: { problems: CompletenessProblem[] }) {
  const { t, lang } = useI18n();
  if (!problems.length) return null;
  return (
    <div className="problem-summary" role="alert">
      <p>
        <strong>{t('builder.incomplete', { n: problems.length })}</strong>
      </p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            <button type="button" className="link-button" onClick={() => problemTarget(p)?.focus()}>
              {lang === 'en' ? p.en : p.nl}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
