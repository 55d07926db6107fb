import type { ResourceView } from '../catalogue/view.ts';
import { type LicensedItem } from './licence-mix.ts';
import { renderTeacherText } from '../kernel/teacher-text.ts';
import { itemsOf, type LessonDocument } from './model.ts';

import type { AttributionLine, LessonResource, LessonView } from './view.ts';

// How a lesson's parts are shown: its texts rendered, its material with licence and credits.

/** Safe HTML of every text, note and model answer a lesson shows. */
export function renderedTexts(doc: LessonDocument): Record<string, string> {
  const html: Record<string, string> = {};
  for (const item of itemsOf(doc)) {
    const text =
      item.type === 'text' ? item.markdown : item.type === 'resource' || item.type === 'closed' ? item.note : '';
    if (text.trim()) html[item.id] = renderTeacherText(text);
  }
  return html;
}

export function lessonResource(id: string, view: ResourceView | undefined): LessonResource {
  if (!view)
    return {
      id,
      state: 'missing',
      title: null,
      kind: null,
      url: null,
      thumbnail: null,
      iiifManifest: null,
      licence: null,
      attribution: null,
      withdrawnReason: null,
    };
  return {
    id,
    state: view.status === 'withdrawn' ? 'withdrawn' : 'available',
    title: view.title,
    kind: view.kind,
    url: view.url,
    thumbnail: view.thumbnail,
    iiifManifest: view.iiifManifest,
    licence: view.licence,
    attribution: view.attribution,
    withdrawnReason: view.withdrawnReason,
  };
}

/** The items of a lesson as the licence check sees them: resources by their licence, closed material linked. */
export function licensedItems(doc: LessonDocument, resources: Map<string, LessonResource>): LicensedItem[] {
  const out: LicensedItem[] = [];
  for (const item of itemsOf(doc)) {
    if (item.type === 'resource' || item.type === 'detail') {
      const r = resources.get(item.resourceId);
      out.push({
        key: item.id,
        title: r?.title ?? item.resourceId,
        licence: r?.licence?.status === 'ok' ? r.licence.uri : null,
        use: item.use,
      });
    } else if (item.type === 'closed') {
      out.push({ key: item.id, title: item.title, licence: null, use: 'link' });
    }
  }
  return out;
}

/** TASL lines for everything a lesson uses, once per resource, then closed material and the origin. */
export function attributionLines(
  view: LessonView,
  resources: Map<string, LessonResource>,
  publicUrl: string,
): AttributionLine[] {
  const lines: AttributionLine[] = [];
  const byResource = new Map<string, AttributionLine>();
  for (const item of itemsOf(view.document)) {
    if (item.type === 'resource' || item.type === 'detail') {
      const existing = byResource.get(item.resourceId);
      if (existing) {
        existing.itemIds.push(item.id);
        continue;
      }
      const r = resources.get(item.resourceId);
      const line: AttributionLine = r?.attribution
        ? {
            kind: 'resource',
            itemIds: [item.id],
            resourceId: item.resourceId,
            nl: r.attribution.nl.text,
            en: r.attribution.en.text,
          }
        : {
            kind: 'resource',
            itemIds: [item.id],
            resourceId: item.resourceId,
            nl: `Bron ${item.resourceId} bestaat niet meer.`,
            en: `Source ${item.resourceId} no longer exists.`,
          };
      if (r?.state === 'withdrawn') {
        line.nl += ' (Teruggetrokken door de bron.)';
        line.en += ' (Withdrawn by its source.)';
      }
      byResource.set(item.resourceId, line);
      lines.push(line);
    } else if (item.type === 'closed') {
      const where = [item.publisher, item.method, item.chapter].filter(Boolean).join(', ');
      lines.push({
        kind: 'closed',
        itemIds: [item.id],
        resourceId: null,
        nl: `“${item.title}”${where ? `, ${where}` : ''}. Gesloten materiaal: alleen gelinkt, niet overgenomen. ${item.url}`,
        en: `“${item.title}”${where ? `, ${where}` : ''}. Closed material: linked only, not copied. ${item.url}`,
      });
    }
  }
  if (view.forkedFrom) {
    const by = view.forkedFrom.authors.join(', ');
    const url = `${publicUrl}/les/${view.forkedFrom.id}`;
    lines.push({
      kind: 'based-on',
      itemIds: [],
      resourceId: null,
      nl: `Gebaseerd op “${view.forkedFrom.title}”${by ? ` door ${by}` : ''}, ${url}`,
      en: `Based on “${view.forkedFrom.title}”${by ? ` by ${by}` : ''}, ${url}`,
    });
  }
  return lines;
}
