import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';

/** Page frame: skip link, header with navigation and language switch, main landmark, footer. */
export function Layout({ title, children }: { title: string; children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const { location } = useRouter();
  const { session, signOut } = useSession();
  useEffect(() => {
    document.title = `${title} – Leergoed`;
  }, [title]);
  const current = (path: string) => (location.pathname === path ? ('page' as const) : undefined);
  // Signing in returns to this page (pages about signing in themselves do not count).
  const here = `${location.pathname}${location.search}`;
  const signInLink = /^\/(inloggen|registreren|wachtwoord-|account\/bevestigen)/.test(location.pathname)
    ? '/inloggen'
    : `/inloggen?terug=${encodeURIComponent(here)}`;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="wrap header-row">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              L
            </span>{' '}
            {t('site.name')}
          </Link>
          <nav aria-label={t('nav.main')}>
            <ul className="nav">
              <li>
                <Link to="/" aria-current={current('/')}>
                  {t('nav.home')}
                </Link>
              </li>
              <li>
                <Link to="/zoeken" aria-current={current('/zoeken')}>
                  {t('nav.search')}
                </Link>
              </li>
              <li>
                <Link to="/leerdoelen" aria-current={current('/leerdoelen')}>
                  {t('nav.curriculum')}
                </Link>
              </li>
              <li>
                <Link to="/gemeenschappen" aria-current={current('/gemeenschappen')}>
                  {t('nav.communities')}
                </Link>
              </li>
              {session && (
                <li>
                  <Link to="/lessen" aria-current={current('/lessen')}>
                    {t('nav.lessons')}
                  </Link>
                </li>
              )}
              {session?.user.role === 'admin' && (
                <li>
                  <Link to="/beheer/lti" aria-current={current('/beheer/lti')}>
                    {t('nav.lti')}
                  </Link>
                </li>
              )}
              {session?.user.role === 'admin' && (
                <li>
                  <Link to="/beheer/gebruikers" aria-current={current('/beheer/gebruikers')}>
                    {t('admin.nav')}
                  </Link>
                </li>
              )}
              {session && session.user.role !== 'teacher' && (
                <li>
                  <Link to="/bronnen" aria-current={current('/bronnen')}>
                    {t('nav.sources')}
                  </Link>
                </li>
              )}
              {session && session.user.role !== 'teacher' && (
                <li>
                  <Link to="/curatie" aria-current={current('/curatie')}>
                    {t('nav.curation')}
                  </Link>
                </li>
              )}
              {session &&
                (session.user.role === 'admin' || session.user.organisations.some((o) => o.role === 'editor')) && (
                  <li>
                    <Link to="/team" aria-current={current('/team')}>
                      {t('nav.team')}
                    </Link>
                  </li>
                )}
              <li>
                <a href="/api/docs">{t('nav.api')}</a>
              </li>
              {session && (
                <li>
                  <Link to="/account" aria-current={current('/account')}>
                    {t('myAccount.link')}
                  </Link>
                </li>
              )}
              <li>
                {session ? (
                  <button type="button" className="link-button" onClick={() => void signOut()}>
                    {t('nav.signOut')}
                  </button>
                ) : (
                  <Link to={signInLink} aria-current={current('/inloggen')}>
                    {t('nav.signIn')}
                  </Link>
                )}
              </li>
              <li>
                <button
                  type="button"
                  className="link-button"
                  lang={lang === 'nl' ? 'en' : 'nl'}
                  aria-label={t('nav.languageLabel')}
                  onClick={() => setLang(lang === 'nl' ? 'en' : 'nl')}
                >
                  {t('nav.language')}
                </button>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="wrap">
        {children}
      </main>
      <footer className="site-footer">
        <div className="wrap">
          <p>{t('footer.text')}</p>
          <p>
            <a href="https://creativecommons.org/licenses/">Creative Commons</a> ·{' '}
            <a href="https://rightsstatements.org/">RightsStatements.org</a> ·{' '}
            <a href="https://opendata.slo.nl/">SLO curriculum</a>
          </p>
          <p>
            <Link to="/kwaliteit/rubric">{t('footer.rubric')}</Link>
          </p>
        </div>
      </footer>
    </>
  );
}
