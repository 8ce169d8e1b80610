import 'server-only';
import { createCallerFactory, createTRPCRouter } from './init';
import { apiKeysRouter } from './routers/api-keys';
import { auditRouter } from './routers/audit';
import { chatRouter } from './routers/chat';
import { collectionsRouter } from './routers/collections';
import { documentsRouter } from './routers/documents';
import { evalDatasetsRouter } from './routers/eval-datasets';
import { evaluationsRouter } from './routers/evaluations';
import { gdprRouter } from './routers/gdpr';
import { gdprExportsRouter } from './routers/gdpr-exports';
import { gdprCertificatesRouter } from './routers/gdpr-certificates';
import { jobsRouter } from './routers/jobs';
import { mailRouter } from './routers/mail';
import { overviewRouter } from './routers/overview';
import { platformUsageRouter } from './routers/platform-usage';
import { authRouter } from './routers/auth';
import { accessRouter } from './routers/access';
import { legalHoldsRouter, retentionRouter } from './routers/retention';
import { rolesRouter } from './routers/roles';
import { sessionRouter } from './routers/session';
import { settingsRouter } from './routers/settings';
import { ssoRouter } from './routers/sso';
import { tenantsRouter } from './routers/tenants';
import { usageRouter } from './routers/usage';
import { usersRouter } from './routers/users';

/** Every router of the console; one file per domain under routers/. */
export const appRouter = createTRPCRouter({
  session: sessionRouter,
  auth: authRouter,
  tenants: tenantsRouter,
  users: usersRouter,
  roles: rolesRouter,
  access: accessRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  collections: collectionsRouter,
  documents: documentsRouter,
  jobs: jobsRouter,
  chat: chatRouter,
  settings: settingsRouter,
  sso: ssoRouter,
  mail: mailRouter,
  overview: overviewRouter,
  platformUsage: platformUsageRouter,
  usage: usageRouter,
  gdpr: gdprRouter,
  gdprExports: gdprExportsRouter,
  retention: retentionRouter,
  legalHolds: legalHoldsRouter,
  gdprCertificates: gdprCertificatesRouter,
  evalDatasets: evalDatasetsRouter,
  evaluations: evaluationsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
