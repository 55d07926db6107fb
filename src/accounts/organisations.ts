import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { accountsRepository, type OrganisationRow } from './repository.ts';

type Db = Kysely<Database>;
export type Organisation = OrganisationRow;

/**
 * Organisations as other capabilities look them up: by id or name, within the caller's
 * transaction (`db` may be a transaction), and the one write an import makes (a publishing
 * organisation named by a record that did not exist yet).
 */
export const organisations = {
  byId: (db: Db, id: string): Promise<Organisation | undefined> => accountsRepository.findOrganisationById(db, id),
  byIds: (db: Db, ids: string[]): Promise<Organisation[]> => accountsRepository.findOrganisationsByIds(db, ids),
  byName: (db: Db, name: string): Promise<Organisation | undefined> =>
    accountsRepository.findOrganisationByName(db, name),
  insert: (db: Db, row: Organisation): Promise<void> => accountsRepository.insertOrganisation(db, row),
};
