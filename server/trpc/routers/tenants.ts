import { z } from 'zod';
import { FILE_TYPES, TENANT_PLANS, TENANT_STATUSES } from '@/db/schema';
import { actingSetCookie } from '@/server/auth/acting';
import { pageInput, pageOf, sortDirection } from '@/server/shared/pagination';
import {
  createTenantWithAdmin,
  deleteTenant,
  enterTenant,
  exitTenant,
  getTenant,
  listTenants,
  setTenantSuspended,
  updateTenant,
} from '@/server/tenants/service';
import { createTRPCRouter, superadminProcedure } from '../init';
import { emailInput, idInput, linkOutput, nameInput } from '@/server/shared/schema';

const limit = (what: string) =>
  z.number().int(`${what} must be a whole number.`).min(0, `${what} cannot be negative.`).max(Number.MAX_SAFE_INTEGER).nullable();

const quotas = z.object({
  maxTokensPerDay: limit('Tokens per day'),
  maxIngestionsPerDay: limit('Ingestions per day'),
  maxStorageBytes: limit('Storage'),
  maxRequestsPerMinute: limit('Requests per minute'),
});

const settings = z.object({
  allowedFileTypes: z.array(z.enum(FILE_TYPES)).min(1, 'Allow at least one file type.').optional(),
  maxFileSizeBytes: z
    .number()
    .int()
    .min(1024, 'At least 1 KB.')
    .max(1024 ** 3, 'At most 1 GB.')
    .optional(),
});

export const slugInput = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'The slug needs at least 2 characters.')
  .max(48, 'The slug can be at most 48 characters.')
  .regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, 'Use lowercase letters, digits and hyphens, starting and ending with a letter or digit.')
  .refine((s) => !['admin', 'api', 'new', 'www', 'sign-in', 'invite'].includes(s), 'This slug is reserved.');

const listItem = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  status: z.enum(TENANT_STATUSES),
  plan: z.enum(TENANT_PLANS),
  createdAt: z.date(),
  deletedAt: z.date().nullable(),
  purgedAt: z.date().nullable(),
  users: z.number(),
  documents: z.number(),
  storageBytes: z.number(),
  tokensThisMonth: z.number(),
  lastActivityAt: z.date().nullable(),
});

const detail = listItem.omit({}).extend({
  planExpiresAt: z.date().nullable(),
  settings: settings.partial(),
  retentionDays: z.number().nullable(),
  purgeResult: z
    .object({ rows: z.record(z.string(), z.number()), files: z.number(), error: z.string().optional() })
    .nullable(),
  quotas,
});

export const tenantsRouter = createTRPCRouter({
  list: superadminProcedure
    .input(
      z.object({
        search: z.string().trim().max(200).optional(),
        status: z.enum(TENANT_STATUSES).optional(),
        sort: z.enum(['name', 'created', 'users', 'documents', 'storage', 'tokens', 'lastActivity']).default('created'),
        dir: sortDirection,
        ...pageInput,
      }),
    )
    .output(pageOf(listItem))
    .query(({ ctx, input }) => listTenants(ctx.db, input)),

  get: superadminProcedure.input(idInput).output(detail).query(({ ctx, input }) => getTenant(ctx.db, input.id)),

  /** Creates the tenant and invites its first admin; the invitation link is shown once. */
  create: superadminProcedure
    .input(
      z.object({
        name: nameInput('Name'),
        slug: slugInput,
        plan: z.enum(TENANT_PLANS).default('trial'),
        quotas: quotas.partial().optional(),
        adminEmail: emailInput,
      }),
    )
    .output(z.object({ tenant: detail, invitation: linkOutput }))
    .mutation(({ ctx, input }) => createTenantWithAdmin(ctx.service, input)),

  update: superadminProcedure
    .input(
      z.object({
        id: z.uuid(),
        name: nameInput('Name').optional(),
        plan: z.enum(TENANT_PLANS).optional(),
        quotas: quotas.partial().optional(),
        settings: settings.optional(),
        retentionDays: z.number().int().min(1, 'At least one day.').max(36500).nullable().optional(),
      }),
    )
    .output(detail)
    .mutation(({ ctx, input }) => updateTenant(ctx.service, input)),

  suspend: superadminProcedure
    .input(idInput)
    .output(detail)
    .mutation(({ ctx, input }) => setTenantSuspended(ctx.service, { id: input.id, suspended: true })),

  reactivate: superadminProcedure
    .input(idInput)
    .output(detail)
    .mutation(({ ctx, input }) => setTenantSuspended(ctx.service, { id: input.id, suspended: false })),

  /** Confirmed by typing the slug; the tenant is unusable at once and purged in the background. */
  delete: superadminProcedure
    .input(z.object({ id: z.uuid(), confirmSlug: z.string().max(100) }))
    .output(detail)
    .mutation(({ ctx, input }) => deleteTenant(ctx.service, input)),

  enter: superadminProcedure
    .input(idInput)
    .output(z.object({ slug: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { slug, acting } = await enterTenant(ctx.service, input);
      ctx.service.afterCommit(() => ctx.setCookie(actingSetCookie(acting)));
      return { slug };
    }),

  exit: superadminProcedure
    .input(z.void())
    .output(z.object({ ok: z.boolean() }))
    .mutation(async ({ ctx }) => {
      ctx.service.afterCommit(() => ctx.setCookie(actingSetCookie(null)));
      return exitTenant(ctx.service, ctx.principal.acting);
    }),
});
