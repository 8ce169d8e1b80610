import { z } from 'zod';
import { GDPR_SHARED_DOCUMENTS, GDPR_STATUSES, GDPR_TYPES, GDPR_VERIFICATION_METHODS } from '@/lib/enums';
import { pageInput, sortDirection } from '@/server/shared/pagination';
import { emailInput } from '@/server/shared/schema';

/** The GDPR requests domain's contracts, shared by its router and its functions. */

export type GdprType = (typeof GDPR_TYPES)[number];
export type GdprStatus = (typeof GDPR_STATUSES)[number];

/** Requests still waiting for an answer: the legal clock runs on these. */
export const OPEN_STATUSES = ['received', 'identity_verified', 'approved', 'processing'] as const satisfies readonly GdprStatus[];

/** What a user may file about themself from their account menu. */
export const SELF_SERVICE_TYPES = ['access', 'portability', 'erasure'] as const satisfies readonly GdprType[];

const reasonInput = (what: string) =>
  z.string().trim().min(3, `Give the ${what} (at least 3 characters).`).max(2000, `The ${what} can be at most 2,000 characters.`);

export const gdprListInput = z.object({
  ...pageInput,
  status: z.enum([...GDPR_STATUSES, 'open'] as const).optional(),
  type: z.enum(GDPR_TYPES).optional(),
  /** Open requests past their due date, or due within 7 days. */
  due: z.enum(['overdue', 'due_soon']).optional(),
  search: z.string().trim().max(320).optional(),
  sort: z.enum(['due', 'received', 'status']).default('due'),
  dir: sortDirection.default('asc'),
});
export type GdprListInput = z.infer<typeof gdprListInput>;

/** A request is about exactly one person: a user of the workspace or an address (the console and the API alike). */
export const oneSubject: [(v: { subjectUserId?: string; subjectEmail?: string }) => boolean, { message: string; path: string[] }] = [
  (v) => (v.subjectUserId ? 1 : 0) + (v.subjectEmail ? 1 : 0) === 1,
  { message: 'Choose the person: a user of the workspace, or an e-mail address.', path: ['subjectEmail'] },
];

export const createGdprInput = z
  .object({
    type: z.enum(GDPR_TYPES, { message: 'Choose the type of request.' }),
    /** A user of the workspace… */
    subjectUserId: z.uuid('Not a valid user id.').optional(),
    /** …or someone who is not one, by e-mail address. */
    subjectEmail: emailInput.optional(),
    /** When the request reached the workspace (default now): the clock starts then. */
    receivedAt: z.date().optional(),
    notes: z.string().trim().max(4000, 'Notes can be at most 4,000 characters.').optional(),
  })
  .refine(...oneSubject);
export type CreateGdprInput = z.infer<typeof createGdprInput>;

export const fileOwnInput = z.object({
  type: z.enum(SELF_SERVICE_TYPES, { message: 'You can ask for a copy of your data or for its erasure.' }),
  notes: z.string().trim().max(2000, 'Notes can be at most 2,000 characters.').optional(),
});
export type FileOwnInput = z.infer<typeof fileOwnInput>;

export const verifyCodeInput = z.object({
  id: z.uuid('Not a valid id.'),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'The code has 6 digits.'),
});

export const approveInput = z.object({
  id: z.uuid('Not a valid id.'),
  /** Erasure only: what becomes of the subject's uploads to shared collections. */
  sharedDocuments: z.enum(GDPR_SHARED_DOCUMENTS).optional(),
});

export const rejectInput = z.object({ id: z.uuid('Not a valid id.'), reason: reasonInput('reason for rejecting it') });

export const extendInput = z.object({
  id: z.uuid('Not a valid id.'),
  months: z.union([z.literal(1), z.literal(2)], { message: 'A request can be extended by one or two months.' }),
  reason: reasonInput('reason for the extension'),
});

export const completeInput = z.object({
  id: z.uuid('Not a valid id.'),
  notes: reasonInput('note on what was done'),
});

const progressOutput = z.object({ step: z.string(), done: z.number(), total: z.number() }).nullable();

export const gdprRequestOutput = z.object({
  id: z.uuid(),
  type: z.enum(GDPR_TYPES),
  status: z.enum(GDPR_STATUSES),
  subject: z.object({
    userId: z.uuid().nullable(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    pseudonym: z.string().nullable(),
  }),
  channel: z.enum(['admin', 'self']),
  filedByEmail: z.string().nullable(),
  receivedAt: z.date(),
  dueAt: z.date(),
  extendedDueAt: z.date().nullable(),
  effectiveDueAt: z.date(),
  extensionReason: z.string().nullable(),
  /** Open, never extended, and the original due date not yet passed. */
  canExtend: z.boolean(),
  urgency: z.enum(['overdue', 'due_soon', 'on_time', 'closed']),
  identityVerifiedAt: z.date().nullable(),
  verificationMethod: z.enum(GDPR_VERIFICATION_METHODS).nullable(),
  codeSentUntil: z.date().nullable(),
  decidedByEmail: z.string().nullable(),
  decidedAt: z.date().nullable(),
  rejectionReason: z.string().nullable(),
  sharedDocuments: z.enum(GDPR_SHARED_DOCUMENTS).nullable(),
  progress: progressOutput,
  exportSizeBytes: z.number().nullable(),
  hasCertificate: z.boolean(),
  error: z.string().nullable(),
  notes: z.string().nullable(),
  completedAt: z.date().nullable(),
});
export type GdprRequestView = z.infer<typeof gdprRequestOutput>;

export const gdprSummaryOutput = z.object({ open: z.number(), overdue: z.number(), dueSoon: z.number() });
export type GdprSummary = z.infer<typeof gdprSummaryOutput>;

export const sentCodeOutput = z.object({
  id: z.uuid(),
  to: z.string(),
  expiresAt: z.date(),
});
