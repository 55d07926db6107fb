/**
 * Characters XML 1.0 does not allow (C0 controls other than tab, line feed and carriage return;
 * U+FFFE and U+FFFF). They carry nothing a person wrote, break every XML page that would hold
 * them, and PostgreSQL refuses NUL outright, so they are dropped where text enters Leergoed (request
 * values, imported records) and again where it leaves as markup.
 */
const DISALLOWED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const HAS_DISALLOWED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Text without the characters XML does not allow, and with lone surrogates made U+FFFD. */
export function cleanText(value: string): string {
  const wellFormed = value.isWellFormed() ? value : value.toWellFormed();
  return HAS_DISALLOWED.test(wellFormed) ? wellFormed.replace(DISALLOWED, '') : wellFormed;
}

/** Whether text holds a character XML does not allow (or a lone surrogate). */
export function hasDisallowedCharacters(value: string): boolean {
  return HAS_DISALLOWED.test(value) || !value.isWellFormed();
}

/** A JSON-like value with `cleanText` applied to every string in it (keys too); others as they are. */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => { const c = cleanDeep(item); if (c !== item) changed = true; return c; });
    return (changed ? out : value) as T;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const k = cleanText(key);
      const c = cleanDeep(item);
      if (c !== item || k !== key) changed = true;
      out[k] = c;
    }
    return (changed ? out : value) as T;
  }
  return value;
}
