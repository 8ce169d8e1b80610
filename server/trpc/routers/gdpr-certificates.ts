import {
  certificateGetInput,
  certificateGetOutput,
  certificateVerification,
  certificateVerifyInput,
  publicKeysOutput,
} from '@/server/gdpr/certificates/schema';
import { certificatePublicKeys, checkCertificate, getCertificate } from '@/server/gdpr/certificates/service';
import { createTRPCRouter, permissionProcedure, publicProcedure } from '../init';

/** Certificates of erasure: read by GDPR admins; verified, and their keys published, for anyone. */
export const gdprCertificatesRouter = createTRPCRouter({
  get: permissionProcedure('gdpr:manage')
    .input(certificateGetInput)
    .output(certificateGetOutput)
    .query(({ ctx, input }) => getCertificate(ctx.service, input)),
  verify: publicProcedure
    .input(certificateVerifyInput)
    .output(certificateVerification)
    .query(({ input }) => checkCertificate(input)),
  publicKeys: publicProcedure.output(publicKeysOutput).query(() => certificatePublicKeys()),
});
