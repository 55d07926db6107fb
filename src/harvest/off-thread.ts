import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../kernel/error-codes.ts';
import type { SourceRecord } from '../catalogue/view.ts';
import { ImportError, type ReadOptions } from './formats.ts';

/**
 * The worker's entry: the built module, or, when Leergoed runs from its TypeScript sources (tests,
 * `npm run dev`), a bootstrap that registers the TypeScript loader in the worker first (loader
 * hooks do not reach worker threads on Node 20).
 */
function workerEntry(): [string | URL, { eval?: boolean }] {
  if (!import.meta.url.endsWith('.ts')) return [new URL('./read-worker.js', import.meta.url), {}];
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./read-worker.ts', import.meta.url).href;
  return [
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  ];
}

/** How much memory a file's reader may take before it is stopped (the server's own heap is apart). */
const WORKER_HEAP_MB = 1536;

interface Message {
  records: SourceRecord[];
  done?: boolean;
  error?: { code: ErrorCode | null; message: string };
}

/**
 * Reads and maps a file in a worker thread, yielding its records as `readRecords` does. The server
 * keeps answering meanwhile, and a file that would take too much memory or time stops its worker
 * only, with a clear error, never the server. Records come over in batches, one at a time.
 */
export async function* readRecordsOffThread(
  name: string,
  bytes: Buffer,
  context: { dataDir: string; institution: string | null },
  options: ReadOptions = {},
): AsyncGenerator<SourceRecord> {
  // The bytes are copied into a buffer of their own, which moves to the worker without another copy.
  const own = new Uint8Array(bytes);
  const [entry, mode] = workerEntry();
  const worker = new Worker(entry, {
    ...mode,
    workerData: {
      name,
      bytes: own,
      institution: context.institution,
      dataDir: context.dataDir,
      options,
      batchSize: 250,
    },
    transferList: [own.buffer],
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  const inbox: Message[] = [];
  let failure: Error | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: Message) => {
    inbox.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure =
      /heap|memory/i.test(error.message) || (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new ImportError(
            'LG_IMPORT_TOO_COMPLEX',
            `Reading ${name} needed more than ${WORKER_HEAP_MB} MB of memory and was stopped; split the file into smaller ones.`,
          )
        : new ImportError('LG_IMPORT_FAILED', `Reading ${name} failed: ${error.message}`);
    notify();
  });
  worker.on('exit', () => {
    ended = true;
    notify();
  });
  try {
    for (;;) {
      const message = inbox.shift();
      if (message) {
        yield* message.records;
        if (message.error) throw new ImportError(message.error.code ?? 'LG_IMPORT_FAILED', message.error.message);
        if (message.done) return;
        worker.postMessage('next');
        continue;
      }
      if (failure) throw failure;
      if (ended) throw new ImportError('LG_IMPORT_FAILED', `Reading ${name} stopped before its end.`);
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    await worker.terminate();
  }
}
