import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../src/accounts/model.ts';
import type { AppContext } from '../src/app/context.ts';
import { DEFAULT_LIMITS, type FetchLimits } from '../src/kernel/fetch.ts';
import { lookAtLink, lookAtLinks } from '../src/quality/links.ts';
import { freePort } from './support/browser.ts';
import { LinkServer } from './support/link-server.ts';
import { STORE_KINDS, testContext } from './support/stores.ts';

const local: FetchLimits = { ...DEFAULT_LIMITS, allowPrivateHosts: true, timeoutMs: 1000, maxBytes: 1024 * 1024 };

describe('looking at a link', () => {
  let web: LinkServer;
  before(async () => {
    web = await new LinkServer().start();
  });
  after(async () => web?.stop());

  it('tells a working link, a followed redirect, a hard 404/410, an unsure answer and a dead host apart', async () => {
    const ok = await lookAtLink(`${web.base}/ok`, local);
    assert.deepEqual([ok.outcome, ok.status, ok.method], ['ok', 200, 'HEAD']);
    const moved = await lookAtLink(`${web.base}/moved`, local);
    assert.equal(moved.outcome, 'ok');
    assert.equal(moved.finalUrl, `${web.base}/ok`);
    assert.deepEqual(moved.redirects, [{ status: 301, from: `${web.base}/moved`, to: `${web.base}/ok` }]);
    assert.deepEqual([(await lookAtLink(`${web.base}/gone`, local)).outcome, 'gone'], ['gone', 'gone']);
    const missing = await lookAtLink(`${web.base}/missing`, local);
    assert.deepEqual([missing.outcome, missing.status], ['gone', 404]);
    assert.equal((await lookAtLink(`${web.base}/unavailable`, local)).outcome, 'unsure', 'a 503 may pass');
    const slow = await lookAtLink(`${web.base}/slow`, local);
    assert.equal(slow.outcome, 'unsure', 'a timeout is no proof');
    assert.match(slow.message ?? '', /did not answer within 1000 ms/);
    const closed = await freePort();
    assert.equal((await lookAtLink(`http://127.0.0.1:${closed}/`, local)).outcome, 'dead');
  });

  it('uses GET when a server refuses or mishandles HEAD', async () => {
    const noHead = await lookAtLink(`${web.base}/no-head`, local);
    assert.deepEqual([noHead.outcome, noHead.method], ['ok', 'GET']);
    const lies = await lookAtLink(`${web.base}/head-lies`, local);
    assert.deepEqual([lies.outcome, lies.method], ['ok', 'GET'], 'a 404 to HEAD is confirmed by GET');
  });

  it('never reaches a private address unless allowed, not even through a redirect', async () => {
    const before = web.requests.length;
    const blocked = await lookAtLink(`${web.base}/ok`, { ...local, allowPrivateHosts: false });
    assert.equal(blocked.outcome, 'blocked');
    assert.equal(web.requests.length, before, 'the server was not asked');
    assert.equal((await lookAtLink('http://169.254.169.254/latest/meta-data/', DEFAULT_LIMITS)).outcome, 'blocked');
    assert.equal((await lookAtLink('file:///etc/passwd', DEFAULT_LIMITS)).outcome, 'blocked');
  });

  it('asks one host one thing at a time', async () => {
    // Requests that never got an answer (the timeout above) are still open: count from here.
    const open = web.inFlight;
    web.maxInFlight = open;
    const urls = Array.from({ length: 6 }, (_v, i) => `${web.base}/ok?${i}`);
    const looks = await lookAtLinks(urls, { delayMs: 10, hosts: 4, limits: local });
    assert.equal(looks.size, 6);
    assert.ok([...looks.values()].every((l) => l.outcome === 'ok'));
    assert.equal(web.maxInFlight - open, 1);
  });
});

for (const kind of STORE_KINDS) {
  describe(`the link check of resources on ${kind}`, () => {
    let ctx: AppContext;
    let cleanup: () => Promise<void>;
    let web: LinkServer;
    const ids: Record<string, string> = {};

    before(async () => {
      ({ ctx, cleanup } = await testContext(kind));
      web = await new LinkServer().start();
      const curator = await ctx.accounts.createUser({
        email: 'curator@leergoed.test',
        name: 'Curator',
        password: 'een lang wachtwoord',
        role: 'curator',
      });
      const actor: Actor = { userId: curator.id, role: 'curator', organisationIds: [] };
      for (const path of ['ok', 'moved', 'gone', 'sometimes', 'slow']) {
        ids[path] = (
          await ctx.catalogue.create(
            actor,
            { kind: 'material', title: `Les over ${path}`, url: `${web.base}/${path}`, rights: 'CC BY 4.0' },
            null,
          )
        ).id;
      }
    });
    after(async () => {
      await web?.stop();
      await cleanup?.();
    });

    const linkCheck = async (id: string) => (await ctx.quality.quality(id, null)).checks.find((c) => c.kind === 'link');

    it('counts a link broken only after two looks days apart, and keeps every look as history', async () => {
      const day = (n: number) => new Date(Date.UTC(2026, 11, 1 + n)).toISOString();
      const first = await ctx.quality.checkLinksDue(100, { limits: local, delayMs: 0, now: day(0) });
      assert.equal(first.checked, 5);
      assert.equal((await linkCheck(ids.ok!))?.status, 'ok');
      const moved = await linkCheck(ids.moved!);
      assert.equal(moved?.status, 'ok');
      assert.deepEqual((moved?.detail.redirects as unknown[]).length, 1, 'the redirect is recorded');
      assert.equal((await linkCheck(ids.gone!))?.status, 'warning', 'gone once is a warning');
      assert.equal((await linkCheck(ids.slow!))?.status, 'ok', 'a timeout proves nothing');
      // A day later nothing is due yet; three days later, everything is.
      assert.equal((await ctx.quality.checkLinksDue(100, { limits: local, delayMs: 0, now: day(1) })).checked, 0);
      web.sometimes = true;
      const second = await ctx.quality.checkLinksDue(100, { limits: local, delayMs: 0, now: day(3) });
      assert.equal(second.broken, 1);
      const gone = await linkCheck(ids.gone!);
      assert.equal(gone?.status, 'failed', 'gone on two looks three days apart: broken');
      assert.equal(gone?.detail.firstFailedAt, day(0));
      assert.deepEqual(
        gone?.history.map((h) => h.status),
        ['failed', 'warning'],
      );
      assert.equal((await linkCheck(ids.sometimes!))?.status, 'ok', 'back again: not broken');
      // The command checks one resource's link now.
      const one = await ctx.quality.checkLinksDue(1, { resourceId: ids.ok!, limits: local, delayMs: 0 });
      assert.equal(one.checked, 1);
    });
  });
}
