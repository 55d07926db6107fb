import type { Licence } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** A licence badge: its short name linking to the licence, coloured by reusability. */
export function LicenceBadge({ licence, compact = false }: { licence: Licence; compact?: boolean }) {
  const { t, label } = useI18n();
  if (licence.status !== 'ok' || !licence.uri) {
    return (
      <span className="badge badge-unknown">
        {compact
          ? t('resource.licenceShortUnknown')
          : licence.status === 'unknown'
            ? t('resource.licenceUnknown', { raw: licence.raw ?? '' })
            : t('resource.licenceMissing')}
      </span>
    );
  }
  const name =
    licence.kind === 'licence'
      ? (licence.notation ?? licence.label ?? licence.uri)
      : label(licence.label ?? licence.uri, licence.labelEn);
  const reuse = licence.reusability ? t(`resource.reuse.${licence.reusability}` as 'resource.reuse.open') : null;
  if (compact) return <span className={`badge badge-${licence.reusability ?? 'unknown'}`}>{name}</span>;
  return (
    <span className={`badge badge-${licence.reusability ?? 'unknown'}`}>
      <a href={licence.uri} rel="license">
        {name}
      </a>
      {reuse ? <> · {reuse}</> : null}
    </span>
  );
}
