// The worker thread of `readRecordsOffThread`: reads and maps one file, handing the records over in
// batches, one batch at a time (the main thread asks for the next when it has written the last).
import { ERROR_CODES, type ErrorCode } from '../kernel/error-codes.ts';
import { parentPort, workerData } from 'node:worker_threads';
import type { SourceRecord } from '../catalogue/view.ts';
import { loadVocabularies } from '../vocab/vocabulary.ts';
import { readRecords, type ReadOptions } from './formats.ts';

interface Job {
  name: string;
  bytes: Uint8Array;
  institution: string | null;
  dataDir: string;
  options: ReadOptions;
  batchSize: number;
}

const job = workerData as Job;
const port = parentPort!;
const waiting: (() => void)[] = [];
port.on('message', (message) => {
  if (message === 'next') waiting.shift()?.();
});
const asked = () => new Promise<void>((resolve) => waiting.push(resolve));

try {
  const vocab = loadVocabularies(job.dataDir);
  let batch: SourceRecord[] = [];
  for await (const record of readRecords(
    job.name,
    Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength),
    { vocab, institution: job.institution },
    job.options,
  )) {
    batch.push(record);
    if (batch.length >= job.batchSize) {
      port.postMessage({ records: batch });
      batch = [];
      await asked();
    }
  }
  port.postMessage({ records: batch, done: true });
} catch (error) {
  const e = error as { code?: unknown; message?: string };
  port.postMessage({
    records: [],
    error: {
      code: typeof e.code === 'string' && e.code in ERROR_CODES ? (e.code as ErrorCode) : null,
      message: e.message ?? String(error),
    },
  });
}
