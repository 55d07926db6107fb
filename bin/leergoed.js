#!/usr/bin/env node
// The `leergoed` program: runs the compiled server (npm run build), or the sources through tsx in development.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'server', 'app', 'cli', 'main.js');
if (existsSync(compiled) && process.env.LEERGOED_FROM_SOURCE !== 'true') {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'app', 'cli', 'main.ts')).href);
}
