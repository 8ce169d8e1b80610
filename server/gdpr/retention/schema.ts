import { z } from 'zod';
import { pageInput, pageOf } from '@/server/shared/pagination';
import { AUDIT_FLOOR_DAYS, LEGAL_HOLD_TARGETS, MAX_RETENTION_DAYS, RETENTION_CLASSES } from '@/lib/retention';

const days = (min: number, what: string) =>
  z
    .number({ error: `Enter the number of days to keep ${what}, or keep them forever.` })
    .int(`Enter a whole number of days for ${what}.`)
    .min(
      min,
      min === 1
        ? `Keep ${what} at least 1 day, or forever.`
        : `${what} are kept at least ${min} days; enter ${min} or more, or keep them forever.`,
    )
    .max(MAX_RETENTION_DAYS, `Enter at most ${MAX_RETENTION_DAYS.toLocaleString('en-US')} days for ${what}, or keep them forever.`)
    .nullable();

/** Days per class; null keeps that class forever. */
export const retentionPoliciesSchema = z.object({
  chats: days(1, 'chats'),
  documents: days(1, 'documents'),
  usage_events: days(1, 'usage events'),
  evaluations: days(1, 'evaluation runs'),
  audit: z
    .number({ error: 'Enter the number of days to keep the audit log, or keep it forever.' })
    .int('Enter a whole number of days for the audit log.')
    .min(
      AUDIT_FLOOR_DAYS,
      `The audit log is kept at least ${AUDIT_FLOOR_DAYS} days: a workspace can raise that, not lower it. Enter ${AUDIT_FLOOR_DAYS} or more, or keep it forever.`,
    )
    .max(MAX_RETENTION_DAYS, `Enter at most ${MAX_RETENTION_DAYS.toLocaleString('en-US')} days for the audit log, or keep it forever.`)
    .nullable(),
});

const classCounts = z.record(z.string(), z.number());
export const retentionCountsSchema = z.partialRecord(z.enum(RETENTION_CLASSES), classCounts);

export const retentionPolicyOutput = z.object({
  policies: retentionPoliciesSchema,
  auditFloorDays: z.number(),
  updatedAt: z.date().nullable(),
});
export type RetentionPolicyOutput = z.infer<typeof retentionPolicyOutput>;

export const retentionPreviewInput = z.object({ policies: retentionPoliciesSchema });
export type RetentionPreviewInput = z.infer<typeof retentionPreviewInput>;

/** Per class with a finite period: what it would remove now; `shortened` lists the classes the change shortens. */
export const retentionPreviewOutput = z.object({
  counts: retentionCountsSchema,
  shortened: z.array(z.enum(RETENTION_CLASSES)),
});
export type RetentionPreview = z.infer<typeof retentionPreviewOutput>;

/** `confirm`: the admin has seen the preview and accepts what a shorter period removes. */
export const updateRetentionInput = z.object({ policies: retentionPoliciesSchema, confirm: z.boolean().default(false) });
export type UpdateRetentionInput = z.infer<typeof updateRetentionInput>;

export const retentionJobListInput = z.object({ ...pageInput });
export type RetentionJobListInput = z.infer<typeof retentionJobListInput>;

export const retentionJobOutput = z.object({
  id: z.uuid(),
  localDate: z.string().nullable(),
  scheduledAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  status: z.enum(['scheduled', 'running', 'completed', 'failed']),
  counts: retentionCountsSchema,
  error: z.string().nullable(),
});
export const retentionJobPage = pageOf(retentionJobOutput);

export const legalHoldOutput = z.object({
  id: z.uuid(),
  targetType: z.enum(LEGAL_HOLD_TARGETS),
  targetId: z.uuid(),
  /** The user's name and e-mail, or the document's file name; null once the target is gone. */
  targetLabel: z.string().nullable(),
  reason: z.string(),
  createdAt: z.date(),
  createdBy: z.string().nullable(),
  releasedAt: z.date().nullable(),
  releasedBy: z.string().nullable(),
});
export type LegalHold = z.infer<typeof legalHoldOutput>;

export const legalHoldListInput = z.object({ includeReleased: z.boolean().default(false) }).default({ includeReleased: false });
export type LegalHoldListInput = z.infer<typeof legalHoldListInput>;

/** `target`: a user's id or e-mail address; a document's id or exact file name. */
export const createLegalHoldInput = z.object({
  targetType: z.enum(LEGAL_HOLD_TARGETS),
  target: z.string().trim().min(1, 'Choose the user or document to hold.').max(500),
  reason: z
    .string()
    .trim()
    .min(1, 'Say why the data is held (for example the case or request it is for).')
    .max(1000, 'Keep the reason under 1,000 characters.'),
});
export type CreateLegalHoldInput = z.infer<typeof createLegalHoldInput>;

export const releaseLegalHoldInput = z.object({ id: z.uuid() });
