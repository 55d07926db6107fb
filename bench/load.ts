// `npm run bench -- load`: the server under load from many clients at once (autocannon), on the demo
// corpus, with a realistic mix: searches as the search page asks them, resource pages and their API
// answer, OAI-PMH pages, and teachers' lesson autosaves. Reports requests/s, p50/p99 latency, errors
// and non-2xx answers per store and number of connections, and checks afterwards that no autosave
// answered 200 was lost. The rate limit is raised for the run. Not a test: nothing is asserted.
import autocannon from 'autocannon';
import { loadConfig } from '../src/app/config.ts';
import { createContext, createLogger } from '../src/app/context.ts';
import { freshDatabaseUrl, type StoreKind } from '../test/support/stores.ts';
import { percentile, startServer } from './support.ts';

export interface LoadRow {
  store: string;
  measure: string;
  value: number;
  unit: string;
  detail?: string;
}

const QUERIES = [
  'slavernij',
  'suriname',
  'plantage',
  'turner zee',
  'portret vrouw',
  'kaart',
  'schip',
  'molen',
  'tekening',
  'landschap',
  'exercises',
  'gouverneur',
  'paramaribo',
  'zilver',
  'munt',
  'aquarel',
  'rivier',
  'kerk',
  'oorlog',
  'water',
];
const TEACHERS = 10;
const password = 'een lang wachtwoord voor de belasting';

interface LessonSlot {
  id: string;
  cookie: string;
  csrf: string;
  document: Record<string, unknown>;
  revision: number;
  saved: number;
  lastTitle: string | null;
  busy: boolean;
  pendingTitle: string | null;
}

/** Sets up teachers with lessons (one per connection) and returns what the clients need. */
async function prepare(
  base: string,
  databaseUrl: string,
  connections: number,
): Promise<{ ids: string[]; lessons: LessonSlot[] }> {
  const ctx = createContext(
    loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LEERGOED_SECRET: 'bench' }),
    createLogger('silent'),
  );
  try {
    for (let t = 0; t < TEACHERS; t++) {
      const email = `docent${t}@last.test`;
      if (!(await ctx.store.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst())) {
        await ctx.accounts.createUser({ email, name: `Docent ${t}`, password, role: 'teacher' });
      }
    }
  } finally {
    await ctx.close();
  }
  const ids = (
    (await (await fetch(`${base}/api/v1/resources?limit=100&facets=false`)).json()) as { items: { id: string }[] }
  ).items.map((i) => i.id);
  const sessions: { cookie: string; csrf: string }[] = [];
  for (let t = 0; t < TEACHERS; t++) {
    const response = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `docent${t}@last.test`, password }),
    });
    if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
    sessions.push({
      cookie: response.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
      csrf: ((await response.json()) as { csrfToken: string }).csrfToken,
    });
  }
  const lessons: LessonSlot[] = [];
  for (let i = 0; i < connections; i++) {
    const session = sessions[i % TEACHERS]!;
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' };
    const made = (await (await fetch(`${base}/api/v1/lessons`, { method: 'POST', headers, body: '{}' })).json()) as {
      id: string;
      revision: number;
      document: {
        sections: { id: string; title: string; variants: { id: string; audience: unknown; items: unknown[] }[] }[];
      } & Record<string, unknown>;
    };
    const section = made.document.sections[0]!;
    const document = {
      ...made.document,
      title: `Belastingles ${i}`,
      sections: [
        {
          ...section,
          title: 'Kijken',
          variants: [
            {
              ...section.variants[0]!,
              items: [
                {
                  id: 'r1',
                  type: 'resource',
                  resourceId: ids[i % ids.length],
                  note: 'Wat zie je op dit **voorwerp**?',
                  use: 'link',
                },
                { id: 't1', type: 'text', markdown: 'Lees de tekst en beantwoord de vragen.' },
              ],
            },
          ],
        },
      ],
    };
    lessons.push({
      id: made.id,
      cookie: session.cookie,
      csrf: session.csrf,
      document,
      revision: made.revision,
      saved: 0,
      lastTitle: null,
      busy: false,
      pendingTitle: null,
    });
  }
  return { ids, lessons };
}

interface Context {
  kind?: string;
  slot?: number;
  title?: string;
  started?: number;
}

/** One load run: `connections` clients for `seconds`, each with its own lesson to autosave. */
async function run(base: string, ids: string[], lessons: LessonSlot[], connections: number, seconds: number) {
  let counter = 0;
  let nextSlot = 0;
  const failures = new Map<string, number>();
  const latencies = new Map<string, number[]>();
  // autocannon starts each request with a fresh context: an autosave takes a lesson no other
  // connection is saving, so each lesson has one writer at a time, as one teacher's tab.
  const freeSlot = () => {
    for (let i = 0; i < lessons.length; i++) {
      const slot = nextSlot++ % lessons.length;
      if (!lessons[slot]!.busy) return slot;
    }
    return null;
  };
  const instance = autocannon({
    url: base,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        setupRequest: (request, raw) => {
          const context = raw as Context;
          const n = counter++;
          const pick = (n * 7919) % 100;
          const id = ids[(n * 31) % ids.length];
          context.started = performance.now();
          // autocannon builds every client's first request into one shared buffer before connecting, so
          // all clients send the last one built: the first round is a read, never a lesson's write.
          if (n < connections || pick < 40) {
            context.kind = 'search';
            return {
              ...request,
              method: 'GET',
              path: `/api/v1/resources?q=${encodeURIComponent(QUERIES[n % QUERIES.length]!)}&limit=20&facetValues=8`,
            };
          }
          if (pick < 60) {
            context.kind = 'resource';
            return { ...request, method: 'GET', path: `/api/v1/resources/${id}` };
          }
          if (pick < 70) {
            context.kind = 'page';
            return { ...request, method: 'GET', path: `/r/${id}` };
          }
          const slot = pick < 80 ? null : freeSlot();
          if (slot === null) {
            const variants = [
              '/oai?verb=ListRecords&metadataPrefix=oai_dc',
              '/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:heritage',
              '/oai?verb=ListRecords&metadataPrefix=nl_lom',
              `/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:127.0.0.1:${id}`,
            ];
            context.kind = 'oai';
            return { ...request, method: 'GET', path: variants[n % variants.length]! };
          }
          const lesson = lessons[slot]!;
          lesson.busy = true;
          context.kind = 'autosave';
          context.slot = slot;
          context.title = `Belastingles ${slot} – versie ${n}`;
          lesson.pendingTitle = context.title;
          return {
            ...request,
            method: 'PUT',
            path: `/api/v1/lessons/${lesson.id}/draft`,
            headers: {
              ...request.headers,
              cookie: lesson.cookie,
              'x-csrf-token': lesson.csrf,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ revision: lesson.revision, document: { ...lesson.document, title: context.title } }),
          };
        },
        onResponse: (status, body, raw) => {
          const context = raw as Context;
          const kind = context.kind ?? 'unknown';
          if (!latencies.has(kind)) latencies.set(kind, []);
          latencies.get(kind)!.push(performance.now() - (context.started ?? performance.now()));
          if (status >= 400) failures.set(`${kind} ${status}`, (failures.get(`${kind} ${status}`) ?? 0) + 1);
          if (kind === 'autosave') {
            const lesson = lessons[context.slot!]!;
            if (status === 200) {
              const saved = JSON.parse(body) as { id: string; revision: number; document: { title: string } };
              // The answer names its lesson and title: the bookkeeping follows the answer, not the context.
              const answered = lessons.find((l) => l.id === saved.id) ?? lesson;
              answered.revision = saved.revision;
              answered.saved++;
              answered.lastTitle = saved.document.title;
            }
            lesson.pendingTitle = null;
            lesson.busy = false;
          }
        },
      },
    ],
  });
  const result = await instance;
  return { result, failures, latencies };
}

/**
 * Checks that every autosave answered 200 is in the store: a lesson holds at least the revisions its
 * answered saves made, and, with exactly those, the last answered title. (More revisions are saves
 * whose answers did not come back in time: written, not lost.) Returns the lost and the unanswered.
 */
async function lostWrites(
  databaseUrl: string,
  lessons: LessonSlot[],
  revisionsBefore: Map<string, number>,
): Promise<{ lost: number; unanswered: number }> {
  const ctx = createContext(
    loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LEERGOED_SECRET: 'bench' }),
    createLogger('silent'),
  );
  try {
    let lost = 0;
    let unanswered = 0;
    for (const slot of lessons) {
      const row = await ctx.store.db
        .selectFrom('lesson')
        .select(['revision', 'title'])
        .where('id', '=', slot.id)
        .executeTakeFirstOrThrow();
      const expected = revisionsBefore.get(slot.id)! + slot.saved;
      if (row.revision > expected) unanswered += row.revision - expected;
      else if (row.revision < expected || (slot.lastTitle && row.title !== slot.lastTitle)) lost++;
    }
    return { lost, unanswered };
  } finally {
    await ctx.close();
  }
}

/** The revision each lesson has in the store now. */
async function syncRevisions(databaseUrl: string, lessons: LessonSlot[]): Promise<void> {
  const ctx = createContext(
    loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LEERGOED_SECRET: 'bench' }),
    createLogger('silent'),
  );
  try {
    for (const slot of lessons)
      slot.revision = (
        await ctx.store.db.selectFrom('lesson').select('revision').where('id', '=', slot.id).executeTakeFirstOrThrow()
      ).revision;
  } finally {
    await ctx.close();
  }
}

export async function benchLoad(stores: StoreKind[], seconds: number, connectionCounts: number[]): Promise<LoadRow[]> {
  const rows: LoadRow[] = [];
  for (const store of stores) {
    const database = await freshDatabaseUrl(store);
    console.error(`load on ${store}: loading the demo corpus…`);
    const { base, stop } = await startServer(database.url, { LEERGOED_RATE_LIMIT: '1000000000' });
    try {
      const { ids, lessons } = await prepare(base, database.url, Math.max(...connectionCounts));
      for (const connections of connectionCounts) {
        console.error(`load on ${store}: ${connections} connections for ${seconds} s…`);
        const before = new Map(lessons.map((l) => [l.id, l.revision]));
        for (const slot of lessons) {
          slot.saved = 0;
          slot.lastTitle = null;
          slot.busy = false;
          slot.pendingTitle = null;
        }
        const { result, failures, latencies } = await run(base, ids, lessons, connections, seconds);
        // A write in flight at the end may have landed: take the store's revision for the next run.
        await syncRevisions(database.url, lessons);
        const { lost, unanswered } = await lostWrites(database.url, lessons, before);
        const saved = lessons.reduce((sum, l) => sum + l.saved, 0);
        const at = `${connections} connections`;
        rows.push({
          store,
          measure: `load ${at}: requests/s`,
          value: Math.round(result.requests.average),
          unit: 'req/s',
          detail: `${result.requests.total} requests in ${seconds} s`,
        });
        rows.push({ store, measure: `load ${at}: latency p50`, value: result.latency.p50, unit: 'ms' });
        rows.push({ store, measure: `load ${at}: latency p99`, value: result.latency.p99, unit: 'ms' });
        rows.push({
          store,
          measure: `load ${at}: errors`,
          value: result.errors,
          unit: 'count',
          detail: `${result.timeouts} timeouts`,
        });
        rows.push({
          store,
          measure: `load ${at}: non-2xx answers`,
          value: result.non2xx,
          unit: 'count',
          detail: [...failures].map(([k, v]) => `${k}: ${v}`).join(', ') || 'none',
        });
        rows.push({
          store,
          measure: `load ${at}: lost autosaves`,
          value: lost,
          unit: 'count',
          detail: `${saved} autosaves answered 200; ${unanswered} written whose answer did not arrive in time`,
        });
        for (const [kind, times] of [...latencies].sort()) {
          times.sort((a, b) => a - b);
          rows.push({
            store,
            measure: `load ${at}: ${kind} p50 / p99`,
            value: Math.round(percentile(times, 50)),
            unit: 'ms',
            detail: `p99 ${Math.round(percentile(times, 99))} ms, ${times.length} answers`,
          });
        }
      }
    } finally {
      await stop();
      await database.drop();
    }
  }
  return rows;
}
