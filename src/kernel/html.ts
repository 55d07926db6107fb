import { cleanText } from './text.ts';

// eslint-disable-next-line no-control-regex -- control characters are what this strips
const SPECIAL = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML and XML content and attribute values, dropping the characters XML does not
 * allow (so a stored value can never make a page ill-formed).
 */
export function escapeHtml(value: string): string {
  // Most values have nothing to escape: they are returned as they are, without a copy.
  if (!SPECIAL.test(value) && value.isWellFormed()) return value;
  return cleanText(value).replace(/[&<>"']/g, (c) => ENTITY[c]!);
}
