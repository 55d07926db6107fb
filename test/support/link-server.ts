import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local web server with the answers a link check meets, counting what it was asked. */
export class LinkServer {
  server: Server | null = null;
  base = '';
  requests: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Whether /sometimes is there (it comes back between two looks). */
  sometimes = false;

  /** @param delayMs how long each answer takes (a benchmark wants none). */
  constructor(private readonly delayMs = 20) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const path = request.url ?? '/';
      this.requests.push(`${request.method} ${path}`);
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const done = (status: number, headers: Record<string, string> = {}) => {
        setTimeout(() => {
          this.inFlight--;
          response.writeHead(status, { 'content-type': 'text/html', ...headers });
          response.end(request.method === 'HEAD' ? undefined : '<p>Les</p>');
        }, this.delayMs);
      };
      if (path === '/ok' || path.startsWith('/ok?')) return done(200);
      if (path === '/moved') return done(301, { location: '/ok' });
      if (path === '/gone') return done(410);
      if (path === '/missing') return done(404);
      if (path === '/unavailable') return done(503);
      if (path === '/sometimes') return done(this.sometimes ? 200 : 404);
      if (path === '/no-head') return done(request.method === 'HEAD' ? 405 : 200);
      if (path === '/head-lies') return done(request.method === 'HEAD' ? 404 : 200);
      if (path === '/slow') return; // never answers
      return done(404);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
