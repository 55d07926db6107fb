/** The tables of people: accounts, sessions, mailed links, school logins, the audit log, organisations joining. */

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  disabled: number;
  created_at: string;
  /** When the user proved the address is theirs (null: not yet; they cannot sign in). */
  email_verified_at: string | null;
}

/** A single-use token sent by mail: its SHA-256, what it is for, until when. */
export interface AccountTokenTable {
  id: string;
  user_id: string;
  purpose: 'verify' | 'reset' | 'email';
  /** The new address, for an address change. */
  email: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** A login elsewhere (OpenID Connect) that signs in as a user: by issuer and subject, never by address. */
export interface UserIdentityTable {
  issuer: string;
  subject: string;
  user_id: string;
  created_at: string;
  last_used_at: string;
}

/** A change made by an administrator: who, what, when, to what. */
export interface AuditEventTable {
  id: string;
  at: string;
  /** The administrator (null: the command line). */
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  /** JSON: what changed (from, to). */
  detail: string;
}

export interface SessionTable {
  /** SHA-256 of the session token; the token itself lives only in the cookie. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** A school's or institution's request for an organisation account, and its decision. */
export interface OrganisationApplicationTable {
  id: string;
  applicant_id: string | null;
  name: string;
  kind: string;
  website: string | null;
  external_id: string | null;
  motivation: string;
  /** The language the applicant used: the decision is mailed in it. */
  lang: string;
  /** `pending`, `approved` or `refused`. */
  status: string;
  reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  /** The organisation made on approval. */
  organisation_id: string | null;
  created_at: string;
}

/** A colleague invited by mail to an organisation, with the role they will have there. */
export interface OrganisationInvitationTable {
  id: string;
  organisation_id: string;
  email: string;
  role: string;
  lang: string;
  invited_by: string | null;
  /** SHA-256 of the mailed token (null until the mail is sent). */
  token_hash: string | null;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
  created_at: string;
}
