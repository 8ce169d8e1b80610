import { z } from 'zod';
import {
  auditEntryOutput,
  auditExportOutput,
  auditFacetsOutput,
  auditFilters,
  auditListInput,
  auditVerifyInput,
  chainHeadOutput,
  chainVerificationOutput,
} from '@/server/audit/schema';
import {
  auditChainHead,
  auditFacets,
  exportAuditCsv,
  listAudit,
  platformChain,
  tenantChain,
  verifyAuditChain,
} from '@/server/audit/service';
import { pageOf } from '@/server/shared/pagination';
import { createTRPCRouter, permissionProcedure, superadminProcedure } from '../init';

const read = permissionProcedure('audit:read');
const platform = superadminProcedure;

export const auditRouter = createTRPCRouter({
  list: read
    .input(auditListInput)
    .output(pageOf(auditEntryOutput))
    .query(({ ctx, input }) => listAudit(tenantChain(ctx.service), input)),
  facets: read
    .input(z.void())
    .output(auditFacetsOutput)
    .query(({ ctx }) => auditFacets(tenantChain(ctx.service))),
  export: read
    .input(auditFilters)
    .output(auditExportOutput)
    .query(({ ctx, input }) => exportAuditCsv(tenantChain(ctx.service), input)),
  verify: read
    .input(auditVerifyInput)
    .output(chainVerificationOutput)
    .query(({ ctx, input }) => verifyAuditChain(tenantChain(ctx.service), input)),
  head: read
    .input(z.void())
    .output(chainHeadOutput)
    .query(({ ctx }) => auditChainHead(tenantChain(ctx.service))),

  /** The platform's own chain: superadmin actions and sign-ins outside any tenant. */
  listGlobal: platform
    .input(auditListInput)
    .output(pageOf(auditEntryOutput))
    .query(({ ctx, input }) => listAudit(platformChain(ctx.service), input)),
  facetsGlobal: platform
    .input(z.void())
    .output(auditFacetsOutput)
    .query(({ ctx }) => auditFacets(platformChain(ctx.service))),
  exportGlobal: platform
    .input(auditFilters)
    .output(auditExportOutput)
    .query(({ ctx, input }) => exportAuditCsv(platformChain(ctx.service), input)),
  verifyGlobal: platform
    .input(auditVerifyInput)
    .output(chainVerificationOutput)
    .query(({ ctx, input }) => verifyAuditChain(platformChain(ctx.service), input)),
  headGlobal: platform
    .input(z.void())
    .output(chainHeadOutput)
    .query(({ ctx }) => auditChainHead(platformChain(ctx.service))),
});
