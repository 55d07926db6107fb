import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type AdminOrganisation as Organisation, type AdminUser, type AuditEntry } from '../api.ts';
import { Applications } from '../components/Applications.tsx';
import { Layout } from '../components/Layout.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { SignInLink } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Issuers } from './Quality/Issuers.tsx';

const ROLES = ['teacher', 'institution_editor', 'curator', 'admin'] as const;

/** Users, roles and organisations, and the audit log: administration without a shell. */
export function AdminPage() {
  const { t, lang, has } = useI18n();
  const { session } = useSession();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [q, setQ] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const ids = {
    users: useId(),
    orgs: useId(),
    audit: useId(),
    q: useId(),
    orgName: useId(),
    orgKind: useId(),
    orgId: useId(),
  };
  const isAdmin = session?.user.role === 'admin';

  const load = async (query = q) => {
    try {
      setUsers(await api<AdminUser[]>(`/api/v1/admin/users${query ? `?q=${encodeURIComponent(query)}` : ''}`));
      setOrganisations(await api<Organisation[]>('/api/v1/admin/organisations'));
      setAudit(await api<AuditEntry[]>('/api/v1/admin/audit?limit=50'));
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin]);

  const change = async (
    user: AdminUser,
    patch: Partial<Pick<AdminUser, 'role' | 'disabled'>> & { organisationIds?: string[] },
  ) => {
    setError(null);
    setStatus('');
    try {
      await api(`/api/v1/admin/users/${encodeURIComponent(user.id)}`, { method: 'PATCH', body: JSON.stringify(patch) });
      setStatus(t('admin.saved', { name: user.name }));
      await load();
    } catch (e) {
      setError(e);
    }
  };
  const addOrganisation = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    setError(null);
    try {
      await api('/api/v1/admin/organisations', {
        method: 'POST',
        body: JSON.stringify({
          name: form.get('name'),
          kind: form.get('kind'),
          externalId: String(form.get('externalId') ?? '') || null,
        }),
      });
      setStatus(t('admin.orgAdded', { name: String(form.get('name')) }));
      target.reset();
      await load();
    } catch (e) {
      setError(e);
    }
  };

  if (!isAdmin)
    return (
      <Layout title={t('admin.title')}>
        <h1>{t('admin.title')}</h1>
        <p>
          {t('admin.adminsOnly')} {!session && <SignInLink>{t('nav.signIn')}</SignInLink>}
        </p>
      </Layout>
    );
  const roleLabel = (value: unknown) =>
    ROLES.includes(value as (typeof ROLES)[number])
      ? t(`role.${value as (typeof ROLES)[number]}`)
      : value === 'editor' || value === 'member'
        ? t(`memberRole.${value}`)
        : value === null || value === undefined
          ? '—'
          : String(value);
  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'nl-NL');
  return (
    <Layout title={t('admin.title')}>
      <h1>{t('admin.title')}</h1>
      <ProblemMessage error={error} />
      <p role="status" className="small">
        {status}
      </p>
      <Applications onDecided={() => void load()} />
      <section aria-labelledby={ids.users}>
        <h2 id={ids.users}>{t('admin.users')}</h2>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            void load(q);
          }}
        >
          <label htmlFor={ids.q}>{t('admin.search')}</label>{' '}
          <input id={ids.q} type="search" value={q} onChange={(e) => setQ(e.target.value)} />{' '}
          <button type="submit">{t('search.button')}</button>
        </form>
        <div className="table-scroll">
          <table className="preview">
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{t('admin.organisations')}</th>
                <th scope="col">{t('admin.state')}</th>
              </tr>
            </thead>
            <tbody>
              {users?.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    {u.name}
                    <br />
                    <span className="small break">{u.email}</span>
                    {!u.verified && <span className="small"> · {t('admin.unverified')}</span>}
                  </th>
                  <td>
                    <select
                      aria-label={t('admin.roleOf', { name: u.name })}
                      value={u.role}
                      onChange={(e) => void change(u, { role: e.target.value })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select
                      multiple
                      size={Math.min(4, Math.max(2, organisations.length))}
                      aria-label={t('admin.organisationsOf', { name: u.name })}
                      value={u.organisations.map((o) => o.id)}
                      onChange={(e) =>
                        void change(u, { organisationIds: [...e.target.selectedOptions].map((o) => o.value) })
                      }
                    >
                      {organisations.map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <label>
                      <input
                        type="checkbox"
                        checked={u.disabled}
                        onChange={(e) => void change(u, { disabled: e.target.checked })}
                      />{' '}
                      {t('admin.disabled')}
                      <span className="visually-hidden"> {u.name}</span>
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby={ids.orgs}>
        <h2 id={ids.orgs}>{t('admin.addOrganisation')}</h2>
        <form className="form" onSubmit={(e) => void addOrganisation(e)}>
          <div className="field">
            <label htmlFor={ids.orgName}>{t('admin.orgName')}</label>
            <input id={ids.orgName} name="name" type="text" required minLength={2} maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor={ids.orgKind}>{t('admin.orgKind')}</label>
            <select id={ids.orgKind} name="kind" defaultValue="school">
              {(['school', 'heritage', 'publisher', 'other'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`admin.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.orgId}>{t('admin.orgExternalId')}</label>
            <input id={ids.orgId} name="externalId" type="text" maxLength={200} />
          </div>
          <button type="submit">{t('admin.addOrganisationButton')}</button>
        </form>
      </section>

      <Issuers organisations={organisations} onChange={() => void load()} />

      <section aria-labelledby={ids.audit}>
        <h2 id={ids.audit}>{t('admin.audit')}</h2>
        <p>
          <a href="/api/v1/admin/audit?format=csv" download="leergoed-auditlog.csv">
            {t('admin.auditCsv')}
          </a>
        </p>
        <div className="table-scroll">
          <table className="preview">
            <thead>
              <tr>
                <th scope="col">{t('admin.when')}</th>
                <th scope="col">{t('admin.who')}</th>
                <th scope="col">{t('admin.what')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((a) => (
                <tr key={a.id}>
                  <td>{when(a.at)}</td>
                  <td>{a.actor.name ?? t('admin.commandLine')}</td>
                  <td className="break">
                    {has(`admin.action.${a.action}`)
                      ? t(`admin.action.${a.action}` as 'admin.action.user.role', {
                          name: String(a.detail.name ?? ''),
                          from: roleLabel(a.detail.from),
                          to: roleLabel(a.detail.to),
                          role: roleLabel(a.detail.role),
                          organisation: String(a.detail.organisation ?? ''),
                          email: String(a.detail.email ?? ''),
                          reason: String(a.detail.reason ?? ''),
                        })
                      : `${a.action} ${a.target.type} ${a.target.id}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
}
