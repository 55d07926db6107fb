import OpenSeadragon from 'openseadragon';
import { useEffect, useRef, useState } from 'react';
import type { LessonItem } from '../../src/lessons/document.ts';
import { canvasImage, imageRegion, type CanvasImage } from '../../src/lessons/iiif.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { loadManifest } from './RegionPicker.tsx';

type Detail = Extract<LessonItem, { type: 'detail' }>;

/**
 * Deep zoom on a heritage detail (OpenSeadragon over the object's IIIF Image service): opens at the
 * saved region with its annotations numbered on the image and listed below it. Zoom, back to the
 * detail and the whole object are buttons (keyboard and screen reader), besides the mouse and touch
 * gestures. When the manifest or image cannot be reached, `fallback` shows instead.
 */
export function IiifViewer({ item, title, fallback }: { item: Detail; title: string; fallback: React.ReactNode }) {
  const { t } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const viewer = useRef<OpenSeadragon.Viewer | null>(null);
  const image = useRef<CanvasImage | null>(null);
  const [state, setState] = useState<'loading' | 'open' | 'failed'>('loading');

  const showRegion = (immediately: boolean) => {
    const v = viewer.current;
    if (!v || !image.current) return;
    const r = imageRegion(image.current, item.region);
    v.viewport.fitBounds(v.viewport.imageToViewportRectangle(r.x, r.y, r.w, r.h), immediately);
  };

  useEffect(() => {
    let cancelled = false;
    setState('loading');
    loadManifest(item.manifest)
      .then((manifest) => {
        const found = canvasImage(manifest, item.canvas);
        if (cancelled || !element.current) return;
        if (!found || (!found.service && !found.url)) {
          setState('failed');
          return;
        }
        image.current = found;
        const v = OpenSeadragon({
          element: element.current,
          tileSources: found.service ? `${found.service}/info.json` : { type: 'image', url: found.url! },
          // The 2D canvas draws museum tiles that are served without CORS; WebGL could not.
          drawer: 'canvas',
          showNavigationControl: false,
          showNavigator: false,
          crossOriginPolicy: false,
          loadTilesWithAjax: false,
          visibilityRatio: 0.5,
          gestureSettingsMouse: { clickToZoom: false },
        });
        viewer.current = v;
        v.addHandler('open', () => {
          if (cancelled) return;
          showRegion(true);
          item.annotations.forEach((a, n) => {
            const marker = document.createElement('span');
            marker.className = a.kind === 'point' ? 'viewer-pin' : 'viewer-box';
            marker.textContent = String(n + 1);
            marker.setAttribute('aria-hidden', 'true');
            const at = imageRegion(found, a.kind === 'point' ? { x: a.x, y: a.y, w: 1, h: 1 } : a);
            const location =
              a.kind === 'point'
                ? v.viewport.imageToViewportCoordinates(at.x, at.y)
                : v.viewport.imageToViewportRectangle(at.x, at.y, at.w, at.h);
            v.addOverlay({
              element: marker,
              location,
              placement: OpenSeadragon.Placement.CENTER,
            } as OpenSeadragon.OverlayOptions);
          });
          element.current?.setAttribute(
            'data-region-shown',
            item.region ? `${item.region.x},${item.region.y},${item.region.w},${item.region.h}` : 'full',
          );
          setState('open');
        });
        v.addHandler('open-failed', () => {
          if (!cancelled) setState('failed');
        });
      })
      .catch(() => {
        if (!cancelled) setState('failed');
      });
    return () => {
      cancelled = true;
      viewer.current?.destroy();
      viewer.current = null;
    };
  }, [item.manifest, item.canvas, JSON.stringify(item.region), JSON.stringify(item.annotations)]);

  if (state === 'failed') return <>{fallback}</>;
  const zoom = (factor: number) => {
    viewer.current?.viewport.zoomBy(factor);
    viewer.current?.viewport.applyConstraints();
  };
  return (
    <div className="iiif-detail">
      <div
        ref={element}
        className="iiif-viewer"
        role="img"
        aria-label={`${item.caption || title} (${t('viewer.label')})`}
      />
      <p className="viewer-controls no-print" aria-label={t('viewer.controls')}>
        <button type="button" className="secondary" disabled={state !== 'open'} onClick={() => zoom(1.5)}>
          {t('viewer.zoomIn')}
        </button>
        <button type="button" className="secondary" disabled={state !== 'open'} onClick={() => zoom(1 / 1.5)}>
          {t('viewer.zoomOut')}
        </button>
        <button type="button" className="secondary" disabled={state !== 'open'} onClick={() => showRegion(false)}>
          {t('viewer.toDetail')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={state !== 'open'}
          onClick={() => viewer.current?.viewport.goHome()}
        >
          {t('viewer.whole')}
        </button>
      </p>
    </div>
  );
}
