import { resolve } from 'node:path';
import { Command } from 'commander';
import { migrateToLatest } from '../../db/store.ts';
import { backupStore, restoreStore } from '../../db/backup.ts';
import { seedVocabularies } from '../../vocab/service.ts';
import { withContext, progress } from './support.ts';

/** `migrate`, `backup`, `restore` and `reindex`: the store as a whole. */
export function storeCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending migrations and seed the vocabularies')
    .action(async () =>
      withContext(async (ctx) => {
        const applied = await migrateToLatest(ctx.store);
        await seedVocabularies(ctx.store.db, ctx.vocab);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'migrations are current');
      }),
    );

  program
    .command('backup')
    .description(
      'write a consistent backup of the store (every table, while the server runs) as gzipped JSON Lines that either store can restore',
    )
    .option(
      '--out <file>',
      'where to write it',
      `leergoed-backup-${new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')}.jsonl.gz`,
    )
    .action(async (options: { out: string }) =>
      withContext(async (ctx) => {
        const started = Date.now();
        const counts = await backupStore(ctx.store, resolve(options.out));
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        console.log(
          `backed up ${total} rows of ${Object.keys(counts).length} tables (${counts.resource ?? 0} resources, ${counts.app_user ?? 0} users, ${counts.lesson ?? 0} lessons) to ${options.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      }),
    );

  program
    .command('restore')
    .description(
      'restore a backup into an empty store (SQLite or PostgreSQL, whichever made it), then rebuild the search index',
    )
    .argument('<file>', 'a file written by `leergoed backup`')
    .action(async (file: string) =>
      withContext(async (ctx) => {
        const started = Date.now();
        const bar = progress('Restore');
        const counts = await restoreStore(
          ctx.store,
          resolve(file),
          async () => {
            await seedVocabularies(ctx.store.db, ctx.vocab);
            await ctx.catalogue.reindex((done) => bar.update('search index', done));
          },
          (table, rows) => bar.update(table, rows),
        );
        bar.stop();
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        console.log(
          `restored ${total} rows of ${Object.keys(counts).length} tables (${counts.resource ?? 0} resources, ${counts.app_user ?? 0} users, ${counts.lesson ?? 0} lessons) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      }),
    );

  program
    .command('reindex')
    .description(
      'rebuild the filter terms and the search index from the stored resources (after a change of the text analysis; `serve` does it by itself when needed)',
    )
    .action(async () =>
      withContext(async (ctx) => {
        await migrateToLatest(ctx.store);
        const bar = progress('Reindex');
        const started = Date.now();
        const count = await ctx.catalogue.reindex((done) => bar.update('resources', done));
        bar.stop();
        await ctx.store.dialect.analyze(ctx.store.db);
        console.log(`reindexed ${count} resources in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }),
    );
}
