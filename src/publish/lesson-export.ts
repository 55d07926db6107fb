import { strToU8, zipSync, type Zippable } from 'fflate';
import { escapeHtml as x } from '../kernel/html.ts';
import { canvasImage, regionImageUrl } from '../lessons/iiif.ts';
import { licenceName } from '../lessons/licence-mix.ts';
import { itemsOf, type LessonDocument, type Need } from '../lessons/model.ts';
import type { AttributionLine, LessonView } from '../lessons/view.ts';
import {
  attributionHtml,
  exportWords,
  headerHtml,
  page,
  sectionHtml,
  type IncludedImage,
  type RenderContext,
} from './lesson-html.ts';

export const EXPORT_FORMATS = ['imscc', 'web'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** How the export reaches remote images and manifests (guarded, limited fetches in production). */
export interface RemoteFiles {
  bytes(url: string): Promise<Uint8Array>;
  json(url: string): Promise<unknown>;
}

export interface ExportOptions {
  publicUrl: string;
  levelLabel: (id: string) => string;
  remote: RemoteFiles;
  variant: { level: string | null; need: Need | null } | null;
  /** When the package was made (the manifest's date). */
  now: string;
}

export interface LessonExport {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
  /** What could not be included as asked, and why (also written into the package). */
  notes: string[];
}

const IMAGE_TYPES: { ext: string; test: (b: Uint8Array) => boolean }[] = [
  { ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: 'png', test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { ext: 'gif', test: (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 },
  { ext: 'webp', test: (b) => b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50 },
];

/** Why an image is linked instead of included, in the lesson's language. */
function note(
  language: 'nl' | 'en',
  title: string | null,
  why: 'no-image' | 'not-image' | 'unreachable',
  detail: string,
): string {
  const t = `“${title ?? ''}”`;
  if (language === 'nl') {
    if (why === 'no-image')
      return `${t}: het doek ${detail} heeft geen afbeelding in het manifest; gelinkt in plaats van opgenomen.`;
    if (why === 'not-image') return `${t}: ${detail} is geen afbeelding; gelinkt in plaats van opgenomen.`;
    return `${t}: de afbeelding kon niet worden opgehaald (${detail}); gelinkt in plaats van opgenomen.`;
  }
  if (why === 'no-image') return `${t}: canvas ${detail} has no image in its manifest; linked instead.`;
  if (why === 'not-image') return `${t}: ${detail} is not an image; linked instead.`;
  return `${t}: the image could not be fetched (${detail}); linked instead.`;
}

function slug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'les'
  );
}

/**
 * Fetches the images the lesson may carry: items it embeds whose resource is available. A detail is
 * cut from the canvas by the image service; a resource shows its thumbnail. An image that cannot be
 * fetched (or is not an image) becomes a link, and a note says so.
 */
async function collectImages(
  view: LessonView,
  items: ReturnType<typeof itemsOf>,
  remote: RemoteFiles,
  dir: string,
  language: 'nl' | 'en',
): Promise<{ images: Map<string, IncludedImage>; files: Map<string, Uint8Array>; notes: string[] }> {
  const images = new Map<string, IncludedImage>();
  const files = new Map<string, Uint8Array>();
  const notes: string[] = [];
  const manifests = new Map<string, Promise<unknown>>();
  for (const item of items) {
    if ((item.type !== 'resource' && item.type !== 'detail') || item.use !== 'embed') continue;
    const resource = view.resources.find((r) => r.id === item.resourceId);
    if (!resource || resource.state !== 'available') continue;
    let source: { url: string; cut: boolean } | null = null;
    try {
      if (item.type === 'detail') {
        if (!manifests.has(item.manifest)) manifests.set(item.manifest, remote.json(item.manifest));
        const image = canvasImage(await manifests.get(item.manifest), item.canvas);
        source = image ? regionImageUrl(image, item.region) : null;
        if (!source) {
          notes.push(note(language, resource.title, 'no-image', item.canvas));
          continue;
        }
      } else if (resource.thumbnail) {
        source = { url: resource.thumbnail, cut: true };
      } else {
        continue;
      }
      const bytes = await remote.bytes(source.url);
      const type = IMAGE_TYPES.find((t) => t.test(bytes));
      if (!type) {
        notes.push(note(language, resource.title, 'not-image', source.url));
        continue;
      }
      const name = `${dir}${item.id.replace(/[^\w-]/g, '_')}.${type.ext}`;
      files.set(name, bytes);
      images.set(item.id, {
        path: name,
        alt: item.type === 'detail' ? item.caption || resource.title || '' : (resource.title ?? ''),
        cut: source.cut,
      });
    } catch (error) {
      notes.push(note(language, resource.title, 'unreachable', (error as Error).message));
    }
  }
  return { images, files, notes };
}

/** A published lesson as an offline web package or a Common Cartridge 1.3. */
export async function exportLesson(
  view: LessonView,
  attribution: AttributionLine[],
  format: ExportFormat,
  options: ExportOptions,
): Promise<LessonExport> {
  const doc = view.document;
  const items = itemsOf(doc);
  const base = slug(doc.title);
  if (format === 'web') {
    const { images, files, notes } = await collectImages(view, items, options.remote, 'afbeeldingen/', doc.language);
    const ctx: RenderContext = {
      view,
      attribution,
      publicUrl: options.publicUrl,
      images,
      levelLabel: options.levelLabel,
      variant: options.variant,
    };
    const body = [
      headerHtml(ctx),
      ...doc.sections.map((s) => sectionHtml(s, ctx)),
      attributionHtml(ctx),
      notesHtml(notes, doc.language),
    ].join('\n');
    const zip: Zippable = { [`${base}/index.html`]: strToU8(page(doc.title, doc.language, `<main>${body}</main>`)) };
    for (const [name, bytes] of files) zip[`${base}/${name}`] = [bytes, { level: 0 }];
    return {
      filename: `${base}.zip`,
      contentType: 'application/zip',
      bytes: zipSync(zip, { level: 6, mtime: options.now }),
      notes,
    };
  }
  return commonCartridge(view, attribution, options, base);
}

function notesHtml(notes: string[], language: 'nl' | 'en'): string {
  if (!notes.length) return '';
  const heading = language === 'nl' ? 'Niet opgenomen (gelinkt)' : 'Not included (linked)';
  return `<section><h2>${heading}</h2><ul>${notes.map((n) => `<li>${x(n)}</li>`).join('')}</ul></section>`;
}

const CC_NS = {
  cp: 'http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1',
  lom: 'http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest',
  wl: 'http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3',
};
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * IMS Common Cartridge 1.3: one web content page per section (Canvas, Moodle, Brightspace and
 * itslearning make them pages of a module), the attribution page, and web links to the lesson on
 * Leergoed and to the closed material it names.
 */
async function commonCartridge(
  view: LessonView,
  attribution: AttributionLine[],
  options: ExportOptions,
  base: string,
): Promise<LessonExport> {
  const doc = view.document;
  const items = itemsOf(doc);
  const { images, files, notes } = await collectImages(view, items, options.remote, 'images/', doc.language);
  const ctx: RenderContext = {
    view,
    attribution,
    publicUrl: options.publicUrl,
    images,
    levelLabel: options.levelLabel,
    variant: options.variant,
  };
  const words = exportWords(doc.language);
  const zip: Zippable = {};
  const resources: string[] = [];
  const entries: string[] = [];
  const imageFiles = [...files.keys()].map((name) => `lesson/${name}`);
  for (const [name, bytes] of files) zip[`lesson/${name}`] = [bytes, { level: 0 }];

  const addPage = (id: string, title: string, file: string, body: string, withImages: string[]) => {
    zip[file] = strToU8(page(title, doc.language, `<main>${body}</main>`));
    resources.push(
      `<resource identifier="R_${id}" type="webcontent" href="${x(file)}"><file href="${x(file)}"/>${withImages.map((f) => `<file href="${x(f)}"/>`).join('')}</resource>`,
    );
    entries.push(`<item identifier="I_${id}" identifierref="R_${id}"><title>${x(title)}</title></item>`);
  };
  const imagesOf = (html: string) => imageFiles.filter((f) => html.includes(`src="${x(f.slice('lesson/'.length))}"`));

  doc.sections.forEach((section, n) => {
    const title = section.title || `${doc.title} ${n + 1}`;
    const body = (n === 0 ? headerHtml(ctx) : '') + sectionHtml(section, ctx, 'h2');
    addPage(`S${n + 1}`, title, `lesson/${String(n + 1).padStart(2, '0')}-${slug(title)}.html`, body, imagesOf(body));
  });
  addPage(
    'ATTR',
    words.attribution,
    'lesson/naamsvermelding.html',
    attributionHtml(ctx, 'h1') + notesHtml(notes, doc.language),
    [],
  );

  const links: { title: string; url: string }[] = [
    { title: words.onLeergoed, url: `${options.publicUrl}/les/${view.id}` },
  ];
  for (const item of items)
    if (item.type === 'closed') links.push({ title: `${item.title} (${words.closed.toLowerCase()})`, url: item.url });
  links.forEach((link, n) => {
    const file = `links/link-${n + 1}.xml`;
    zip[file] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?>\n<webLink xmlns="${CC_NS.wl}" xmlns:xsi="${XSI}" xsi:schemaLocation="${CC_NS.wl} http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imswl_v1p3.xsd">\n  <title>${x(link.title)}</title>\n  <url href="${x(link.url)}" target="_blank"/>\n</webLink>\n`,
    );
    resources.push(`<resource identifier="R_L${n + 1}" type="imswl_xmlv1p3"><file href="${file}"/></resource>`);
    entries.push(`<item identifier="I_L${n + 1}" identifierref="R_L${n + 1}"><title>${x(link.title)}</title></item>`);
  });

  zip['imsmanifest.xml'] = strToU8(ccManifest(view.id, doc, options.now, entries, resources));
  return {
    filename: `${base}.imscc`,
    contentType: 'application/vnd.ims.imsccv1p3',
    bytes: zipSync(zip, { level: 6, mtime: options.now }),
    notes,
  };
}

function ccManifest(id: string, doc: LessonDocument, now: string, entries: string[], resources: string[]): string {
  const str = (value: string) => `<lomimscc:string language="${doc.language}">${x(value)}</lomimscc:string>`;
  const schemaLocation = [
    CC_NS.cp,
    'http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd',
    CC_NS.lom,
    'http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lommanifest_v1p0.xsd',
  ].join(' ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="LG_${x(id.replace(/[^\w.-]/g, '_'))}" xmlns="${CC_NS.cp}" xmlns:lomimscc="${CC_NS.lom}" xmlns:xsi="${XSI}" xsi:schemaLocation="${schemaLocation}">
  <metadata>
    <schema>IMS Common Cartridge</schema>
    <schemaversion>1.3.0</schemaversion>
    <lomimscc:lom>
      <lomimscc:general>
        <lomimscc:title>${str(doc.title)}</lomimscc:title>
        <lomimscc:language>${doc.language}</lomimscc:language>
        ${doc.summary ? `<lomimscc:description>${str(doc.summary)}</lomimscc:description>` : ''}
      </lomimscc:general>
      <lomimscc:lifeCycle>
        <lomimscc:contribute>
          <lomimscc:date><lomimscc:dateTime>${now.slice(0, 10)}</lomimscc:dateTime></lomimscc:date>
        </lomimscc:contribute>
      </lomimscc:lifeCycle>
      <lomimscc:rights>
        <lomimscc:copyrightAndOtherRestrictions><lomimscc:value>yes</lomimscc:value></lomimscc:copyrightAndOtherRestrictions>
        <lomimscc:description>${str(`${licenceName(doc.licence)} ${doc.licence}`)}</lomimscc:description>
      </lomimscc:rights>
    </lomimscc:lom>
  </metadata>
  <organizations>
    <organization identifier="ORG" structure="rooted-hierarchy">
      <item identifier="ROOT">
        <item identifier="LESSON">
          <title>${x(doc.title)}</title>
          ${entries.join('\n          ')}
        </item>
      </item>
    </organization>
  </organizations>
  <resources>
    ${resources.join('\n    ')}
  </resources>
</manifest>
`;
}
