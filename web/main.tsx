import { AdminPage } from './pages/AdminPage.tsx';
import { AccountPage } from './pages/Account/AccountPage.tsx';
import { ForgotPassword, ResetPassword, VerifyEmail } from './pages/Account/Recovery.tsx';
import { Register } from './pages/Account/Register.tsx';
import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider, useI18n } from './i18n/i18n.tsx';
import { Layout } from './components/Layout.tsx';
import { CommunitiesPage } from './pages/Communities/CommunitiesPage.tsx';
import { CommunityPage } from './pages/Communities/CommunityPage.tsx';
import { ThreadPage } from './pages/Communities/ThreadPage.tsx';
import { Curriculum, CurriculumAreaPage } from './pages/Curriculum.tsx';
import { Home } from './pages/Home.tsx';
import { LessonPage } from './pages/LessonPage.tsx';
import { LtiPicker } from './pages/LtiPicker.tsx';
import { LtiPlatforms } from './pages/LtiPlatforms.tsx';
import { MyLessons } from './pages/MyLessons.tsx';
import { ResourcePage } from './pages/ResourcePage.tsx';
import { Search } from './pages/Search.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { Sources } from './pages/Sources.tsx';
import { RunReportPage, SourceDetail } from './pages/SourceDetail.tsx';
import { Route, Switch } from 'wouter';
import { decodeParam, Link, Router } from './router.tsx';
import { SessionProvider } from './session.tsx';
import { Apply } from './pages/Organisations/Apply.tsx';
import { Invitation } from './pages/Organisations/Invitation.tsx';
import { Team } from './pages/Organisations/Team.tsx';
import { RubricPage } from './pages/Quality/RubricPage.tsx';
import { CurationPage } from './pages/Curation/CurationPage.tsx';
import { ReportPage } from './pages/Quality/ReportPage.tsx';
import './styles/base.css';
import './styles/catalogue.css';
import './styles/search.css';
import './styles/lessons.css';
import './styles/viewer-communities.css';

// The builder (drag and drop) loads only for those who open it.
const LessonEditor = lazy(() =>
  import('./pages/LessonEditor/LessonEditor.tsx').then((m) => ({ default: m.LessonEditor })),
);

function NotFound() {
  const { t } = useI18n();
  return (
    <Layout title={t('notFound.title')}>
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link to="/zoeken">{t('nav.search')}</Link> · <Link to="/">{t('nav.home')}</Link>
      </p>
    </Layout>
  );
}

function Loading() {
  const { t } = useI18n();
  return (
    <Layout title={t('resource.loading')}>
      <p aria-live="polite">{t('resource.loading')}</p>
    </Layout>
  );
}

/** Every page by its URL (the URLs are the product's: links to them are shared and bookmarked). */
function Routes() {
  return (
    <Switch>
      <Route path="/" component={Home} />
      <Route path="/zoeken" component={Search} />
      <Route path="/inloggen" component={SignIn} />
      <Route path="/registreren" component={Register} />
      <Route path="/account/bevestigen" component={VerifyEmail} />
      <Route path="/account" component={AccountPage} />
      <Route path="/wachtwoord-vergeten" component={ForgotPassword} />
      <Route path="/wachtwoord-herstellen" component={ResetPassword} />
      <Route path="/leerdoelen" component={Curriculum} />
      <Route path="/leerdoelen/:id">{(p) => <CurriculumAreaPage id={decodeParam(p.id)} />}</Route>
      <Route path="/gemeenschappen" component={CommunitiesPage} />
      <Route path="/gemeenschappen/:slug/discussies/:thread">
        {(p) => <ThreadPage slug={decodeParam(p.slug)} threadId={decodeParam(p.thread)} />}
      </Route>
      <Route path="/gemeenschappen/:slug">{(p) => <CommunityPage slug={decodeParam(p.slug)} />}</Route>
      <Route path="/bronnen" component={Sources} />
      <Route path="/bronnen/:id">{(p) => <SourceDetail id={decodeParam(p.id)} />}</Route>
      <Route path="/runs/:id">{(p) => <RunReportPage id={decodeParam(p.id)} />}</Route>
      <Route path="/lessen" component={MyLessons} />
      <Route path="/lti/kiezen" component={LtiPicker} />
      <Route path="/beheer/lti" component={LtiPlatforms} />
      <Route path="/beheer/gebruikers" component={AdminPage} />
      <Route path="/organisatie-aanmelden" component={Apply} />
      <Route path="/team" component={Team} />
      <Route path="/uitnodiging" component={Invitation} />
      <Route path="/kwaliteit/rubric" component={RubricPage} />
      <Route path="/curatie" component={CurationPage} />
      <Route path="/kwaliteit/rapport" component={ReportPage} />
      <Route path="/lessen/:id">
        {(p) => (
          <Suspense fallback={<Loading />}>
            <LessonEditor id={decodeParam(p.id)} />
          </Suspense>
        )}
      </Route>
      <Route path="/les/:id">{(p) => <LessonPage id={decodeParam(p.id)} />}</Route>
      <Route path="/r/:id">{(p) => <ResourcePage id={decodeParam(p.id)} />}</Route>
      <Route component={NotFound} />
    </Switch>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <Router>
          <Routes />
        </Router>
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
