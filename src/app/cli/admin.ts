import { Command } from 'commander';
import { ORGANISATION_KINDS, ROLES, type OrganisationKind, type Role } from '../../accounts/model.ts';
import { recordAudit } from '../../admin/audit.ts';
import { AppError } from '../../kernel/errors.ts';
import { migrateToLatest } from '../../db/store.ts';
import { DEMO_PARTS } from '../../harvest/demo.ts';
import { oneOf, withContext } from './support.ts';

/** `admin` (users and organisations) and `demo-sources`. */
export function adminCommands(program: Command): void {
  const admin = program.command('admin').description('manage users and organisations');
  admin
    .command('create')
    .description('create a user (asks nothing: give the password with --password or LEERGOED_ADMIN_PASSWORD)')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>', 'display name, shown with what the user shares (never the e-mail address)')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, oneOf(ROLES), 'admin')
    .option(
      '--password <password>',
      'at least 12 characters (prefer LEERGOED_ADMIN_PASSWORD: arguments show in process lists)',
    )
    .option('--organisation <name>', 'make the user a member of this organisation (created if new)')
    .option(
      '--organisation-kind <kind>',
      `kind of a new organisation: ${ORGANISATION_KINDS.join(', ')}`,
      oneOf(ORGANISATION_KINDS),
      'heritage',
    )
    .action(
      async (options: {
        email: string;
        name: string;
        role: Role;
        password?: string;
        organisation?: string;
        organisationKind: OrganisationKind;
      }) =>
        withContext(async (ctx) => {
          await migrateToLatest(ctx.store);
          const password = options.password ?? ctx.config.adminPassword;
          if (!password)
            throw new AppError(
              'LG_PASSWORD_REQUIRED',
              400,
              'Give a password with --password or LEERGOED_ADMIN_PASSWORD.',
            );
          const organisationIds = options.organisation
            ? [(await ctx.accounts.findOrCreateOrganisation(options.organisation, options.organisationKind)).id]
            : [];
          const { id } = await ctx.accounts.createUser({
            email: options.email,
            name: options.name,
            password,
            role: options.role,
            organisationIds,
          });
          // Made from the command line (no person acts): the audit log says so with a null actor.
          await recordAudit(ctx.store.db, {
            actorId: null,
            action: 'user.create',
            target: { type: 'user', id },
            detail: { name: options.name, role: options.role, organisationIds, by: 'command line' },
          });
          console.log(`created ${options.role} ${options.email} (${id})`);
        }),
    );
  admin
    .command('organisations')
    .description('list organisations')
    .action(async () =>
      withContext(async (ctx) => {
        await migrateToLatest(ctx.store);
        console.table((await ctx.accounts.listOrganisations()).map((o) => ({ id: o.id, name: o.name, kind: o.kind })));
      }),
    );
  admin
    .command('add-member')
    .description('make a user a member of an organisation')
    .requiredOption('--email <email>')
    .requiredOption('--organisation <name>')
    .option(
      '--organisation-kind <kind>',
      `kind of a new organisation: ${ORGANISATION_KINDS.join(', ')}`,
      oneOf(ORGANISATION_KINDS),
      'heritage',
    )
    .action(async (options: { email: string; organisation: string; organisationKind: OrganisationKind }) =>
      withContext(async (ctx) => {
        await migrateToLatest(ctx.store);
        const organisation = await ctx.accounts.findOrCreateOrganisation(
          options.organisation,
          options.organisationKind,
        );
        const user = await ctx.accounts.addMember(options.email, organisation.id);
        await recordAudit(ctx.store.db, {
          actorId: null,
          action: 'membership.add',
          target: { type: 'user', id: user.id },
          detail: {
            name: user.name,
            organisation: organisation.name,
            organisationId: organisation.id,
            to: user.role,
            by: 'command line',
          },
        });
        console.log(`${options.email} is a member of ${organisation.name}`);
      }),
    );

  program
    .command('demo-sources')
    .description('list the parts of the bundled demo corpus')
    .action(() => {
      console.table(
        DEMO_PARTS.map((p) => ({ path: `data/demo/${p.path}`, source: p.source, institution: p.organisation.name })),
      );
    });
}
