import { useEffect, useId, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';

/**
 * Whose records the signed-in person oversees in the curation queues and the data-quality report:
 * curators and admins every institution (they may pick one), an institution's editors their own.
 */
export function useOverseen(): {
  curator: boolean;
  allowed: boolean;
  organisations: { id: string; name: string }[];
  error: unknown;
} {
  const { session } = useSession();
  const [organisations, setOrganisations] = useState<{ id: string; name: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const curator = session?.user.role === 'curator' || session?.user.role === 'admin';
  const editorOf = session?.user.organisations.filter((o) => o.role === 'editor') ?? [];
  const allowed = curator || (session?.user.role === 'institution_editor' && editorOf.length > 0);
  useEffect(() => {
    if (!allowed) return;
    if (!curator) return setOrganisations(editorOf);
    void api<{ id: string; name: string }[]>('/api/v1/organisations').then(setOrganisations).catch(setError);
  }, [allowed, curator, session?.user.id]);
  return { curator, allowed, organisations, error };
}

/** Picks one of the overseen institutions, or all of them; shown when there is a choice. */
export function OrganisationPicker({
  organisations,
  value,
  onChange,
}: {
  organisations: { id: string; name: string }[];
  value: string;
  onChange: (organisationId: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  if (organisations.length < 2 && !value) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{t('curation.organisation')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('curation.allOrganisations')}</option>
        {organisations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}
