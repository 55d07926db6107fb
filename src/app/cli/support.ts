import { InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.ts';
import { createContext, createLogger, type AppContext } from '../context.ts';
import type { ImportReport } from '../../harvest/run-loop.ts';

export function oneOf<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!values.includes(value as T)) throw new InvalidArgumentError(`Choose one of: ${values.join(', ')}.`);
    return value as T;
  };
}

export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>, logLevel = 'warn'): Promise<T> {
  const config = loadConfig();
  const ctx = createContext(config, createLogger(config.logLevelSet ? config.logLevel : logLevel));
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

/** A progress bar on a terminal; plain lines elsewhere (logs, CI). */
export function progress(label: string) {
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update: (part: string, done: number) => {
        if (done - last >= 2000 || done < last) {
          last = done;
          process.stderr.write(`${label}: ${part} ${done}\n`);
        }
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {value} records | {part}`, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { part: '' });
  let total = 0;
  let previous = 0;
  let currentPart = '';
  return {
    update: (part: string, done: number) => {
      if (part !== currentPart) {
        currentPart = part;
        previous = total;
      }
      total = previous + done;
      bar.setTotal(Math.max(total, 1));
      bar.update(total, { part });
    },
    stop: () => bar.stop(),
  };
}

export function printReports(reports: ImportReport[]): boolean {
  let ok = true;
  const rows = reports.map((r) => ({
    file: r.file.replace(process.cwd() + '/', ''),
    format: r.format ?? '-',
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    withdrawn: r.withdrawn,
    failed: r.failed,
    status: r.status,
  }));
  console.table(rows);
  for (const r of reports) {
    if (r.error) {
      ok = false;
      console.error(`✗ ${r.file}: ${r.error}`);
    }
    for (const f of r.failures.slice(0, 20)) console.error(`  failed ${f.originalId ?? '(no id)'}: ${f.reason}`);
    if (r.failures.length > 20)
      console.error(`  … and ${r.failures.length - 20} more (see GET /api/v1/imports/${r.runId})`);
  }
  const total = reports.reduce(
    (acc, r) => ({
      created: acc.created + r.created,
      updated: acc.updated + r.updated,
      unchanged: acc.unchanged + r.unchanged,
      withdrawn: acc.withdrawn + r.withdrawn,
      failed: acc.failed + r.failed,
    }),
    { created: 0, updated: 0, unchanged: 0, withdrawn: 0, failed: 0 },
  );
  console.log(
    `created ${total.created}, updated ${total.updated}, unchanged ${total.unchanged}, withdrawn ${total.withdrawn}, failed ${total.failed}`,
  );
  return ok;
}
