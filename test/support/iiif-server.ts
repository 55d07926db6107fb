import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/app/config.ts';
import { gradientPng } from './png.ts';

export interface IiifServer {
  base: string;
  server: Server;
  /** The regions the image service was asked for, in order. */
  regions: string[];
  /** The manifest as a file, for importing it. */
  manifestFile: string;
  manifestUrl: string;
  canvasId: string;
  dir: string;
}

/**
 * A museum's IIIF server on this machine: the IIIF Cookbook's rights recipe (a CC BY-SA 3.0 photo,
 * 4032 × 3024) served from here with CORS, its Image API 3 service (info.json, and every region
 * answered with a drawn image), and nothing else (404).
 */
export async function iiifServer(): Promise<IiifServer> {
  const regions: string[] = [];
  let manifest = '';
  let base = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const cors = { 'access-control-allow-origin': '*' };
    if (url.pathname === '/recipe/0008-rights/manifest.json') {
      res.writeHead(200, { 'content-type': 'application/ld+json', ...cors }).end(manifest);
      return;
    }
    const service = `${base}/image/918ecd18c2592080851777620de9bcb5-gottingen`;
    if (url.pathname === '/image/918ecd18c2592080851777620de9bcb5-gottingen/info.json') {
      res.writeHead(200, { 'content-type': 'application/ld+json', ...cors }).end(
        JSON.stringify({
          '@context': 'http://iiif.io/api/image/3/context.json',
          id: service,
          type: 'ImageService3',
          protocol: 'http://iiif.io/api/image',
          profile: 'level1',
          width: 4032,
          height: 3024,
          tiles: [{ width: 512, scaleFactors: [1, 2, 4, 8] }],
        }),
      );
      return;
    }
    const image = /^\/image\/918ecd18c2592080851777620de9bcb5-gottingen\/([^/]+)\/([^/]+)\/0\/default\.jpg$/.exec(
      url.pathname,
    );
    if (image) {
      regions.push(image[1]!);
      res.writeHead(200, { 'content-type': 'image/png', ...cors }).end(gradientPng(64, 48));
      return;
    }
    res.writeHead(404, cors).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  manifest = readFileSync(join(projectRoot, 'data', 'demo', 'iiif', '0008-rights_manifest.json'), 'utf8')
    .replaceAll('{{ id.url }}', `${base}/recipe/0008-rights/manifest.json`)
    .replaceAll('{{ id.path }}', `${base}/recipe/0008-rights`)
    .replaceAll('https://iiif.io/api/image/3.0/example/reference/', `${base}/image/`);
  const dir = mkdtempSync(join(tmpdir(), 'leergoed-iiif-'));
  const manifestFile = join(dir, '0008-rights_manifest.json');
  writeFileSync(manifestFile, manifest);
  return {
    base,
    server,
    regions,
    manifestFile,
    dir,
    manifestUrl: `${base}/recipe/0008-rights/manifest.json`,
    canvasId: `${base}/recipe/0008-rights/canvas/p1`,
  };
}
