import 'server-only';
import { z } from 'zod';
import { GDPR_STATUSES, GDPR_TYPES } from '@/lib/enums';
import { createRequest, getRequest, listRequestsPage } from '@/server/gdpr/requests';
import { createGdprInput, oneSubject, type GdprRequestView } from '@/server/gdpr/schema';
import { decodeCursor, pageBody } from '../cursor';
import { defineEndpoint, jsonBody, reply } from '../endpoint';
import { dateTime, idParam, pageOf, pageQuery } from '../schema';

export const gdprRequestSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(GDPR_TYPES),
    status: z.enum(GDPR_STATUSES).meta({
      description: 'received → identity_verified → approved → processing → completed; or rejected / cancelled.',
    }),
    subject: z.object({ userId: z.uuid().nullable(), email: z.string().nullable() }),
    receivedAt: dateTime,
    dueAt: dateTime.meta({ description: 'The legal deadline (one month, or as extended).' }),
    urgency: z.enum(['overdue', 'due_soon', 'on_time', 'closed']),
    identityVerifiedAt: dateTime.nullable(),
    decidedAt: dateTime.nullable(),
    rejectionReason: z.string().nullable(),
    progress: z.object({ step: z.string(), done: z.number(), total: z.number() }).nullable(),
    error: z.string().nullable(),
    notes: z.string().nullable(),
    completedAt: dateTime.nullable(),
  })
  .meta({
    id: 'GdprRequest',
    description: 'A data subject request (GDPR) and where it stands.',
    examples: [
      {
        id: '3c2b1a09-8f7e-4d6c-9b5a-493827161504',
        type: 'access',
        status: 'received',
        subject: { userId: null, email: 'former.customer@example.com' },
        receivedAt: '2026-12-01T10:00:00.000Z',
        dueAt: '2027-01-01T10:00:00.000Z',
        urgency: 'on_time',
        identityVerifiedAt: null,
        decidedAt: null,
        rejectionReason: null,
        progress: null,
        error: null,
        notes: 'Received by letter.',
        completedAt: null,
      },
    ],
  });

function toApiRequest(view: GdprRequestView): z.output<typeof gdprRequestSchema> {
  return { ...view, subject: { userId: view.subject.userId, email: view.subject.email }, dueAt: view.effectiveDueAt };
}

/** The console's form for recording a request, with the date as RFC 3339; the same rules apply. */
const createBody = z
  .object({
    ...createGdprInput.shape,
    receivedAt: dateTime.optional().meta({ description: 'When the request reached the workspace (default now; at most 31 days ago).' }),
  })
  .refine(...oneSubject);

const TAGS: [string] = ['GDPR requests'];

export const gdprEndpoints = [
  defineEndpoint({
    method: 'GET',
    path: '/gdpr-requests',
    operationId: 'listGdprRequests',
    summary: 'List GDPR requests',
    tags: TAGS,
    scope: 'gdpr:manage',
    query: z.object({
      ...pageQuery,
      status: z
        .enum([...GDPR_STATUSES, 'open'] as const)
        .optional()
        .meta({ description: '`open`: not yet completed, rejected or cancelled.' }),
      type: z.enum(GDPR_TYPES).optional(),
    }),
    responses: { 200: { description: 'A page of requests, newest first.', schema: pageOf(gdprRequestSchema) } },
    handler: async ({ query, ctx }) => {
      const page = await ctx.run((s) =>
        listRequestsPage(s, { limit: query.limit, after: decodeCursor(query.cursor), status: query.status, type: query.type }),
      );
      return reply(200, pageBody({ items: page.items.map(toApiRequest), next: page.next }));
    },
  }),
  defineEndpoint({
    method: 'POST',
    path: '/gdpr-requests',
    operationId: 'createGdprRequest',
    summary: 'File a GDPR request',
    description:
      'Records a request received from a person (by mail, phone, a support desk), about a user of the workspace (`subjectUserId`) or someone else (`subjectEmail`), exactly as an admin does in the console. The deadline starts at `receivedAt`.',
    tags: TAGS,
    scope: 'gdpr:manage',
    body: jsonBody(createBody),
    responses: {
      201: { description: 'Filed.', schema: gdprRequestSchema, headers: { Location: { description: 'The request, to follow.' } } },
    },
    errors: ['bad_request', 'not_found'],
    handler: async ({ body, ctx }) => {
      const created = await ctx.run((s) => createRequest(s, body), { mutation: true });
      return reply(201, toApiRequest(created), { location: `${ctx.origin}/api/v1/gdpr-requests/${created.id}` });
    },
  }),
  defineEndpoint({
    method: 'GET',
    path: '/gdpr-requests/{id}',
    operationId: 'getGdprRequest',
    summary: 'Get a GDPR request and its status',
    tags: TAGS,
    scope: 'gdpr:manage',
    params: idParam,
    responses: { 200: { description: 'The request.', schema: gdprRequestSchema } },
    handler: async ({ params, ctx }) => reply(200, toApiRequest(await ctx.run((s) => getRequest(s, params)))),
  }),
];
