import { z } from 'zod';
import { ACTOR_TYPES, AUDIT_STATUSES } from '@/db/schema';
import { auditFacets, exportAuditCsv, listAudit, verifyAuditChain } from '@/server/audit/service';
import { pageInput, pageOf } from '@/server/shared/pagination';
import { createTRPCRouter, permissionProcedure, superadminProcedure } from '../init';

const filters = z
  .object({
    actor: z.string().trim().max(320).optional(),
    action: z.string().trim().max(100).optional(),
    resourceType: z.string().trim().max(50).optional(),
    status: z.enum(AUDIT_STATUSES).optional(),
    from: z.date().optional(),
    to: z.date().optional(),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: 'The start date must be before the end date.', path: ['to'] });

const entry = z.object({
  id: z.uuid(),
  seq: z.number(),
  createdAt: z.date(),
  actorId: z.string().nullable(),
  actorType: z.enum(ACTOR_TYPES),
  actorLabel: z.string().nullable(),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  status: z.enum(AUDIT_STATUSES),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  correlationId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});

const listInput = z.object({ ...pageInput }).and(filters);
const facetsOutput = z.object({ actions: z.array(z.string()), resourceTypes: z.array(z.string()) });
const exportOutput = z.object({ filename: z.string(), csv: z.string(), rows: z.number(), truncated: z.boolean() });
const verifyOutput = z.discriminatedUnion('intact', [
  z.object({ intact: z.literal(true), checked: z.number() }),
  z.object({
    intact: z.literal(false),
    checked: z.number(),
    brokenAt: z.object({ id: z.uuid(), seq: z.number(), createdAt: z.date(), action: z.string() }),
  }),
]);

const read = permissionProcedure('audit:read');
const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

export const auditRouter = createTRPCRouter({
  list: read.input(listInput).output(pageOf(entry)).query(({ ctx, input }) => listAudit(ctx.db, ctx.tenantId, input)),
  facets: read.input(z.void()).output(facetsOutput).query(({ ctx }) => auditFacets(ctx.db, ctx.tenantId)),
  export: read
    .input(filters)
    .output(exportOutput)
    .query(async ({ ctx, input }) => ({
      filename: `audit-${ctx.tenantSlug}-${stamp()}.csv`,
      ...(await exportAuditCsv(ctx.db, ctx.tenantId, input)),
    })),
  verify: read.input(z.void()).output(verifyOutput).query(({ ctx }) => verifyAuditChain(ctx.db, ctx.tenantId)),

  /** The platform's own chain: superadmin actions and sign-ins outside any tenant. */
  listGlobal: superadminProcedure.input(listInput).output(pageOf(entry)).query(({ ctx, input }) => listAudit(ctx.db, null, input)),
  facetsGlobal: superadminProcedure.input(z.void()).output(facetsOutput).query(({ ctx }) => auditFacets(ctx.db, null)),
  exportGlobal: superadminProcedure
    .input(filters)
    .output(exportOutput)
    .query(async ({ ctx, input }) => ({ filename: `audit-platform-${stamp()}.csv`, ...(await exportAuditCsv(ctx.db, null, input)) })),
  verifyGlobal: superadminProcedure.input(z.void()).output(verifyOutput).query(({ ctx }) => verifyAuditChain(ctx.db, null)),
});
