import { QRCodeSVG } from 'qrcode.react';
import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * Sharing a published lesson: its link (for the variant chosen, if any), a QR code for the board,
 * and the exports. The QR code is drawn in the page; nothing is asked of another service.
 */
export function ShareLesson({
  id,
  query = '',
  showExports = true,
}: {
  id: string;
  query?: string;
  showExports?: boolean;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const linkId = useId();
  const url = `${window.location.origin}/les/${encodeURIComponent(id)}${query ? `?${query}` : ''}`;
  const exportUrl = (format: string) =>
    `/api/v1/lessons/${encodeURIComponent(id)}/export?format=${format}${query ? `&${query}` : ''}`;
  const copy = async () => {
    await navigator.clipboard?.writeText(url).catch(() => undefined);
    setCopied(true);
  };
  return (
    <div className="share-lesson">
      <h3>{t('share.title')}</h3>
      <label htmlFor={linkId}>{t('share.link')}</label>
      <input id={linkId} className="wide" readOnly value={url} onFocus={(e) => e.target.select()} />
      <p>
        <button type="button" className="secondary" onClick={() => void copy()}>
          {t('share.copy')}
        </button>{' '}
        <span role="status">{copied ? t('resource.copied') : ''}</span>
      </p>
      <figure className="qr">
        <QRCodeSVG
          value={url}
          size={160}
          marginSize={2}
          title={t('share.qrTitle')}
          role="img"
          aria-label={t('share.qrTitle')}
        />
        <figcaption className="small">{t('share.qrHelp')}</figcaption>
      </figure>
      {showExports && (
        <ul className="exports">
          <li>
            <a href={exportUrl('imscc')} download>
              {t('share.imscc')}
            </a>
          </li>
          <li>
            <a href={exportUrl('web')} download>
              {t('share.web')}
            </a>
          </li>
        </ul>
      )}
    </div>
  );
}
