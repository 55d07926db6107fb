import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider, useI18n } from './i18n/i18n.tsx';
import { Layout } from './components/Layout.tsx';
import { CommunitiesPage, CommunityPage, ThreadPage } from './pages/Communities.tsx';
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
import { Link, Router, useRouter } from './router.tsx';
import { SessionProvider } from './session.tsx';
import './styles.css';

// The builder (drag and drop) loads only for those who open it.
const LessonEditor = lazy(() => import('./pages/LessonEditor.tsx').then((m) => ({ default: m.LessonEditor })));

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

function Routes() {
  const { location } = useRouter();
  const path = location.pathname;
  if (path === '/') return <Home />;
  if (path === '/zoeken') return <Search />;
  if (path === '/inloggen') return <SignIn />;
  if (path === '/leerdoelen') return <Curriculum />;
  const area = /^\/leerdoelen\/([^/]+)$/.exec(path);
  if (area) return <CurriculumAreaPage id={decodeURIComponent(area[1]!)} />;
  if (path === '/gemeenschappen') return <CommunitiesPage />;
  const thread = /^\/gemeenschappen\/([^/]+)\/discussies\/([^/]+)$/.exec(path);
  if (thread) return <ThreadPage slug={decodeURIComponent(thread[1]!)} threadId={decodeURIComponent(thread[2]!)} />;
  const community = /^\/gemeenschappen\/([^/]+)$/.exec(path);
  if (community) return <CommunityPage slug={decodeURIComponent(community[1]!)} />;
  if (path === '/bronnen') return <Sources />;
  const source = /^\/bronnen\/([^/]+)$/.exec(path);
  if (source) return <SourceDetail id={decodeURIComponent(source[1]!)} />;
  const run = /^\/runs\/([^/]+)$/.exec(path);
  if (run) return <RunReportPage id={decodeURIComponent(run[1]!)} />;
  if (path === '/lessen') return <MyLessons />;
  if (path === '/lti/kiezen') return <LtiPicker />;
  if (path === '/beheer/lti') return <LtiPlatforms />;
  const editor = /^\/lessen\/([^/]+)$/.exec(path);
  if (editor)
    return (
      <Suspense fallback={<Loading />}>
        <LessonEditor id={decodeURIComponent(editor[1]!)} />
      </Suspense>
    );
  const lesson = /^\/les\/([^/]+)$/.exec(path);
  if (lesson) return <LessonPage id={decodeURIComponent(lesson[1]!)} />;
  const resource = /^\/r\/([^/]+)$/.exec(path);
  if (resource) return <ResourcePage id={decodeURIComponent(resource[1]!)} />;
  return <NotFound />;
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
