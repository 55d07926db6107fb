/**
 * Characters XML 1.0 does not allow (C0 controls other than tab, line feed and carriage return;
 * U+FFFE and U+FFFF). They carry nothing a person wrote, break every XML page that would hold
 * them, and PostgreSQL refuses NUL outright, so they are dropped where text enters Leergoed (request
 * values, imported records) and again where it leaves as markup.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this strips
const DISALLOWED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
// eslint-disable-next-line no-control-regex -- control characters are what this strips
const HAS_DISALLOWED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Text without the characters XML does not allow, and with lone surrogates made U+FFFD. */
export function cleanText(value: string): string {
  const wellFormed = value.isWellFormed() ? value : value.toWellFormed();
  return HAS_DISALLOWED.test(wellFormed) ? wellFormed.replace(DISALLOWED, '') : wellFormed;
}

/**
 * A JSON-like value with `cleanText` applied to every string in it (keys too); others as they are.
 * It runs on every request body, so a value with nothing to clean is returned as it is, uncopied.
 */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    value.forEach((item, i) => {
      const clean = cleanDeep(item);
      if (clean !== item) (out ??= value.slice())[i] = clean;
    });
    return (out ?? value) as T;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    let out: Record<string, unknown> | null = null;
    entries.forEach(([key, item], i) => {
      const cleanKey = cleanText(key);
      const clean = cleanDeep(item);
      if (!out && (cleanKey !== key || clean !== item)) out = Object.fromEntries(entries.slice(0, i));
      if (out) out[cleanKey] = clean;
    });
    return (out ?? value) as T;
  }
  return value;
}
