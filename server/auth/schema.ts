import { z } from 'zod';
import { PERMISSIONS } from '@/lib/enums';

/** Who is making a request, as the browser learns it (`session.get`). */

const tenantRef = { tenantId: z.uuid(), tenantSlug: z.string(), tenantName: z.string() };
const permissions = z.array(z.enum(PERMISSIONS));

export const principalSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('superadmin'),
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    acting: z.object(tenantRef).nullable(),
  }),
  z.object({ kind: z.literal('user'), id: z.uuid(), email: z.string(), name: z.string(), permissions, ...tenantRef }),
  z.object({
    kind: z.literal('api_key'),
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    createdBy: z.uuid().nullable(),
    permissions,
    ...tenantRef,
  }),
]);
