import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../api.ts';
import enCore from './en/core.json';
import enCatalogue from './en/catalogue.json';
import enSources from './en/sources.json';
import enLessons from './en/lessons.json';
import enCommunities from './en/communities.json';
import enAccounts from './en/accounts.json';
import enOnboarding from './en/onboarding.json';
import enQuality from './en/quality.json';
import enCuration from './en/curation.json';
import nlCore from './nl/core.json';
import nlCatalogue from './nl/catalogue.json';
import nlSources from './nl/sources.json';
import nlLessons from './nl/lessons.json';
import nlCommunities from './nl/communities.json';
import nlAccounts from './nl/accounts.json';
import nlOnboarding from './nl/onboarding.json';
import nlQuality from './nl/quality.json';
import nlCuration from './nl/curation.json';

// The texts per part of the interface; every Dutch key has its English text (the compiler checks).
const nl = {
  ...nlCore,
  ...nlCatalogue,
  ...nlSources,
  ...nlLessons,
  ...nlCommunities,
  ...nlAccounts,
  ...nlOnboarding,
  ...nlQuality,
  ...nlCuration,
};
const en = {
  ...enCore,
  ...enCatalogue,
  ...enSources,
  ...enLessons,
  ...enCommunities,
  ...enAccounts,
  ...enOnboarding,
  ...enQuality,
  ...enCuration,
};

export type Language = 'nl' | 'en';
type Key = keyof typeof nl;
const MESSAGES: Record<Language, Record<Key, string>> = { nl, en };

interface I18n {
  lang: Language;
  setLang(lang: Language): void;
  /** Translates a key, filling `{name}` placeholders. */
  t(key: Key, values?: Record<string, string | number>): string;
  /** Picks the label in the current language, falling back to Dutch. */
  label(nlLabel: string, enLabel?: string | null): string;
  /** Whether the interface has a sentence for a problem code. */
  known(code: string): boolean;
  /** Whether the interface has a text for a key made at run time (e.g. from an audit action). */
  has(key: string): boolean;
  /**
   * What went wrong, as a sentence for people in the interface's language: the API's problem by
   * its code (never the code itself, nor an English library message), else by its status.
   */
  problem(error: unknown): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'nl') return fromUrl;
  const stored = window.localStorage.getItem('leergoed.lang');
  return stored === 'en' ? 'en' : 'nl';
}

/** Dutch first; the choice is kept in this browser only. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  const value = useMemo<I18n>(() => {
    const t = (key: Key, values?: Record<string, string | number>) => {
      let text = MESSAGES[lang][key] ?? MESSAGES.nl[key] ?? key;
      for (const [name, v] of Object.entries(values ?? {})) text = text.replaceAll(`{${name}}`, String(v));
      return text;
    };
    return {
      lang,
      setLang(next) {
        window.localStorage.setItem('leergoed.lang', next);
        document.documentElement.lang = next;
        setLangState(next);
      },
      t,
      known(code) {
        return `problem.${code}` in MESSAGES.nl;
      },
      has(key) {
        return key in MESSAGES.nl;
      },
      label(nlLabel, enLabel) {
        return lang === 'en' && enLabel ? enLabel : nlLabel;
      },
      problem(error) {
        const { status, code, details } = error instanceof ApiError ? error : { status: 0, code: '', details: {} };
        const known =
          `problem.${code}` in MESSAGES.nl
            ? (`problem.${code}` as Key)
            : status === 429
              ? 'problem.LG_RATE_LIMITED'
              : status === 401
                ? 'problem.LG_UNAUTHENTICATED'
                : status === 403
                  ? 'problem.LG_FORBIDDEN'
                  : status === 400
                    ? 'problem.LG_VALIDATION'
                    : 'error.generic';
        const values = Object.fromEntries(
          Object.entries(details).filter(([, v]) => typeof v === 'string' || typeof v === 'number'),
        ) as Record<string, string | number>;
        // A wait the API gives in seconds, said as people say it: "1 seconde", "40 seconden", "3 minuten".
        if (typeof values.retryAfter === 'number') {
          const seconds = values.retryAfter;
          const minutes = Math.ceil(seconds / 60);
          values.wait =
            seconds < 60
              ? t(seconds === 1 ? 'wait.second' : 'wait.seconds', { n: seconds })
              : t(minutes === 1 ? 'wait.minute' : 'wait.minutes', { n: minutes });
        }
        return t(known, values);
      },
    };
  }, [lang]);
  document.documentElement.lang = lang;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
