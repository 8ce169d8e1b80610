/**
 * The fixed value sets of the data model (statuses, types, the permission catalogue), as plain
 * tuples: the schema builds its CHECK constraints from them, and the browser may import them
 * without pulling in Drizzle.
 */

export const ACTOR_TYPES = ['user', 'superadmin', 'api_key', 'system'] as const;

export const AUDIT_STATUSES = ['success', 'denied', 'error'] as const;

export const VISIBILITIES = ['tenant', 'restricted'] as const;

export const DOCUMENT_STATUSES = ['uploaded', 'processing', 'completed', 'failed'] as const;

export const GDPR_TYPES = ['access', 'portability', 'erasure', 'rectification', 'restriction'] as const;

export const GDPR_STATUSES = ['received', 'identity_verified', 'approved', 'processing', 'completed', 'rejected', 'cancelled'] as const;

/** How a data subject's identity was confirmed before a request could be approved. */
export const GDPR_VERIFICATION_METHODS = ['signed_in', 'email_code'] as const;

/** What happens to documents an erased user uploaded to shared collections. */
export const GDPR_SHARED_DOCUMENTS = ['delete', 'keep'] as const;

export const JOB_TYPES = [
  'ingest',
  'ocr',
  'embed',
  'reprocess',
  'retention',
  'gdpr_export',
  'gdpr_erasure',
  'eval_run',
  'reembed',
] as const;

export const JOB_STATUSES = ['pending', 'processing', 'completed', 'failed', 'cancelled', 'retrying'] as const;

export const PROVIDER_TYPES = ['local', 'openai-compatible'] as const;
/** Reordering retrieval's fused candidates: none, a lexical/semantic score mix, or the chat model. */
export const RERANK_MODES = ['off', 'mix', 'model'] as const;

export const TENANT_STATUSES = ['trial', 'active', 'suspended', 'deleted'] as const;

export const TENANT_PLANS = ['trial', 'pro', 'enterprise'] as const;

/** File types a tenant may allow for upload (content-sniffed, not by extension). */
export const FILE_TYPES = ['pdf', 'docx', 'pptx', 'html', 'md', 'txt', 'csv', 'png', 'jpeg'] as const;

export type FileType = (typeof FILE_TYPES)[number];

/** The fixed permission catalogue (DATA_MODEL.md); roles and API key scopes draw from it. */
export const PERMISSIONS = [
  'documents:read',
  'documents:write',
  'chat:use',
  'users:manage',
  'roles:manage',
  'api_keys:manage',
  'settings:manage',
  'usage:read',
  'gdpr:manage',
  'evals:run',
  'audit:read',
] as const;

export const USER_STATUSES = ['invited', 'active', 'deactivated'] as const;

export const USER_TOKEN_PURPOSES = ['invite', 'password_reset'] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** What an e-mail is about; the outbox shows it. New notices (GDPR, quotas) add theirs here. */
export const MAIL_KINDS = ['invite', 'password_reset', 'quota_notice', 'gdpr_verification'] as const;

/** queued: recorded, not yet handed over; held: kept in the outbox only (no SMTP configured). */
export const MAIL_STATUSES = ['queued', 'sent', 'failed', 'held'] as const;

/** What a usage event meters (issue 11): every kind of work that costs. */
export const USAGE_KINDS = ['chat', 'embedding', 'ocr', 'ingestion', 'evaluation', 'storage'] as const;

/** The Usage page's date ranges (issue 11), in the tenant's time zone; `custom` takes from–to. */
export const USAGE_RANGE_PRESETS = ['today', '7d', '30d', '90d', 'month', 'custom'] as const;
/** What the Usage page's breakdown table groups by. */
export const USAGE_BREAKDOWNS = ['user', 'apiKey', 'kind', 'model'] as const;
