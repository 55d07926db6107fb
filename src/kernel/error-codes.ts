// Every error code Leergoed gives out, with the HTTP status it answers with (null: not an HTTP
// answer but a run, record, warning or command-line error) and what it means. docs/api.md lists them
// all (`npm run api:examples` writes that list); test/error-codes.test.ts fails on a code used in src/
// but missing here, and on one here but not in docs/api.md.

export interface ErrorCodeInfo {
  status: number | null;
  meaning: string;
}

export const ERROR_CODES = {
  LG_ALREADY_IN_COLLECTION: { status: 409, meaning: "The resource is in the community's collection already." },
  LG_ALREADY_MEMBER: { status: 409, meaning: 'The invited address belongs to a member of the organisation already.' },
  LG_API_KEY_NOT_ALLOWED: {
    status: 403,
    meaning: 'An API key acts for an institution, not as a person: this route needs a signed-in person.',
  },
  LG_API_KEY_SCOPE: { status: 403, meaning: 'The API key lacks the scope this route needs.' },
  LG_API_KEY_SCOPES: { status: 400, meaning: 'An API key is made with one or more known scopes.' },
  LG_APPLICATION_DECIDED: { status: 409, meaning: 'The application was approved or refused already.' },
  LG_APPLICATION_PENDING: {
    status: 409,
    meaning: 'An application for this name is waiting, or the applicant has three waiting.',
  },
  LG_BACKUP_DAMAGED: {
    status: null,
    meaning: '`leergoed restore`: the backup file cannot be read (cut off or corrupted).',
  },
  LG_BACKUP_NOT_A_BACKUP: { status: null, meaning: '`leergoed restore`: the file is not a Leergoed backup.' },
  LG_BACKUP_TOO_NEW: { status: null, meaning: '`leergoed restore`: the backup was made by a newer Leergoed.' },
  LG_BACKUP_UNKNOWN_TABLE: {
    status: null,
    meaning: '`leergoed restore`: the backup holds a table this version does not know.',
  },
  LG_BAD_API_KEY: { status: 401, meaning: 'The API key in `Authorization: Bearer` is unknown, revoked or expired.' },
  LG_BAD_CREDENTIALS: {
    status: 401,
    meaning: 'Sign-in: the e-mail address or password is not right (which one is not said).',
  },
  LG_BAD_CURSOR: { status: 400, meaning: 'A `cursor` that this list did not give out.' },
  LG_BAD_EMAIL: { status: 400, meaning: 'Not an e-mail address.' },
  LG_BAD_FROM: { status: null, meaning: '`leergoed export --from`: not a date.' },
  LG_BAD_KIND: { status: 400, meaning: 'A resource kind that does not exist.' },
  LG_BAD_ORGANISATION_KIND: { status: 400, meaning: 'An organisation kind that does not exist.' },
  LG_BAD_REQUEST: {
    status: 400,
    meaning: 'A request the server could not read (an HTTP-level problem without a code of its own).',
  },
  LG_BAD_ROLE: { status: 400, meaning: 'A role that does not exist.' },
  LG_BAD_SCHEDULE: {
    status: 400,
    meaning: 'A harvest schedule that is not a valid cron expression, or runs more often than allowed.',
  },
  LG_BAD_URL: { status: 400, meaning: 'Lesson check: a link that is not an http(s) URL.' },
  LG_CSRF: { status: 403, meaning: 'A write with the session cookie but without the matching `x-csrf-token` header.' },
  LG_DB_CONNECTION_LOST: {
    status: null,
    meaning: 'Process warning: a pooled PostgreSQL connection was lost (the pool replaces it).',
  },
  LG_EMAIL_NOT_VERIFIED: {
    status: 403,
    meaning: 'Sign-in with the right password to an account whose address is not confirmed yet.',
  },
  LG_FORBIDDEN: { status: 403, meaning: 'The actor may not do this to this object.' },
  LG_HARVEST_BAD_JSON: { status: null, meaning: 'Harvest run: a JSON endpoint did not answer with JSON.' },
  LG_HARVEST_BAD_URL: { status: null, meaning: 'Harvest run: the source URL is not an http(s) URL.' },
  LG_HARVEST_BUSY: { status: 409, meaning: 'A harvest of this source is running already.' },
  LG_HARVEST_ENDLESS: { status: null, meaning: 'Harvest run: the server kept giving pages past every sensible limit.' },
  LG_HARVEST_FAILED: {
    status: null,
    meaning: 'Harvest run: failed for a reason without a code of its own (the message says it).',
  },
  LG_HARVEST_FORMAT: { status: null, meaning: 'Harvest run: the source offers none of the formats Leergoed maps.' },
  LG_HARVEST_HTTP: {
    status: null,
    meaning: 'Harvest run: the server answered with an HTTP error or an unknown character set.',
  },
  LG_HARVEST_IDENTIFY: { status: null, meaning: 'Harvest run: the OAI-PMH Identify request failed.' },
  LG_HARVEST_INTERRUPTED: {
    status: null,
    meaning: 'Harvest run: interrupted (the process stopped); a new run continues from the last page.',
  },
  LG_HARVEST_NETWORK: { status: null, meaning: 'Harvest run: the server could not be reached.' },
  LG_HARVEST_NO_DISTRIBUTION: {
    status: null,
    meaning: 'Harvest run: an NDE dataset description without a distribution Leergoed reads.',
  },
  LG_HARVEST_NO_SOURCE: { status: null, meaning: 'Harvest job: the source no longer exists.' },
  LG_HARVEST_OAI_: {
    status: null,
    meaning:
      'Harvest run: `LG_HARVEST_OAI_{code}`, the OAI-PMH error the server answered with (e.g. `LG_HARVEST_OAI_badResumptionToken`).',
  },
  LG_HARVEST_REDIRECTS: { status: null, meaning: 'Harvest run: too many redirects.' },
  LG_HARVEST_REPEATED_TOKEN: {
    status: null,
    meaning: 'Harvest run: the server gave the same resumption token twice (it would loop).',
  },
  LG_HARVEST_SSRF: {
    status: null,
    meaning: 'Harvest run: the address is not public (loopback, private, link-local) and not allowed by the operator.',
  },
  LG_HARVEST_TIMEOUT: { status: null, meaning: 'Harvest run: the server did not answer in time.' },
  LG_HARVEST_TOO_LARGE: { status: null, meaning: 'Harvest run: a response larger than the limit.' },
  LG_HARVEST_UNSUPPORTED: {
    status: null,
    meaning: 'Harvest run: the source has no URL or a type that cannot be harvested.',
  },
  LG_IMPORT_BAD_GZIP: { status: 400, meaning: 'Import: a file named `.gz` that is not gzip-compressed.' },
  LG_IMPORT_BAD_UPLOAD: { status: 400, meaning: 'Import: the upload is cut off or not a well-formed multipart body.' },
  LG_IMPORT_CSV_MAPPING: { status: 400, meaning: 'Import: the CSV column mapping is not valid for this file.' },
  LG_IMPORT_CSV_TOO_WIDE: {
    status: 400,
    meaning: 'Import: a CSV file with more columns or larger cells than allowed.',
  },
  LG_IMPORT_FAILED: { status: 400, meaning: 'Import: reading the file failed (the message says why).' },
  LG_IMPORT_INTERRUPTED: {
    status: null,
    meaning:
      'Import run: stopped before its end (the server stopped); what was imported stays, and the run can be retried from its kept file.',
  },
  LG_IMPORT_MALFORMED_CSV: { status: 400, meaning: 'Import: malformed CSV.' },
  LG_IMPORT_MALFORMED_JSON: { status: 400, meaning: 'Import: malformed JSON.' },
  LG_IMPORT_MAPPING_FILE: { status: null, meaning: '`leergoed import --mapping`: the mapping file cannot be read.' },
  LG_IMPORT_NOT_FOUND: { status: null, meaning: '`leergoed import`: no file or folder at that path.' },
  LG_IMPORT_NOT_MULTIPART: { status: 400, meaning: 'Import: the file is not sent as multipart/form-data.' },
  LG_IMPORT_NO_FILE: { status: 400, meaning: 'Import: no file in the field `file`.' },
  LG_IMPORT_NO_RECORDS: { status: 400, meaning: 'Import: the file holds no records of the format.' },
  LG_IMPORT_OAI_ERROR: { status: 400, meaning: 'Import: the uploaded OAI-PMH response is an OAI-PMH error.' },
  LG_IMPORT_STORE_REFUSED: {
    status: null,
    meaning: 'Quarantined record: the store refused it (the message says why); the rest of the run goes on.',
  },
  LG_IMPORT_TOO_COMPLEX: { status: 400, meaning: 'Import: the file is nested too deeply or too large to read safely.' },
  LG_IMPORT_TOO_LARGE: { status: 413, meaning: 'Import: the file (or what it unpacks to) is larger than allowed.' },
  LG_IMPORT_UNKNOWN_FORMAT: {
    status: 400,
    meaning: 'Import: a format Leergoed does not read, or one it cannot recognise.',
  },
  LG_IMPORT_UNREADABLE: { status: null, meaning: 'Import run: the file could not be read (the message says why).' },
  LG_INTERNAL: {
    status: 500,
    meaning: 'Something went wrong on the server; the log has the details, the answer never does.',
  },
  LG_INVITATION_SIGN_IN: {
    status: 409,
    meaning: 'The invited address has an account: sign in with it to accept the invitation.',
  },
  LG_LAST_ADMIN: { status: 409, meaning: 'A change that would leave the platform without an active administrator.' },
  LG_LAST_EDITOR: { status: 409, meaning: 'An organisation keeps at least one active editor.' },
  LG_LAST_MODERATOR: { status: 409, meaning: 'A community keeps at least one moderator.' },
  LG_LESSON_BAD_LICENCE: { status: 400, meaning: 'A lesson carries CC0 or a Creative Commons 4.0 licence.' },
  LG_LESSON_BAD_REGION: { status: 400, meaning: 'Lesson check: a region outside its image.' },
  LG_LESSON_CONFLICT: { status: 409, meaning: 'The lesson was saved elsewhere since this revision.' },
  LG_LESSON_DUPLICATE_ID: { status: 400, meaning: 'Lesson check: an item id used twice.' },
  LG_LESSON_DUPLICATE_VARIANT: {
    status: 400,
    meaning: 'Lesson check: two variants of a section for the same audience.',
  },
  LG_LESSON_EMPTY: { status: 400, meaning: 'Publishing a lesson without content.' },
  LG_LESSON_INCOMPLETE: {
    status: 400,
    meaning:
      'Publishing a draft that still lacks something (a title, a question, a right answer, a link); `detail.problems` names each at its block.',
  },
  LG_LESSON_LICENCE_CONFLICT: { status: 409, meaning: "The lesson's licence does not allow the material it embeds." },
  LG_LESSON_NOT_PUBLISHED: { status: 409, meaning: 'The lesson has no published version yet.' },
  LG_LESSON_UNKNOWN_RESOURCE: { status: 400, meaning: 'The lesson names a resource that does not exist.' },
  LG_LTI_AMBIGUOUS_PLATFORM: {
    status: 400,
    meaning: 'LTI: several registrations match; the platform must send client_id.',
  },
  LG_LTI_BAD_AUDIENCE: { status: 400, meaning: 'LTI: the id_token is not meant for this tool.' },
  LG_LTI_BAD_CLAIM: { status: 400, meaning: 'LTI: an id_token claim is not right.' },
  LG_LTI_BAD_LAUNCH: { status: 400, meaning: 'LTI: a launch without id_token and state.' },
  LG_LTI_BAD_LOGIN: { status: 400, meaning: 'LTI: a login initiation without iss, login_hint and target_link_uri.' },
  LG_LTI_BAD_NONCE: { status: 400, meaning: 'LTI: the id_token does not carry the nonce of this login.' },
  LG_LTI_BAD_SIGNATURE: { status: 400, meaning: "LTI: the id_token's signature does not verify." },
  LG_LTI_BAD_TARGET: { status: 400, meaning: 'LTI: target_link_uri is not a URL of this tool.' },
  LG_LTI_BAD_TOKEN: { status: 400, meaning: 'LTI: the id_token is not a JWT.' },
  LG_LTI_BAD_VERSION: { status: 400, meaning: 'LTI: not LTI 1.3.0.' },
  LG_LTI_EXPIRED_STATE: {
    status: 400,
    meaning: 'LTI: the login took too long (its state expired); open the lesson again.',
  },
  LG_LTI_EXPIRED_TOKEN: { status: 400, meaning: 'LTI: the id_token has expired.' },
  LG_LTI_JWKS_INVALID: { status: 502, meaning: "LTI: the platform's key set URL does not give a JWK set." },
  LG_LTI_JWKS_UNREACHABLE: { status: 502, meaning: "LTI: the platform's key set cannot be fetched." },
  LG_LTI_NOTHING_ACCEPTED: {
    status: 400,
    meaning: 'LTI Deep Linking: the platform accepts none of the item types Leergoed returns.',
  },
  LG_LTI_ONE_ONLY: { status: 400, meaning: 'LTI Deep Linking: the platform accepts one item at a time.' },
  LG_LTI_PLATFORM_ERROR: { status: 400, meaning: 'LTI: the platform reported an error to the tool.' },
  LG_LTI_PLATFORM_EXISTS: { status: 409, meaning: 'LTI: this platform registration exists already.' },
  LG_LTI_UNKNOWN_DEPLOYMENT: { status: 400, meaning: 'LTI: a deployment that is not registered for the platform.' },
  LG_LTI_UNKNOWN_KEY: { status: 400, meaning: "LTI: the platform's keys do not include the signing key." },
  LG_LTI_UNKNOWN_MESSAGE: { status: 400, meaning: 'LTI: a message type Leergoed does not handle.' },
  LG_LTI_UNKNOWN_PLATFORM: { status: 400, meaning: 'LTI: a platform that is not registered.' },
  LG_LTI_UNKNOWN_RESOURCE: { status: 400, meaning: 'LTI Deep Linking: items not published here.' },
  LG_LTI_UNKNOWN_STATE: { status: 400, meaning: 'LTI: a launch whose state this tool did not give out.' },
  LG_MAIL_UNAVAILABLE: {
    status: 503,
    meaning:
      'Registration, password reset and address changes need mail, and this platform has no SMTP server configured.',
  },
  LG_MAP_UNEXPECTED: { status: null, meaning: 'Quarantined record: a value has a shape the mapper does not read.' },
  LG_MARK_AWARDED: {
    status: 409,
    meaning: 'This mark is already awarded to this resource (or lesson version) and has not expired.',
  },
  LG_MARK_LOGO: { status: 400, meaning: "A mark's logo is a PNG, JPEG or WebP picture of at most 100 kB, in base64." },
  LG_MARK_NAME_TAKEN: { status: 409, meaning: 'The organisation already has a mark with this name.' },
  LG_MARK_VERSION: {
    status: 400,
    meaning: 'The lesson version an award names is not a published version (or the resource is not a lesson).',
  },
  LG_MARK_WITHDRAWN: { status: 409, meaning: 'The award is already withdrawn.' },
  LG_MOTIVATION_LENGTH: { status: 400, meaning: 'An application says in 20 to 2000 characters who applies and why.' },
  LG_NAME_IS_EMAIL: {
    status: 400,
    meaning: 'A name may not be an e-mail address (names are public, addresses never).',
  },
  LG_NAME_REQUIRED: { status: 400, meaning: 'A name of at least 2 characters is needed.' },
  LG_NAME_TOO_LONG: { status: 400, meaning: 'A name has at most 100 characters.' },
  LG_NOT_FOUND: { status: 404, meaning: 'The object (or page) does not exist.' },
  LG_NOT_ISSUER: { status: 409, meaning: 'The organisation does not issue quality marks (an admin decides which do).' },
  LG_NOT_PUBLISHED: { status: 409, meaning: 'Only a published resource can be rated, reviewed or awarded a mark.' },
  LG_OIDC_DISABLED: { status: null, meaning: 'School login: the account it is linked to is switched off.' },
  LG_OIDC_EMAIL_IN_USE: {
    status: null,
    meaning:
      'School login: its address belongs to an account that has not linked this login (accounts are never linked by address alone).',
  },
  LG_OIDC_FAILED: {
    status: null,
    meaning:
      'School login: the answer of the provider did not check out (code, ID token signature, issuer, audience, expiry or nonce); the log says which.',
  },
  LG_OIDC_LINKED_ELSEWHERE: { status: null, meaning: 'School login: linked to another account already.' },
  LG_OIDC_STATE: {
    status: null,
    meaning:
      'School login: the answer does not belong to a login started in this browser (state missing, forged or older than 10 minutes).',
  },
  LG_OIDC_UNAVAILABLE: {
    status: null,
    meaning: 'School login: not configured here, or its provider cannot be reached.',
  },
  LG_ORGANISATION_EXISTS: { status: 409, meaning: 'An organisation with this name exists already.' },
  LG_PASSWORD_COMMON: { status: 400, meaning: 'The password is a common one (NIST SP 800-63B).' },
  LG_PASSWORD_REQUIRED: {
    status: null,
    meaning: '`leergoed admin create`: a password is needed (`--password` or `LEERGOED_ADMIN_PASSWORD`).',
  },
  LG_PASSWORD_TOO_LONG: { status: 400, meaning: 'The password is longer than 256 characters.' },
  LG_PASSWORD_TOO_SHORT: { status: 400, meaning: 'The password is shorter than 12 characters.' },
  LG_POST_REMOVED: { status: 409, meaning: 'The discussion post was removed.' },
  LG_P_EMPTY: { status: null, meaning: 'Source preview: no records found.' },
  LG_P_FAILED: { status: null, meaning: 'Source preview: the source could not be read.' },
  LG_P_NO_LICENCE: { status: null, meaning: 'Source preview: records without a licence.' },
  LG_P_UNKNOWN_LICENCE: { status: null, meaning: 'Source preview: licences Leergoed does not recognise.' },
  LG_P_UNMAPPED_FORMAT: { status: null, meaning: 'Source preview: a format without a mapper.' },
  LG_P_UNMAPPED_VALUES: { status: null, meaning: 'Source preview: values (levels, subjects) that map to no concept.' },
  LG_RATING_SCORE: { status: 400, meaning: 'A rating is a whole number from 1 to 5.' },
  LG_REASON_REQUIRED: {
    status: 400,
    meaning: 'Refusing an application needs a reason (it is mailed to the applicant).',
  },
  LG_RESTORE_NEWER_SCHEMA: {
    status: null,
    meaning: '`leergoed restore`: the store has a newer schema than the backup.',
  },
  LG_RESTORE_NOT_EMPTY: { status: null, meaning: '`leergoed restore`: the store is not empty.' },
  LG_REVIEWER_DISABLED: { status: 409, meaning: 'A disabled account cannot be trusted to review.' },
  LG_REVIEW_DIMENSION: { status: 400, meaning: 'A review scores every dimension of the rubric once, and no other.' },
  LG_REVIEW_REASON: { status: 400, meaning: 'A review gives a written reason for each score.' },
  LG_REVIEW_SCORE: {
    status: 400,
    meaning: 'A review score is a whole number from 0 to 3, or null for not applicable.',
  },
  LG_REVIEW_VERSION: {
    status: 400,
    meaning: 'The lesson version a review names is not a published version (or the resource is not a lesson).',
  },
  LG_SIGN_IN_THROTTLED: {
    status: 429,
    meaning: 'Too many failed sign-ins for this account: wait before trying again.',
  },
  LG_SLUG_TAKEN: { status: 409, meaning: 'A community has this slug already.' },
  LG_SOURCE_EXISTS: { status: 400, meaning: 'A source with this name exists already.' },
  LG_SOURCE_KIND: { status: 400, meaning: 'A source kind that does not exist.' },
  LG_SOURCE_NAME: { status: 400, meaning: 'A source needs a name.' },
  LG_SOURCE_NOT_YOURS: { status: 403, meaning: 'The source named belongs to another institution.' },
  LG_SOURCE_PAUSED: { status: 400, meaning: 'The source is paused; enable it first.' },
  LG_SOURCE_PREFIX: { status: 400, meaning: 'A metadata prefix Leergoed does not map.' },
  LG_SOURCE_TYPE: { status: 400, meaning: 'A source type that does not exist.' },
  LG_SOURCE_URL: { status: 400, meaning: 'The source URL is not an http(s) URL.' },
  LG_STORE_UNAVAILABLE: {
    status: 503,
    meaning: 'The store cannot be reached for a moment; retry after `Retry-After` seconds, nothing was lost.',
  },
  LG_THREAD_FULL: { status: 409, meaning: 'A discussion holds at most its maximum of posts.' },
  LG_TITLE_REQUIRED: { status: 400, meaning: 'A resource needs a title.' },
  LG_TOKEN_INVALID: {
    status: 400,
    meaning: 'A link from a mail that is unknown, used already or expired; ask for a new one.',
  },
  LG_TOO_MANY_INVITATIONS: { status: 409, meaning: 'An organisation has at most 200 open invitations.' },
  LG_TOO_MANY_REPORTS: { status: 429, meaning: 'One person reports at most 20 problems an hour.' },
  LG_UNAUTHENTICATED: { status: 401, meaning: 'Sign in first (or send an API key).' },
  LG_UNKNOWN_CONCEPT: { status: 400, meaning: 'A concept id that is not in the named vocabulary.' },
  LG_UNKNOWN_SCHEME: { status: 400, meaning: 'A vocabulary that does not exist.' },
  LG_USER_EXISTS: { status: 409, meaning: 'A user with this e-mail address exists already.' },
  LG_VALIDATION: { status: 400, meaning: 'The request does not match its schema; `errors` names each field.' },
  LG_WITHDRAWN: { status: 409, meaning: 'The resource was withdrawn.' },
  LG_WRONG_PASSWORD: {
    status: 403,
    meaning: 'The current password given to change the password or address is not right.',
  },
  LG_W_NO_DESCRIPTION: { status: null, meaning: 'Resource warning: no description.' },
  LG_W_NO_LICENCE: { status: null, meaning: 'Resource warning: no licence or rights statement.' },
  LG_W_SOURCE: { status: null, meaning: 'Resource warning: a problem the mapper reported in the source record.' },
  LG_W_UNKNOWN_LICENCE: { status: null, meaning: 'Resource warning: a licence that is not recognised.' },
  LG_W_UNMAPPED: { status: null, meaning: 'Resource warning: values that map to no concept.' },
  LG_XML_DTD: { status: 400, meaning: 'XML with a DTD (refused: entity expansion).' },
  LG_XML_MALFORMED: { status: 400, meaning: 'Malformed XML.' },
  LG_XML_TOO_DEEP: { status: 400, meaning: 'XML nested too deeply.' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;
