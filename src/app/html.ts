const SPECIAL = /[&<>"']/;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and XML content and attribute values. */
export function escapeHtml(value: string): string {
  // Most values have nothing to escape: they are returned as they are, without a copy.
  return SPECIAL.test(value) ? value.replace(/[&<>"']/g, (c) => ENTITY[c]!) : value;
}
