import type { Creator, MappedRecord } from '../../catalogue/model.ts';
import { resourceTypeId } from '../../vocab/resource-types.ts';
import { attr, textOf, type XmlElement } from '../xml/tree.ts';
import { TermCollector, httpUrl, preferLanguage, unique, uniqueCreators, type MapperContext } from './context.ts';

/** LOM element names differ in case between IMS MD 1.2 (`lifecycle`) and IEEE LOM (`lifeCycle`): compare folded. */
function kids(el: XmlElement | null | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name.toLowerCase() === name.toLowerCase()) : [];
}
function kid(el: XmlElement | null | undefined, ...path: string[]): XmlElement | null {
  let current: XmlElement | null | undefined = el;
  for (const name of path) current = kids(current, name)[0];
  return current ?? null;
}

/** Language strings: IMS `<langstring xml:lang>` or IEEE `<string language>`; a bare text value too. */
function langStrings(el: XmlElement | null): { lang: string | null; value: string }[] {
  if (!el) return [];
  const strings = el.children.filter((c) => c.name.toLowerCase() === 'langstring' || c.name === 'string');
  if (strings.length === 0) {
    const value = textOf(el);
    return value ? [{ lang: null, value }] : [];
  }
  return strings.map((s) => ({ lang: normaliseLang(attr(s, 'lang') ?? attr(s, 'language')), value: textOf(s) }));
}

function normaliseLang(lang: string | null): string | null {
  return !lang || lang === 'x-none' ? null : lang;
}

function langString(el: XmlElement | null): string | null {
  return preferLanguage(langStrings(el));
}

/** A vocabulary value: `<source>…</source><value>…</value>`, each as langstring or bare text. */
function vocabValue(el: XmlElement | null): { source: string | null; value: string | null } {
  return { source: langString(kid(el, 'source')), value: langString(kid(el, 'value')) };
}

/** A vCard text value without its escapes (`\\,` `\\;` `\\\\` `\\n`). */
const unescapeVcard = (value: string) =>
  value.replace(/\\([,;\\nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? ' ' : c));

/**
 * The formatted name (FN) or organisation (ORG) of a vCard. A vCard pretty-printed inside XML (every
 * line indented) is read line by line; otherwise folded lines (a line break and one space) are
 * joined first, as RFC 2425 says.
 */
export function vcardName(vcard: string): string | null {
  // A vCard whose line breaks were collapsed to spaces on the way (XML text normalised): break it
  // again before each property name.
  const text = /\n/.test(vcard.trim())
    ? vcard
    : vcard.replace(
        /\s+(?=(?:VERSION|FN|N|ORG|END|EMAIL|TEL|ADR|URL|TITLE|ROLE|NOTE|UID|REV|SOURCE|PRODID|NICKNAME|BDAY|X-[A-Z0-9-]+)[;:])/g,
        '\n',
      );
  const lines = text.trim().split(/\r?\n/);
  const indented =
    lines.length > 2 &&
    lines
      .slice(1)
      .filter((l) => l.trim())
      .every((l) => /^[ \t]/.test(l));
  const unfolded = indented ? lines.map((l) => l.trim()).join('\n') : text.replace(/\r?\n[ \t]/g, '');
  const fn = /(?:^|\n|\s)FN[^:\n]*:([^\r\n]+)/i.exec(unfolded)?.[1]?.trim();
  if (fn) return unescapeVcard(fn);
  const org = /(?:^|\n|\s)ORG[^:\n]*:([^\r\n]+)/i.exec(unfolded)?.[1]?.trim();
  if (org)
    return org
      .replace(/;+$/, '')
      .split(/(?<!\\);/)
      .map(unescapeVcard)
      .join(', ');
  const n = /(?:^|\n|\s)N[^:\n]*:([^\n]+)/i.exec(unfolded)?.[1]?.trim();
  if (n) {
    const [family, given] = n.split(';');
    return [given, family].filter(Boolean).join(' ').trim() || null;
  }
  return null;
}

const AUTHOR_ROLES = new Set(['author', 'auteur', 'content provider', 'creator', 'maker']);
const PUBLISHER_ROLES = new Set(['publisher', 'uitgever']);

/** Context values (5.6) are educational levels in the czp vocabulary. */
const CONTEXT_VOCABULARY = 'vdex_classification_educationallevel_czp_20060628.xml';

function vocabularyFile(source: string | null): string {
  if (!source) return '';
  return (
    source
      .replace(/[#?].*$/, '')
      .split('/')
      .pop() ?? source
  );
}

/**
 * Maps an NL-LOM record (IMS MD 1.2 or IEEE LOM namespace, prefixed or not) to a resource.
 * Classifications with OBK/SLO ids resolve to our vocabularies; old vdex values through
 * Kennisnet's mapping tables; what does not resolve is kept and reported.
 */
export function mapNlLom(lom: XmlElement, ctx: MapperContext, originalId?: string): MappedRecord {
  const general = kid(lom, 'general');
  const identifiers = [...kids(general, 'catalogentry'), ...kids(general, 'identifier')]
    .map((e) => ({ catalog: textOf(kid(e, 'catalog')), entry: langString(kid(e, 'entry')) }))
    .filter((e) => e.entry);
  const id = originalId ?? identifiers[0]?.entry ?? null;
  const title = langString(kid(general, 'title'));
  if (!id)
    return { status: 'failed', originalId: null, reason: 'NL-LOM record without an identifier (1.1 catalogentry)' };
  if (!title) return { status: 'failed', originalId: id, reason: 'NL-LOM record without a title (1.2)' };

  const warnings: string[] = [];
  const terms = new TermCollector(ctx.vocab);
  const creators: Creator[] = [];
  let publisher: string | null = null;
  let dateCreated: string | null = null;
  for (const contribute of kids(kid(lom, 'lifecycle'), 'contribute')) {
    const role = (vocabValue(kid(contribute, 'role')).value ?? '').toLowerCase();
    const names = [...kids(contribute, 'centity'), ...kids(contribute, 'entity')]
      .map((e) => vcardName(textOf(kid(e, 'vcard')) || e.text))
      .filter((n): n is string => !!n);
    const date = textOf(kid(contribute, 'date', 'datetime')) || textOf(kid(contribute, 'date', 'dateTime')) || null;
    if (PUBLISHER_ROLES.has(role)) publisher ??= names[0] ?? null;
    else if (AUTHOR_ROLES.has(role) || names.length > 0)
      for (const name of names) creators.push({ name, role: role || null });
    if (date && (PUBLISHER_ROLES.has(role) || !dateCreated)) dateCreated = date;
  }

  const educational = kid(lom, 'educational');
  for (const type of kids(educational, 'learningresourcetype')) {
    const { value } = vocabValue(type);
    if (value) terms.add('type', ['resource-type'], resourceTypeId(decodeURIComponent(value)));
  }
  for (const context of kids(educational, 'context')) {
    const { value } = vocabValue(context);
    if (value) terms.add('level', ['level'], `${CONTEXT_VOCABULARY}#${value}`, value);
  }

  for (const classification of kids(lom, 'classification')) {
    const purpose = (vocabValue(kid(classification, 'purpose')).value ?? '').toLowerCase();
    for (const taxonPath of kids(classification, 'taxonpath')) {
      const source = vocabularyFile(langString(kid(taxonPath, 'source')));
      for (const taxon of kids(taxonPath, 'taxon')) {
        const taxonId = textOf(kid(taxon, 'id'));
        const label = langString(kid(taxon, 'entry')) ?? '';
        const key = source && !/^[0-9a-f-]{36}$/i.test(taxonId) ? `${source}#${taxonId}` : taxonId;
        switch (purpose) {
          case 'discipline':
            terms.add('subject', ['subject'], key, label);
            break;
          case 'educational level':
          case 'skill level':
            terms.add('level', ['level'], key, label);
            break;
          case 'educational objective':
          case 'competency':
            terms.add('objective', ['kerndoel', 'leerdoel'], key, label);
            break;
          default:
            // Other purposes (idea, accessibility restrictions) have no field of ours yet.
            terms.unmapped.push({ field: `classification:${purpose || 'none'}`, value: `${key} ${label}`.trim() });
        }
      }
    }
  }

  const rights = kid(lom, 'rights');
  const cost = (vocabValue(kid(rights, 'cost')).value ?? '').toLowerCase();
  const copyright = vocabValue(kid(rights, 'copyrightandotherrestrictions')).value;
  const rightsDescription = langString(kid(rights, 'description'));
  // NL-LOM's own values are licences (cc-by-40 …); LOM's yes/no only say whether 6.3 describes the rights.
  const rightsValue = copyright && !['yes', 'no'].includes(copyright.toLowerCase()) ? copyright : rightsDescription;

  const technical = kid(lom, 'technical');
  const locations = kids(technical, 'location')
    .map((l) => httpUrl(textOf(l)))
    .filter((u): u is string => !!u);
  if (kids(technical, 'location').length > 0 && locations.length === 0)
    warnings.push('Location (4.3) is not an http(s) URL');

  const language = textOf(kid(general, 'language')) || null;
  warnings.push(...terms.warnings());
  return {
    status: 'ok',
    originalId: id,
    warnings,
    input: {
      kind: ctx.defaultKind ?? 'material',
      title,
      description: langString(kid(general, 'description')),
      language: language && language !== 'x-none' ? language.toLowerCase() : null,
      creators: uniqueCreators(creators),
      publisher,
      url: locations[0] ?? null,
      formats: unique(kids(technical, 'format').map((f) => textOf(f))),
      resourceTypes: terms.ids.type,
      levels: terms.ids.level,
      subjects: terms.ids.subject,
      objectives: terms.ids.objective,
      keywords: unique(kids(general, 'keyword').flatMap((k) => langStrings(k).map((s) => s.value))),
      rights: rightsValue,
      access: cost === 'yes' ? 'closed' : 'open',
      dateCreated,
      extra: {
        identifiers,
        aggregationLevel: vocabValue(kid(general, 'aggregationlevel')).value,
        typicalAgeRange: langString(kid(educational, 'typicalagerange')),
        cost: cost || null,
        rightsDescription,
        ...(terms.unmapped.length > 0 ? { unmapped: terms.unmapped } : {}),
      },
    },
  };
}
