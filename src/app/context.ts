import pino, { type Logger } from 'pino';
import { ApiKeyService } from '../accounts/api-keys.ts';
import { ACCOUNT_MAIL_JOB } from '../accounts/account-mail.ts';
import { SelfService } from '../accounts/self-service.ts';
import { OidcLogin } from '../accounts/oidc.ts';
import { PrivacyService } from '../privacy/service.ts';
import { AdminService } from '../admin/service.ts';
import { AccountsService } from '../accounts/service.ts';
import { smtpMailer } from '../mail/mailer.ts';
import { CatalogueService } from '../catalogue/service.ts';
import { loadDemoCommunities } from '../community/demo.ts';
import { CommunityService } from '../community/service.ts';
import { DiscussionService } from '../community/discussions.ts';
import { loadDemoLessons } from '../lessons/demo.ts';
import { LessonService } from '../lessons/service.ts';
import { LtiService } from '../publish/lti/service.ts';
import { configureFetchDefaults, DEFAULT_LIMITS } from '../kernel/fetch.ts';
import { sharedThrottle } from '../harvest/protocols/oai-pmh.ts';
import { migrateToLatest, openStore, type Store } from '../db/store.ts';
import { demoLoaded, loadDemoCorpus } from '../harvest/demo.ts';
import { Harvester } from '../harvest/harvester.ts';
import { DEFAULT_HARVESTER_CONFIG, type HarvesterConfig } from '../harvest/harvest-model.ts';
import { ImportService } from '../harvest/service.ts';
import type { ImportReport } from '../harvest/run-loop.ts';
import { SourcesService } from '../harvest/sources.ts';
import { HARVEST_JOB, harvestJobHandler, scheduleDueHarvests } from '../harvest/jobs.ts';
import { JobRepository } from '../jobs/repository.ts';
import { DEFAULT_WORKER_OPTIONS, JobWorker, type WorkerOptions } from '../jobs/worker.ts';
import { loadSynonyms } from '../search/engine/synonyms.ts';
import { SearchService } from '../search/service.ts';
import { pruneUsageEvents } from '../insight/usage.ts';
import { seedVocabularies } from '../vocab/service.ts';
import { loadVocabularies, type Vocabularies } from '../vocab/vocabulary.ts';
import { ApplicationService } from '../onboarding/applications.ts';
import { ONBOARDING_MAIL_JOB } from '../onboarding/mail.ts';
import { TeamService } from '../onboarding/team.ts';
import { CurationService } from '../curation/service.ts';
import { MarkService } from '../quality/marks.ts';
import { ReviewService } from '../quality/reviews.ts';
import { QualityReportService } from '../quality/report.ts';
import { QualityService } from '../quality/service.ts';
import { projectRoot, type Config } from './config.ts';

/** Everything a request handler or command needs, built once per process. */
export interface AppContext {
  config: Config;
  log: Logger;
  store: Store;
  vocab: Vocabularies;
  catalogue: CatalogueService;
  search: SearchService;
  lessons: LessonService;
  lti: LtiService;
  imports: ImportService;
  accounts: AccountsService;
  selfService: SelfService;
  /** The school login, where one is configured. */
  oidc: OidcLogin | null;
  privacy: PrivacyService;
  admin: AdminService;
  applications: ApplicationService;
  team: TeamService;
  quality: QualityService;
  curation: CurationService;
  qualityReport: QualityReportService;
  reviews: ReviewService;
  marks: MarkService;
  apiKeys: ApiKeyService;
  communities: CommunityService;
  discussions: DiscussionService;
  sources: SourcesService;
  harvester: Harvester;
  jobs: JobRepository;
  close(): Promise<void>;
}

/** A worker for every job type, with the harvest schedules checked on its tick. */
export function createWorker(ctx: AppContext, options: Partial<WorkerOptions> = {}): JobWorker {
  const handlers = {
    [HARVEST_JOB]: harvestJobHandler(ctx.harvester),
    ...(ctx.selfService.mailOpen
      ? {
          [ACCOUNT_MAIL_JOB]: (payload: Parameters<SelfService['sendMail']>[0]) => ctx.selfService.sendMail(payload),
          [ONBOARDING_MAIL_JOB]: (payload: Parameters<TeamService['sendMail']>[0]) => ctx.team.sendMail(payload),
        }
      : {}),
  };
  let linkPass: Promise<unknown> | null = null;
  return new JobWorker(ctx.jobs, handlers, ctx.log, {
    ...DEFAULT_WORKER_OPTIONS,
    onTick: async () => {
      await scheduleDueHarvests(ctx.store.db, ctx.jobs);
      await ctx.imports.sweepInterruptedRuns();
      await pruneUsageEvents(ctx.store.db, ctx.config.eventRetentionDays);
      await ctx.accounts.forgetOldSignInFailures();
      await ctx.selfService.forgetOldTokens();
      // Records imported, harvested or edited since the last tick get their automatic checks.
      // (The same pass keeps their suggested learning objectives for the curation queue.)
      await ctx.quality.checkChanged();
      // Links of published resources, those never or longest ago checked first: in the background
      // (the web is slow, the tick must not wait for it), one pass at a time.
      if (ctx.config.linkChecksPerTick > 0 && !linkPass) {
        linkPass = ctx.quality
          .checkLinksDue(ctx.config.linkChecksPerTick, { brokenAfterMs: ctx.config.linkConfirmHours * 3_600_000 })
          .catch((error: unknown) => ctx.log.warn({ err: error }, 'link check pass failed'))
          .finally(() => {
            linkPass = null;
          });
      }
    },
    ...options,
  });
}

/**
 * A JSON logger whose request lines leave out the client's address and port: logs are not a
 * place for personal data. Secrets never reach it (cookies and headers are not logged).
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

/** Opens the store and builds the services. Does not migrate: see `prepareStore`. */
export function createContext(
  config: Config,
  log: Logger = createLogger(config.logLevel),
  harvestOverrides: Partial<HarvesterConfig> = {},
): AppContext {
  configureFetchDefaults({
    allowPrivateHosts: config.harvest.allowPrivateHosts,
    allowHosts: config.harvest.allowHosts,
  });
  sharedThrottle.setInterval(config.harvest.intervalMs);
  const store = openStore(config.databaseUrl, projectRoot, { pgPoolSize: config.pgPoolSize });
  const vocab = loadVocabularies(config.dataDir);
  const catalogue = new CatalogueService(store, vocab);
  const search = new SearchService(
    store,
    catalogue,
    vocab,
    loadSynonyms(config.dataDir, vocab),
    config.exactFacetsUpTo,
    {
      memoryIndex: config.memoryIndex !== 'off',
      memoryText: config.memoryIndex === 'full',
    },
  );
  const analyze = (db: Parameters<typeof store.dialect.analyze>[0]) => store.dialect.analyze(db);
  const harvesterConfig: HarvesterConfig = {
    ...DEFAULT_HARVESTER_CONFIG,
    limits: {
      ...DEFAULT_HARVESTER_CONFIG.limits,
      allowPrivateHosts: config.harvest.allowPrivateHosts,
      timeoutMs: config.harvest.timeoutMs,
      maxBytes: config.harvest.maxBytes,
    },
    analyze,
    ...harvestOverrides,
  };
  const communities = new CommunityService(store.db, catalogue);
  const imports = new ImportService(store.db, catalogue, analyze, config.dataDir);
  const accounts = new AccountsService(store.db);
  const lessons = new LessonService(store.db, catalogue, config.publicUrl);
  const reviews = new ReviewService(store.db, catalogue, lessons);
  const marks = new MarkService(store.db, catalogue, lessons);
  const jobs = new JobRepository(store.db, store.dialect);
  const curation = new CurationService(store.db, catalogue, vocab);
  const mailer = config.mail.smtpUrl ? smtpMailer(config.mail.smtpUrl, config.mail.from) : null;
  return {
    config,
    log,
    store,
    vocab,
    catalogue,
    search,
    imports,
    lessons,
    privacy: new PrivacyService(store.db, lessons, accounts),
    admin: new AdminService(store.db),
    applications: new ApplicationService(store.db, jobs, mailer !== null),
    team: new TeamService(store.db, accounts, jobs, mailer, config.publicUrl),
    quality: new QualityService(store.db, catalogue, reviews, marks, (ids, published) =>
      curation.keepSuggestions(ids, published),
    ),
    curation,
    qualityReport: new QualityReportService(store.db, config.publicUrl),
    reviews,
    marks,
    lti: new LtiService(store.db, catalogue, config.publicUrl, config.secret, {
      ...DEFAULT_LIMITS,
      timeoutMs: 10_000,
      maxBytes: 1024 * 1024,
      allowPrivateHosts: config.harvest.allowPrivateHosts,
    }),
    accounts,
    selfService: new SelfService(store.db, accounts, jobs, mailer, config.publicUrl),
    oidc: config.oidc ? new OidcLogin(store.db, accounts, config.oidc, config.publicUrl, config.secret, log) : null,
    apiKeys: new ApiKeyService(store.db),
    communities,
    discussions: new DiscussionService(store.db, communities, catalogue),
    sources: new SourcesService(store.db),
    harvester: new Harvester(store.db, catalogue, harvesterConfig, imports),
    jobs,
    close: () => store.close(),
  };
}

/**
 * Migrates, seeds the vocabularies, and on a store that never had it, loads the demo corpus.
 * `onDemoProgress` is told how far the demo import is.
 */
export async function prepareStore(
  ctx: AppContext,
  options: { loadDemo: boolean; onDemoProgress?: (part: string, done: number) => void },
): Promise<ImportReport[] | null> {
  const applied = await migrateToLatest(ctx.store);
  if (applied.length) ctx.log.info({ applied }, 'migrations applied');
  if (await seedVocabularies(ctx.store.db, ctx.vocab))
    ctx.log.info({ concepts: ctx.vocab.concepts.length }, 'vocabularies seeded');
  if (!(await ctx.catalogue.indexIsCurrent())) {
    const started = Date.now();
    const count = await ctx.catalogue.reindex();
    if (count > 0) ctx.log.info({ resources: count, ms: Date.now() - started }, 'search index rebuilt');
  }
  if (!options.loadDemo || (await demoLoaded(ctx.store.db)) || (await ctx.catalogue.countAll()) > 0) return null;
  ctx.log.info('loading the demo corpus');
  const reports = await loadDemoCorpus(ctx.store.db, ctx.imports, ctx.config.dataDir, options.onDemoProgress);
  const lessons = await loadDemoLessons(ctx.catalogue, ctx.accounts, ctx.lessons);
  ctx.log.info({ lessons: lessons.length }, 'example lessons made');
  const communities = await loadDemoCommunities(ctx.catalogue, ctx.accounts, ctx.communities, ctx.discussions);
  ctx.log.info({ communities: communities.length }, 'example communities made');
  return reports;
}
