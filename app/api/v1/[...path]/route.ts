import { handleRestRequest } from '@/server/rest/handle';

export const dynamic = 'force-dynamic';

/** The public REST API (issue 16): every operation is defined once in server/rest/registry.ts. */
function serve(req: Request) {
  return handleRestRequest(req);
}

export { serve as GET, serve as HEAD, serve as POST, serve as PUT, serve as PATCH, serve as DELETE, serve as OPTIONS };
