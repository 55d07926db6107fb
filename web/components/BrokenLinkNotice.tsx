import { useEffect, useState } from 'react';
import { api, type Quality } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * Above a resource's link to its source: a warning when the link check found the link broken
 * (gone or its host dead on two looks days apart), with when it was last looked at.
 */
export function BrokenLinkNotice({ resourceId }: { resourceId: string }) {
  const { t, lang } = useI18n();
  const [broken, setBroken] = useState<{ checkedAt: string; since: string | null } | null>(null);
  useEffect(() => {
    setBroken(null);
    void api<Quality>(`/api/v1/resources/${encodeURIComponent(resourceId)}/quality`)
      .then((q) => {
        const link = q.checks.find((c) => c.kind === 'link');
        if (link?.status === 'failed')
          setBroken({ checkedAt: link.checkedAt, since: (link.detail.firstFailedAt as string | null) ?? null });
      })
      .catch(() => undefined);
  }, [resourceId]);
  if (!broken) return null;
  const date = (iso: string) => new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'nl-NL');
  return (
    <p className="notice warning">
      {t('link.broken', { since: date(broken.since ?? broken.checkedAt), checked: date(broken.checkedAt) })}
    </p>
  );
}
