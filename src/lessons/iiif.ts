/**
 * Reading the image behind an IIIF canvas, for a lesson's heritage details: the canvases a
 * manifest offers, and the image (service) a region of one of them is cut from. Presentation API 2
 * and 3. No dependencies: the builder and the pupil's viewer import it as it is.
 */
import type { Region } from './document.ts';

/** A canvas a teacher can cut a detail from. */
export interface CanvasChoice {
  id: string;
  label: string;
  width: number;
  height: number;
  thumbnail: string | null;
}

/** The image painted on a canvas: a IIIF Image API service when there is one, else a plain image. */
export interface CanvasImage {
  canvas: { id: string; width: number; height: number };
  /** The image service base URL (without `/info.json`), or null for a plain image. */
  service: string | null;
  /** The whole image as a plain file. */
  url: string | null;
  /** The image's own size (it may differ from the canvas's). */
  width: number;
  height: number;
  /** The part of the image the canvas shows (an ImageApiSelector), in image pixels; null for all of it. */
  selector: Region | null;
}

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
const idOf = (value: unknown): string | null => {
  if (typeof value === 'string') return value;
  const o = asObject(value);
  const id = o?.id ?? o?.['@id'];
  return typeof id === 'string' ? id : null;
};
const num = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : Number(value) || 0;

/** A label in the wanted language from a v2 string/array or a v3 language map. */
export function iiifLabel(value: unknown, language: 'nl' | 'en' = 'nl'): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value))
    return value
      .map((v) => (typeof v === 'string' ? v : String(asObject(v)?.['@value'] ?? '')))
      .filter(Boolean)
      .join(' ');
  const map = asObject(value);
  if (!map) return '';
  const pick = map[language] ?? map.none ?? map[Object.keys(map)[0] ?? ''];
  return asArray(pick).map(String).join(' ');
}

function canvasesOfManifest(manifest: Json): Json[] {
  if (Array.isArray(manifest.items))
    return manifest.items.map(asObject).filter((c): c is Json => !!c && c.type === 'Canvas');
  return asArray(manifest.sequences)
    .flatMap((s) => asArray(asObject(s)?.canvases))
    .map(asObject)
    .filter((c): c is Json => !!c);
}

/** The canvases of a manifest, in order. */
export function canvasesOf(manifest: unknown, language: 'nl' | 'en' = 'nl'): CanvasChoice[] {
  const m = asObject(manifest);
  if (!m) return [];
  return canvasesOfManifest(m).flatMap((c, index) => {
    const id = idOf(c);
    if (!id) return [];
    const image = imageOfCanvas(c);
    const thumbnail =
      idOf(asArray(c.thumbnail)[0]) ??
      (image?.service ? `${image.service}/full/!200,200/0/default.jpg` : (image?.url ?? null));
    return [
      {
        id,
        label: iiifLabel(c.label, language) || `${index + 1}`,
        width: num(c.width),
        height: num(c.height),
        thumbnail,
      },
    ];
  });
}

function parseSelector(body: Json): Region | null {
  const selector = asObject(body.selector);
  const region = typeof selector?.region === 'string' ? selector.region : null;
  const match = region && /^(\d+),(\d+),(\d+),(\d+)$/.exec(region);
  return match ? { x: +match[1]!, y: +match[2]!, w: +match[3]!, h: +match[4]! } : null;
}

function imageOfCanvas(canvas: Json): CanvasImage | null {
  const id = idOf(canvas);
  if (!id) return null;
  const size = { id, width: num(canvas.width), height: num(canvas.height) };
  // v3: items → AnnotationPage → painting annotations; v2: images → resource.
  const bodies: unknown[] = Array.isArray(canvas.items)
    ? canvas.items
        .flatMap((page) => asArray(asObject(page)?.items))
        .filter((a) => asObject(a)?.motivation === 'painting')
        .map((a) => asObject(a)?.body)
    : asArray(canvas.images).map((a) => asObject(a)?.resource);
  for (const raw of bodies.flatMap(asArray)) {
    let body = asObject(raw);
    if (!body) continue;
    let selector: Region | null = null;
    if (body.type === 'SpecificResource' || body['@type'] === 'oa:SpecificResource') {
      selector = parseSelector(body);
      body = asObject(body.source) ?? asObject(body.full) ?? body;
    }
    const service = asArray(body.service)
      .map(asObject)
      .find(
        (s) =>
          s &&
          /ImageService|image-api|iiif\.io\/api\/image/i.test(
            `${s.type ?? ''} ${s['@type'] ?? ''} ${s['@context'] ?? ''} ${s.profile ?? ''}`,
          ),
      );
    const serviceId = service
      ? (idOf(service)
          ?.replace(/\/info\.json$/, '')
          .replace(/\/$/, '') ?? null)
      : null;
    const url = idOf(body);
    if (!serviceId && !url) continue;
    return {
      canvas: size,
      service: serviceId,
      url,
      width: num(body.width) || size.width,
      height: num(body.height) || size.height,
      selector,
    };
  }
  return null;
}

/** The image behind a canvas of a manifest, or null when the canvas or its image is not there. */
export function canvasImage(manifest: unknown, canvasId: string): CanvasImage | null {
  const m = asObject(manifest);
  if (!m) return null;
  const canvas = canvasesOfManifest(m).find((c) => idOf(c) === canvasId);
  return canvas ? imageOfCanvas(canvas) : null;
}

/** A region of the canvas in the image's own pixels (the canvas may show a scaled part of the image). */
export function imageRegion(image: CanvasImage, region: Region | null): Region {
  const base = image.selector ?? { x: 0, y: 0, w: image.width, h: image.height };
  if (!region) return base;
  const sx = base.w / (image.canvas.width || base.w);
  const sy = base.h / (image.canvas.height || base.h);
  return {
    x: Math.round(base.x + region.x * sx),
    y: Math.round(base.y + region.y * sy),
    w: Math.max(1, Math.round(region.w * sx)),
    h: Math.max(1, Math.round(region.h * sy)),
  };
}

/**
 * The URL of a region of a canvas as one image at most `max` pixels wide or high: cut by the image
 * service, or the whole plain image when there is no service (`cut` false).
 */
export function regionImageUrl(
  image: CanvasImage,
  region: Region | null,
  max = 1600,
): { url: string; cut: boolean } | null {
  if (image.service) {
    const r = imageRegion(image, region);
    const whole = r.x === 0 && r.y === 0 && r.w === image.width && r.h === image.height;
    return {
      url: `${image.service}/${whole ? 'full' : `${r.x},${r.y},${r.w},${r.h}`}/!${max},${max}/0/default.jpg`,
      cut: true,
    };
  }
  return image.url ? { url: image.url, cut: region === null } : null;
}
