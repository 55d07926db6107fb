import { useEffect, useId, useRef, useState, type PointerEvent } from 'react';
import type { Annotation, LessonItem, Region } from '../../src/lessons/document.ts';
import { canvasesOf, canvasImage, regionImageUrl, type CanvasChoice } from '../../src/lessons/iiif.ts';
import { useI18n } from '../i18n/i18n.tsx';

type Detail = Extract<LessonItem, { type: 'detail' }>;

/** Fetches a IIIF manifest once per page. */
const manifests = new Map<string, Promise<unknown>>();
export function loadManifest(url: string): Promise<unknown> {
  if (!manifests.has(url))
    manifests.set(
      url,
      fetch(url, { headers: { accept: 'application/ld+json, application/json' }, referrerPolicy: 'no-referrer' }).then(
        (r) => {
          if (!r.ok) throw new Error(`HTTP ${r.status}`);
          return r.json();
        },
      ),
    );
  return manifests.get(url)!;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Picks a detail of a heritage object: choose the canvas, draw the region on the image with a
 * pointer, or type its numbers (the same thing without dragging, WCAG 2.5.7); place numbered points
 * and rectangles with a text. Coordinates are the canvas's own pixels.
 */
export function RegionPicker({ item, onChange }: { item: Detail; onChange: (next: Detail) => void }) {
  const { t, lang } = useI18n();
  const [manifest, setManifest] = useState<unknown>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'region' | 'point'>('region');
  const [drag, setDrag] = useState<{ x: number; y: number } | null>(null);
  const imageRef = useRef<HTMLImageElement>(null);
  const baseId = useId();

  useEffect(() => {
    setError(null);
    loadManifest(item.manifest)
      .then(setManifest)
      .catch((e) => setError(String(e.message ?? e)));
  }, [item.manifest]);

  const canvases: CanvasChoice[] = manifest ? canvasesOf(manifest, lang) : [];
  const canvas = canvases.find((c) => c.id === item.canvas) ?? null;
  const image = manifest ? canvasImage(manifest, item.canvas) : null;
  const source = image ? regionImageUrl(image, null, 1000) : null;

  const toCanvas = (event: PointerEvent<HTMLDivElement>) => {
    const box = imageRef.current!.getBoundingClientRect();
    const scale = (canvas?.width ?? box.width) / box.width;
    return {
      x: Math.round(clamp(event.clientX - box.left, 0, box.width) * scale),
      y: Math.round(clamp(event.clientY - box.top, 0, box.height) * ((canvas?.height ?? box.height) / box.height)),
    };
  };
  const down = (event: PointerEvent<HTMLDivElement>) => {
    if (!canvas) return;
    const p = toCanvas(event);
    if (mode === 'point') {
      onChange({ ...item, annotations: [...item.annotations, { kind: 'point', x: p.x, y: p.y, text: '' }] });
      return;
    }
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag(p);
  };
  const moveTo = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const p = toCanvas(event);
    const region = {
      x: Math.min(drag.x, p.x),
      y: Math.min(drag.y, p.y),
      w: Math.max(1, Math.abs(p.x - drag.x)),
      h: Math.max(1, Math.abs(p.y - drag.y)),
    };
    onChange({ ...item, region });
  };
  const setRegion = (key: keyof Region, value: number) => {
    const current = item.region ?? { x: 0, y: 0, w: canvas?.width ?? 1, h: canvas?.height ?? 1 };
    onChange({
      ...item,
      region: { ...current, [key]: Math.max(key === 'w' || key === 'h' ? 1 : 0, Math.round(value) || 0) },
    });
  };
  const setAnnotation = (index: number, next: Annotation | null) => {
    const list = item.annotations.slice();
    if (next) list[index] = next;
    else list.splice(index, 1);
    onChange({ ...item, annotations: list });
  };
  const pct = (value: number, size: number | undefined) => `${(value / (size || 1)) * 100}%`;

  return (
    <div className="region-picker">
      {error && (
        <div role="alert" className="error">
          <p>{t('builder.manifestFailed')}</p>
          <details className="small">
            <summary>{t('problem.details')}</summary>
            <p lang="en">{error}</p>
          </details>
        </div>
      )}
      {canvases.length > 1 && (
        <p>
          <label htmlFor={`${baseId}-canvas`}>{t('builder.canvas')}</label>{' '}
          <select
            id={`${baseId}-canvas`}
            value={item.canvas}
            onChange={(e) => onChange({ ...item, canvas: e.target.value, region: null, annotations: [] })}
          >
            {canvases.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </p>
      )}
      {source && canvas && (
        <>
          <fieldset className="inline-choices">
            <legend>{t('builder.drawMode')}</legend>
            <label>
              <input
                type="radio"
                name={`${baseId}-mode`}
                checked={mode === 'region'}
                onChange={() => setMode('region')}
              />{' '}
              {t('builder.drawRegion')}
            </label>
            <label>
              <input
                type="radio"
                name={`${baseId}-mode`}
                checked={mode === 'point'}
                onChange={() => setMode('point')}
              />{' '}
              {t('builder.placePoint')}
            </label>
          </fieldset>
          <div
            className="region-stage"
            onPointerDown={down}
            onPointerMove={moveTo}
            onPointerUp={() => setDrag(null)}
            data-testid="region-stage"
          >
            <img
              ref={imageRef}
              src={source.url}
              alt={t('builder.imageToDraw')}
              draggable={false}
              referrerPolicy="no-referrer"
            />
            {item.region && (
              <span
                className="region-box"
                style={{
                  left: pct(item.region.x, canvas.width),
                  top: pct(item.region.y, canvas.height),
                  width: pct(item.region.w, canvas.width),
                  height: pct(item.region.h, canvas.height),
                }}
              />
            )}
            {item.annotations.map((a, i) =>
              a.kind === 'point' ? (
                <span
                  key={i}
                  className="region-pin"
                  style={{ left: pct(a.x, canvas.width), top: pct(a.y, canvas.height) }}
                >
                  {i + 1}
                </span>
              ) : (
                <span
                  key={i}
                  className="region-note-box"
                  style={{
                    left: pct(a.x, canvas.width),
                    top: pct(a.y, canvas.height),
                    width: pct(a.w, canvas.width),
                    height: pct(a.h, canvas.height),
                  }}
                >
                  {i + 1}
                </span>
              ),
            )}
          </div>
        </>
      )}
      <fieldset className="inline-choices">
        <legend>{t('builder.regionNumbers')}</legend>
        {(['x', 'y', 'w', 'h'] as const).map((key) => (
          <label key={key}>
            {t(`builder.region.${key}`)}{' '}
            <input
              type="number"
              min={0}
              value={item.region?.[key] ?? ''}
              onChange={(e) => setRegion(key, Number(e.target.value))}
            />
          </label>
        ))}
        <button type="button" className="secondary" onClick={() => onChange({ ...item, region: null })}>
          {t('builder.wholeImage')}
        </button>
      </fieldset>
      <label htmlFor={`${baseId}-caption`}>{t('builder.caption')}</label>
      <input
        id={`${baseId}-caption`}
        className="wide"
        value={item.caption}
        maxLength={500}
        onChange={(e) => onChange({ ...item, caption: e.target.value })}
      />
      {item.annotations.length > 0 && (
        <ol className="annotation-list">
          {item.annotations.map((a, i) => (
            <li key={i}>
              <label>
                {t('builder.annotationText', { n: i + 1 })}{' '}
                <input
                  value={a.text}
                  maxLength={500}
                  onChange={(e) => setAnnotation(i, { ...a, text: e.target.value })}
                />
              </label>
              <label>
                x{' '}
                <input
                  type="number"
                  min={0}
                  value={a.x}
                  onChange={(e) => setAnnotation(i, { ...a, x: Number(e.target.value) || 0 })}
                />
              </label>
              <label>
                y{' '}
                <input
                  type="number"
                  min={0}
                  value={a.y}
                  onChange={(e) => setAnnotation(i, { ...a, y: Number(e.target.value) || 0 })}
                />
              </label>
              <button type="button" className="secondary" onClick={() => setAnnotation(i, null)}>
                {t('builder.remove')}
                <span className="visually-hidden"> {i + 1}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      <p>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            onChange({
              ...item,
              annotations: [
                ...item.annotations,
                {
                  kind: 'point',
                  x: Math.round((item.region?.x ?? 0) + (item.region?.w ?? canvas?.width ?? 0) / 2),
                  y: Math.round((item.region?.y ?? 0) + (item.region?.h ?? canvas?.height ?? 0) / 2),
                  text: '',
                },
              ],
            })
          }
        >
          {t('builder.addPoint')}
        </button>
      </p>
    </div>
  );
}
