import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../accounts/model.ts';
import { AppError } from '../../kernel/errors.ts';
import { KINDS, type Kind } from '../../catalogue/model.ts';
import { migrateToLatest } from '../../db/store.ts';
import type { CsvColumnMapping } from '../../harvest/mappers/csv.ts';
import { exportLines } from '../../publish/export.ts';
import { seedVocabularies } from '../../vocab/service.ts';
import { oneOf, withContext, progress, printReports } from './support.ts';

/** `export`, `import` and `harvest`: material in and out from the command line. */
export function dataCommands(program: Command): void {
  program
    .command('export')
    .description(
      'write every published resource as JSON Lines (one resource a line, as the API shows it), to a file or standard output',
    )
    .option('--out <file>', 'the file to write (default: standard output)')
    .option('--kind <kind>', `only this kind: ${KINDS.join(', ')}`, oneOf(KINDS))
    .action(async (options: { out?: string; kind?: Kind }) =>
      withContext(async (ctx) => {
        await migrateToLatest(ctx.store);
        const target = options.out ? createWriteStream(options.out) : process.stdout;
        let lines = 0;
        for await (const chunk of exportLines(ctx.store.db, ctx.catalogue, { kind: options.kind ?? null })) {
          lines += chunk.split('\n').length - 1;
          if (!target.write(chunk)) await once(target, 'drain');
        }
        if (options.out) {
          await new Promise<void>((resolve, reject) =>
            (target as ReturnType<typeof createWriteStream>).end((error?: Error | null) =>
              error ? reject(error) : resolve(),
            ),
          );
          console.error(`exported ${lines} resources to ${options.out}`);
        }
      }),
    );

  program
    .command('quality')
    .description('quality of the catalogue')
    .command('check')
    .description(
      'run the automatic checks that read the record (completeness, licence) now and keep its suggested learning objectives for the curation queue, on one resource or every published one, and the link check on that one resource or (--links) on every link due; each run is kept as history',
    )
    .option('--resource <id>', 'only this resource (its link is checked too)')
    .option('--links', 'also check the links not checked in the last two days, politely per host')
    .action(async (options: { resource?: string; links?: boolean }) =>
      withContext(async (ctx) => {
        await migrateToLatest(ctx.store);
        const totals = await ctx.quality.check(options.resource ?? null, (done) => {
          if (done % 5000 === 0) console.error(`checked ${done} resources`);
        });
        console.log(
          `checked ${totals.checked} resources: ${totals.failed} checks failed, ${totals.warnings} gave a warning`,
        );
        if (options.resource || options.links) {
          const links = await ctx.quality.checkLinksDue(options.resource ? 1 : 1_000_000, {
            resourceId: options.resource,
            brokenAfterMs: ctx.config.linkConfirmHours * 3_600_000,
          });
          console.log(`checked ${links.checked} links: ${links.broken} broken, ${links.warnings} gave a warning`);
        }
      }),
    );

  program
    .command('import')
    .description(
      'import a file or every file of a folder: NL-LOM, OAI-PMH pages, oai_dc, LIDO, EDM, IIIF manifests, Tate JSON, JSON Lines, CSV (.gz too)',
    )
    .argument('<path>', 'file or folder')
    .option('--source <name>', 'name of the source (default: the file or folder name)')
    .option('--institution <name>', 'the institution whose collection this is (created if new)')
    .option(
      '--institution-kind <kind>',
      `kind of institution: ${ORGANISATION_KINDS.join(', ')}`,
      oneOf(ORGANISATION_KINDS),
      'heritage',
    )
    .option('--kind <kind>', `kind of resource for formats that do not say: ${KINDS.join(', ')}`, oneOf(KINDS))
    .option('--mapping <file>', 'JSON file with a CSV column mapping (see docs/import.md)')
    .action(
      async (
        path: string,
        options: {
          source?: string;
          institution?: string;
          institutionKind: OrganisationKind;
          kind?: Kind;
          mapping?: string;
        },
      ) => {
        const ok = await withContext(async (ctx) => {
          await migrateToLatest(ctx.store);
          await seedVocabularies(ctx.store.db, ctx.vocab);
          let csvMapping: CsvColumnMapping | undefined;
          if (options.mapping) {
            try {
              csvMapping = JSON.parse(readFileSync(options.mapping, 'utf8')) as CsvColumnMapping;
            } catch (error) {
              throw new AppError(
                'LG_IMPORT_MAPPING_FILE',
                400,
                `Cannot read the mapping ${options.mapping}: ${(error as Error).message}`,
              );
            }
          }
          const bar = progress('Importing');
          const reports = await ctx.imports.importPath(
            resolve(path),
            {
              sourceName: options.source ?? path.replace(/\/$/, '').split('/').pop()!,
              // Without --institution the operator may add to any source; with it, only to that institution's.
              organisation: options.institution
                ? { name: options.institution, kind: options.institutionKind }
                : undefined,
              startedBy: { userId: null, apiKeyId: null, trigger: 'cli' },
            },
            { kind: options.kind, csvMapping },
            (file, done) => bar.update(file.split('/').pop()!, done),
          );
          bar.stop();
          return printReports(reports);
        });
        process.exitCode = ok ? 0 : 1;
      },
    );

  program
    .command('harvest')
    .description(
      'harvest an OAI-PMH endpoint now (incremental after the first run; a crashed run resumes), with a progress bar and a summary',
    )
    .argument('<url>', 'the OAI-PMH base URL')
    .option('--prefix <prefix>', 'metadata prefix (nl_lom, lom, oai_dc, edm, lido)', 'oai_dc')
    .option('--set <set>', 'set spec')
    .option(
      '--from <date>',
      'harvest records changed since this datestamp (default: since the last successful harvest)',
    )
    .option('--full', 'harvest everything, ignoring the last harvest')
    .option('--source <name>', 'name of the source (default: host, prefix and set)')
    .option('--institution <name>', 'the institution whose collection this is (created if new)')
    .option(
      '--institution-kind <kind>',
      `kind of a new institution: ${ORGANISATION_KINDS.join(', ')}`,
      oneOf(ORGANISATION_KINDS),
      'heritage',
    )
    .action(
      async (
        url: string,
        options: {
          prefix: string;
          set?: string;
          from?: string;
          full?: boolean;
          source?: string;
          institution?: string;
          institutionKind: OrganisationKind;
        },
      ) => {
        const ok = await withContext(async (ctx) => {
          await migrateToLatest(ctx.store);
          await seedVocabularies(ctx.store.db, ctx.vocab);
          if (options.from && Number.isNaN(Date.parse(options.from)))
            throw new AppError(
              'LG_BAD_FROM',
              400,
              `--from must be a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ), got "${options.from}".`,
            );
          const organisationId = options.institution
            ? (await ctx.accounts.findOrCreateOrganisation(options.institution, options.institutionKind)).id
            : null;
          const source = await ctx.sources.ensureForCli({
            url,
            metadataPrefix: options.prefix,
            set: options.set ?? null,
            name: options.source ?? null,
            organisationId,
          });
          const bar = progress('Harvesting');
          const result = await ctx.harvester.harvest(source.id, {
            from: options.from ?? null,
            full: options.full,
            startedBy: { userId: null, apiKeyId: null, trigger: 'cli' },
            onProgress: (p) =>
              bar.update(
                `page ${p.pages}${p.completeListSize ? ` (${p.completeListSize} records in the list)` : ''}`,
                p.created + p.updated + p.unchanged + p.withdrawn + p.failed,
              ),
          });
          bar.stop();
          console.log(
            `${result.status}${result.resumed ? ' (resumed)' : ''}: ${result.pages} pages; created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, withdrawn ${result.withdrawn}, failed ${result.failed} (run ${result.runId})`,
          );
          if (result.error) console.error(`✗ ${result.error}`);
          return result.status === 'completed';
        });
        process.exitCode = ok ? 0 : 1;
      },
    );
}
