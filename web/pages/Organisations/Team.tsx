import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type AdminOrganisation, type Team as TeamView } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, SignInLink, useRouter } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { Field, problemField } from '../Account/fields.tsx';
import { OrganisationMarks } from './OrganisationMarks.tsx';

const MEMBER_ROLES = ['editor', 'member'] as const;
type MemberRole = (typeof MEMBER_ROLES)[number];

/** An organisation's team for its editors (and administrators): roles, removal, invitations by mail. */
export function Team() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const { location, navigate } = useRouter();
  const [choices, setChoices] = useState<{ id: string; name: string }[] | null>(null);
  const [team, setTeam] = useState<TeamView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const ids = { org: useId(), people: useId(), invite: useId(), open: useId(), role: useId(), problem: useId() };
  const wanted = new URLSearchParams(location.search).get('organisatie');
  const isAdmin = session?.user.role === 'admin';

  useEffect(() => {
    if (!session) return;
    const own = session.user.organisations.filter((o) => o.role === 'editor');
    if (!isAdmin) return setChoices(own);
    void api<AdminOrganisation[]>('/api/v1/admin/organisations').then(setChoices).catch(setError);
  }, [session?.user.id]);
  const current = choices?.find((o) => o.id === wanted) ?? choices?.[0] ?? null;
  const path = current ? `/api/v1/organisations/${encodeURIComponent(current.id)}` : '';
  const load = () => api<TeamView>(`${path}/team`).then(setTeam).catch(setError);
  useEffect(() => {
    setTeam(null);
    if (path) void load();
  }, [path]);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setError(null);
    setStatus('');
    try {
      await work();
      setStatus(done);
      await load();
    } catch (e) {
      setError(e);
    }
  };
  const roleName = (role: MemberRole) => t(`memberRole.${role}`);
  const invite = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    const email = String(form.get('email'));
    await act(
      async () => {
        await api(`${path}/invitations`, {
          method: 'POST',
          body: JSON.stringify({ email, role: form.get('role'), lang }),
        });
        target.reset();
      },
      t('team.invited', { email }),
    );
  };
  const date = (iso: string) => new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'nl-NL');

  if (!session || (choices && choices.length === 0))
    return (
      <Layout title={t('team.title')}>
        <div className="narrow">
          <h1>{t('team.title')}</h1>
          <p>
            {session ? t('team.none') : <SignInLink>{t('nav.signIn')}</SignInLink>}{' '}
            {session && <Link to="/organisatie-aanmelden">{t('apply.link')}</Link>}
          </p>
        </div>
      </Layout>
    );
  const field = problemField(error);
  return (
    <Layout title={current ? `${t('team.title')}: ${current.name}` : t('team.title')}>
      <h1>{current ? `${t('team.title')}: ${current.name}` : t('team.title')}</h1>
      <p>{t('team.intro')}</p>
      {choices && choices.length > 1 && (
        <p>
          <label htmlFor={ids.org}>{t('team.organisation')}</label>{' '}
          <select
            id={ids.org}
            value={current?.id ?? ''}
            onChange={(e) => navigate(`/team?organisatie=${encodeURIComponent(e.target.value)}`)}
          >
            {choices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </p>
      )}
      <ProblemMessage error={error} id={ids.problem} />
      <p role="status" className={status ? 'notice' : 'small'}>
        {status}
      </p>
      {team && (
        <>
          <section aria-labelledby={ids.people}>
            <h2 id={ids.people}>{t('team.people', { organisation: team.organisation.name })}</h2>
            <div className="table-scroll">
              <table className="preview">
                <thead>
                  <tr>
                    <th scope="col">{t('team.name')}</th>
                    <th scope="col">{t('team.role')}</th>
                    <th scope="col">{t('team.since')}</th>
                    <th scope="col">{t('team.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {team.members.map((m) => (
                    <tr key={m.userId}>
                      <th scope="row">
                        {m.name} {m.userId === session.user.id && <span className="small">{t('team.you')}</span>}
                      </th>
                      <td>
                        <select
                          aria-label={t('team.roleOf', { name: m.name })}
                          value={m.role}
                          onChange={(e) => {
                            const role = e.target.value as MemberRole;
                            void act(
                              () =>
                                api(`${path}/members/${encodeURIComponent(m.userId)}`, {
                                  method: 'PATCH',
                                  body: JSON.stringify({ role }),
                                }),
                              t('team.saved', { name: m.name, role: roleName(role) }),
                            );
                          }}
                        >
                          {MEMBER_ROLES.map((r) => (
                            <option key={r} value={r}>
                              {roleName(r)}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>{date(m.since)}</td>
                      <td>
                        <button
                          type="button"
                          className="danger"
                          aria-label={t('team.removeOf', { name: m.name })}
                          onClick={() => {
                            if (
                              !window.confirm(
                                t('team.confirmRemove', { name: m.name, organisation: team.organisation.name }),
                              )
                            )
                              return;
                            void act(
                              () => api(`${path}/members/${encodeURIComponent(m.userId)}`, { method: 'DELETE' }),
                              t('team.removed', { name: m.name, organisation: team.organisation.name }),
                            );
                          }}
                        >
                          {t('team.remove')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby={ids.invite} className="narrow">
            <h2 id={ids.invite}>{t('team.invite')}</h2>
            <p className="small">{t('team.inviteIntro')}</p>
            <form onSubmit={(e) => void invite(e)} className="form">
              <Field
                label={t('team.email')}
                name="email"
                type="email"
                required
                maxLength={320}
                autoComplete="off"
                invalid={field === 'email'}
                problemId={ids.problem}
              />
              <div className="field">
                <label htmlFor={ids.role}>{t('team.inviteRole')}</label>
                <select id={ids.role} name="role" defaultValue="editor">
                  {MEMBER_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {roleName(r)}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit">{t('team.inviteSubmit')}</button>
            </form>
          </section>
          <section aria-labelledby={ids.open}>
            <h2 id={ids.open}>{t('team.invitations')}</h2>
            {team.invitations.length === 0 && <p>{t('team.noInvitations')}</p>}
            <ul className="plain-list">
              {team.invitations.map((i) => (
                <li key={i.id} className="boxed">
                  <strong>{i.email}</strong>
                  <br />
                  <span className="small">
                    {t('team.invitedBy', {
                      role: roleName(i.role),
                      name: i.invitedBy ?? 'Leergoed',
                      date: date(i.expiresAt),
                    })}
                  </span>{' '}
                  <button
                    type="button"
                    aria-label={t('team.revokeOf', { email: i.email })}
                    onClick={() =>
                      void act(
                        () => api(`${path}/invitations/${encodeURIComponent(i.id)}`, { method: 'DELETE' }),
                        t('team.revoked', { email: i.email }),
                      )
                    }
                  >
                    {t('team.revoke')}
                  </button>
                </li>
              ))}
            </ul>
          </section>
          <OrganisationMarks organisationId={team.organisation.id} />
        </>
      )}
    </Layout>
  );
}
