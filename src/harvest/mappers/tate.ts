import type { MappedRecord } from '../../catalogue/model.ts';
import { httpUrl, unique, type MapperContext } from './context.ts';

interface TateSubject {
  id: number;
  name: string;
  children?: TateSubject[];
}

/** The leaves of Tate's subject tree ("bench", "child", …), the most specific terms. */
function subjectLeaves(node: TateSubject | undefined): string[] {
  if (!node) return [];
  if (!node.children?.length) return [node.name];
  return node.children.flatMap(subjectLeaves);
}

/** Tate still serves its 2014 image paths, but over https. */
function tateImage(url: string | null | undefined): string | null {
  return httpUrl(url?.replace(/^http:\/\/www\.tate\.org\.uk\//, 'https://www.tate.org.uk/') ?? null);
}

/**
 * Maps a Tate collection artwork record (the JSON of Tate's 2014 open data release). Tate's
 * metadata is CC0; it states no licence for the works or their images, so rights stay missing.
 */
export function mapTateArtwork(json: Record<string, any>, ctx: MapperContext): MappedRecord {
  const acno = typeof json.acno === 'string' ? json.acno : null;
  if (!acno) return { status: 'failed', originalId: null, reason: 'Tate record without an accession number (acno)' };
  if (typeof json.title !== 'string' || !json.title.trim())
    return { status: 'failed', originalId: acno, reason: 'Tate record without a title' };
  const contributors: any[] = Array.isArray(json.contributors) ? json.contributors : [];
  const dateText = typeof json.dateText === 'string' ? json.dateText : null;
  const description = [json.medium, json.dimensions, json.creditLine]
    .filter((v) => typeof v === 'string' && v.trim())
    .join('. ');
  return {
    status: 'ok',
    originalId: acno,
    warnings: [],
    input: {
      kind: 'heritage',
      title: json.title.trim(),
      description: description || null,
      language: 'en',
      creators: contributors
        .map((c) => ({
          name: String(c.fc ?? c.mda ?? '').trim(),
          role: c.role ?? 'artist',
          uri: typeof c.id === 'number' ? `https://www.tate.org.uk/art/artists/${c.id}` : null,
        }))
        .filter((c) => c.name),
      publisher: ctx.institution ?? 'Tate',
      url: httpUrl(typeof json.url === 'string' ? json.url.replace(/^http:/, 'https:') : null),
      thumbnail: tateImage(json.thumbnailUrl),
      keywords: unique([json.classification, json.medium, ...subjectLeaves(json.subjects)]),
      rights: null,
      metadataLicence: 'http://creativecommons.org/publicdomain/zero/1.0/',
      dateCreated: dateText,
      periodStart: json.dateRange?.startYear ?? null,
      periodEnd: json.dateRange?.endYear ?? null,
      periodText: dateText,
      extra: {
        acquisitionYear: json.acquisitionYear ?? null,
        tateId: json.id ?? null,
        thumbnailCopyright: json.thumbnailCopyright ?? null,
      },
    },
  };
}
