import { z } from 'zod';
import { ACTOR_TYPES, AUDIT_STATUSES } from '@/lib/enums';
import { pageInput } from '@/server/shared/pagination';

/** The audit log's contracts, shared by its router (tenant and platform chains) and its functions. */

export const auditFilters = z
  .object({
    actor: z.string().trim().max(320).optional(),
    action: z.string().trim().max(100).optional(),
    resourceType: z.string().trim().max(50).optional(),
    status: z.enum(AUDIT_STATUSES).optional(),
    from: z.date().optional(),
    to: z.date().optional(),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: 'The start date must be before the end date.', path: ['to'] });
export type AuditFilters = z.infer<typeof auditFilters>;

export const auditListInput = z.object({ ...pageInput }).and(auditFilters);
export type AuditListInput = z.infer<typeof auditListInput>;

export const auditEntryOutput = z.object({
  id: z.uuid(),
  seq: z.number(),
  createdAt: z.date(),
  actorId: z.string().nullable(),
  actorType: z.enum(ACTOR_TYPES),
  /** The person's e-mail (from audit_identities) while not erased, the stored label, or "erased person <pseudonym>". */
  actorLabel: z.string().nullable(),
  actorName: z.string().nullable(),
  actorPseudonym: z.string().nullable(),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  status: z.enum(AUDIT_STATUSES),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  correlationId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});

export const auditFacetsOutput = z.object({ actions: z.array(z.string()), resourceTypes: z.array(z.string()) });

export const auditExportOutput = z.object({ filename: z.string(), csv: z.string(), rows: z.number(), truncated: z.boolean() });

/**
 * A head an admin noted elsewhere: `<entries>:<hash>` as the audit page shows it. Verifying
 * against it proves the chain still holds that entry at that position (nothing before it was
 * removed or rewritten) and says how many entries came after.
 */
export const NOTED_HEAD = /^(\d{1,12}):((?:h[23]\.\d+\.)?[0-9a-f]{64})$/;
export const auditVerifyInput = z
  .object({
    notedHead: z
      .string()
      .trim()
      .max(200, 'Paste the head as the audit page shows it: <entries>:<hash>.')
      .refine((v) => v === '' || NOTED_HEAD.test(v), 'Paste the head as the audit page shows it: <entries>:<hash>.')
      .transform((v) => v || undefined)
      .optional(),
  })
  .optional();
export type AuditVerifyInput = z.infer<typeof auditVerifyInput>;

export const chainHeadOutput = z
  .object({ entries: z.number(), seq: z.number(), hash: z.string(), createdAt: z.date(), keyed: z.boolean(), head: z.string() })
  .nullable();
export type ChainHead = z.infer<typeof chainHeadOutput>;

const notedOutput = z.object({ entries: z.number(), hash: z.string(), found: z.boolean(), entriesSince: z.number().nullable() }).optional();
/** Entries retention removed from the chain's start (all of them, over every purge) and the newest one's time. */
const purgedOutput = z.object({ entries: z.number(), before: z.string() }).optional();

export const chainVerificationOutput = z.discriminatedUnion('intact', [
  z.object({ intact: z.literal(true), checked: z.number(), unkeyed: z.number(), noted: notedOutput, purged: purgedOutput }),
  z.object({
    intact: z.literal(false),
    checked: z.number(),
    brokenAt: z.object({ id: z.uuid(), seq: z.number(), createdAt: z.date(), action: z.string() }),
    /** altered: the entry's hash or link does not match; unkeyed: an old-format entry after keyed ones; unsealed: no keyed entry at all. */
    reason: z.enum(['altered', 'unkeyed', 'unsealed']),
    noted: notedOutput,
    purged: purgedOutput,
  }),
]);
export type ChainVerification = z.infer<typeof chainVerificationOutput>;
