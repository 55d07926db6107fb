import type { ErrorCode } from '../../kernel/error-codes.ts';
import { AppError } from '../../kernel/errors.ts';
import type { LtiPlatformTable } from '../../db/schema.ts';

/** The claim names of LTI 1.3 and Deep Linking 2.0. */
export const CLAIM = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  data: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
} as const;

/** How long a login may take, and how long a teacher has to pick content for a deep link. */
export const LOGIN_TTL_MS = 10 * 60_000;
export const DEEP_LINK_TTL_MS = 30 * 60_000;
/** An id_token older than this is refused even before it expires. */
export const MAX_TOKEN_AGE = '10m';
/** Platforms' JWKS are fetched again for an unknown key id, at most this often. */
export const JWKS_COOLDOWN_MS = 2_000;
export const JWKS_MAX_AGE_MS = 10 * 60_000;

export interface PlatformInput {
  name: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  authUrl: string;
  jwksUrl: string;
  tokenUrl?: string | null;
}

export interface PlatformView extends Required<PlatformInput> {
  id: string;
  createdAt: string;
}

/** Deep Linking settings as the platform sent them (the fields Leergoed uses). */
export interface DeepLinkingSettings {
  deep_link_return_url: string;
  accept_types: string[];
  accept_presentation_document_targets?: string[];
  accept_multiple?: boolean;
  data?: string;
  title?: string;
  text?: string;
}

export type LaunchResult = { kind: 'resource'; target: string } | { kind: 'deep-link'; id: string };

export const ltiError = (code: ErrorCode, message: string) => new AppError(code, 400, message);

export function view(row: LtiPlatformTable): PlatformView {
  return {
    id: row.id,
    name: row.name,
    issuer: row.issuer,
    clientId: row.client_id,
    deploymentIds: JSON.parse(row.deployment_ids) as string[],
    authUrl: row.auth_url,
    jwksUrl: row.jwks_url,
    tokenUrl: row.token_url,
    createdAt: row.created_at,
  };
}
