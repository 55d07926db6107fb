import { type Community, type VocabConcept } from '../../api.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** School levels (groep 1–8, po, vmbo, havo, …) in natural order, then reference levels (1F, 2S, …). */
export const byLevel = (a: VocabConcept, b: VocabConcept) =>
  Number(/^\d/.test(a.labelNl)) - Number(/^\d/.test(b.labelNl)) ||
  a.labelNl.localeCompare(b.labelNl, 'nl', { numeric: true });

export const path = (slug: string) => `/api/v1/communities/${encodeURIComponent(slug)}`;

export function useDate() {
  const { lang } = useI18n();
  return (iso: string) =>
    new Date(iso).toLocaleDateString(lang === 'nl' ? 'nl-NL' : 'en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
}

/** Kind, region, subjects and levels of a community in one line. */
export function CommunityFacts({ community }: { community: Community }) {
  const { t, label } = useI18n();
  const parts = [
    t(`community.kind.${community.kind}`) + (community.region ? ` · ${community.region}` : ''),
    ...community.subjects.map((s) => label(s.label, s.labelEn)),
  ];
  return (
    <>
      <p className="card-kind">{parts.join(' · ')}</p>
      {community.levels.length > 0 && (
        <p className="small">{community.levels.map((l) => label(l.label, l.labelEn)).join(', ')}</p>
      )}
    </>
  );
}
