import { createExportLink } from '@/server/gdpr/export/link';
import { exportLinkInput, exportLinkOutput } from '@/server/gdpr/export/schema';
import { createTRPCRouter, tenantProcedure } from '../init';

/**
 * Access and portability exports. Any member may ask: the domain lets holders of gdpr:manage
 * and the subject of a self-filed request through, and tells anyone else the request does not
 * exist (who may fetch depends on the request row, which no procedure builder can see).
 */
export const gdprExportsRouter = createTRPCRouter({
  link: tenantProcedure
    .input(exportLinkInput)
    .output(exportLinkOutput)
    .mutation(({ ctx, input }) => createExportLink(ctx.service, input)),
});
