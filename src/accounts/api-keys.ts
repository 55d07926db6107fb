import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { badRequest, forbidden, notFound, unauthenticated } from '../kernel/errors.ts';
import { newId, nowIso } from '../kernel/ids.ts';
import type { Database } from '../db/schema.ts';
import { API_KEY_SCOPES, canImportFor, type Actor, type ApiKeyActor, type ApiKeyScope } from './model.ts';
import { accountsRepository } from './repository.ts';

/** A key as its institution sees it: never the secret, which is shown once, when made. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const KEY = /^(lg_[A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const hash = (key: string) => createHash('sha256').update(key).digest('hex');
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * API keys for institutions' programs: `lg_{prefix}_{secret}`, sent as `Authorization: Bearer …`.
 * A key acts for its institution's catalogue and sources only, within the scopes chosen when it was
 * made, never as the person who made it (it reads no one's drafts and acts in no one's name) and
 * never as an admin, so a leaked key reaches one collection; it is revoked in a click and only its
 * hash is stored.
 */
export class ApiKeyService {
  constructor(private readonly db: Kysely<Database>) {}

  async create(
    actor: Actor | null,
    organisationId: string,
    name: string,
    scopes: string[],
  ): Promise<ApiKeyView & { key: string }> {
    this.authorize(actor, organisationId);
    const clean = name.trim();
    if (!clean) throw badRequest('LG_VALIDATION', 'Give the key a name (what program uses it).', { field: 'name' });
    const unknown = scopes.filter((s) => !API_KEY_SCOPES.includes(s as ApiKeyScope));
    if (unknown.length > 0 || scopes.length === 0)
      throw badRequest('LG_API_KEY_SCOPES', `Choose one or more scopes: ${API_KEY_SCOPES.join(', ')}.`, {
        field: 'scopes',
      });
    const chosen = API_KEY_SCOPES.filter((s) => scopes.includes(s));
    if (!(await accountsRepository.findOrganisationById(this.db, organisationId)))
      throw notFound('Organisation', organisationId);
    const prefix = `lg_${Array.from(randomBytes(8), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('')}`;
    const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
    const row = {
      id: newId(),
      prefix,
      secret_hash: hash(key),
      organisation_id: organisationId,
      created_by: actor!.userId,
      name: clean,
      scopes: JSON.stringify(chosen),
      created_at: nowIso(),
      last_used_at: null,
      revoked_at: null,
    };
    await accountsRepository.insertApiKey(this.db, row);
    return { ...view(row), key };
  }

  async list(actor: Actor | null, organisationId: string): Promise<ApiKeyView[]> {
    this.authorize(actor, organisationId);
    return (await accountsRepository.apiKeysOf(this.db, organisationId)).map(view);
  }

  async revoke(actor: Actor | null, organisationId: string, id: string): Promise<void> {
    this.authorize(actor, organisationId);
    if (!(await accountsRepository.revokeApiKey(this.db, organisationId, id, nowIso())))
      throw notFound('Active API key', id);
  }

  /** The institution a bearer key acts for, with its scopes, or null when it is unknown, wrong or revoked. */
  async authenticate(key: string): Promise<ApiKeyActor | null> {
    const match = KEY.exec(key);
    if (!match) return null;
    const row = await accountsRepository.apiKeyByPrefix(this.db, match[1]!);
    if (!row || row.revoked_at) return null;
    const given = Buffer.from(hash(key));
    if (!timingSafeEqual(given, Buffer.from(row.secret_hash))) return null;
    // "Last used" to the minute: no write on every request a program makes.
    const now = nowIso();
    if (!row.last_used_at || row.last_used_at.slice(0, 16) !== now.slice(0, 16))
      await accountsRepository.touchApiKey(this.db, row.id, now);
    return {
      userId: null,
      role: 'institution_editor',
      organisationIds: [row.organisation_id],
      apiKey: { id: row.id, name: row.name, scopes: scopesOf(row.scopes) },
    };
  }

  private authorize(actor: Actor | null, organisationId: string): void {
    if (!actor) throw unauthenticated();
    if (!canImportFor(actor, organisationId))
      throw forbidden('Only editors of this institution and admins manage its API keys.');
  }
}

function scopesOf(json: string): ApiKeyScope[] {
  const parsed = JSON.parse(json) as string[];
  return API_KEY_SCOPES.filter((s) => parsed.includes(s));
}

function view(row: {
  id: string;
  name: string;
  prefix: string;
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: scopesOf(row.scopes),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
