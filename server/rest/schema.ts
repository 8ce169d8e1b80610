import { z } from 'zod';
import { REST_ERROR_CODES } from './errors';

/**
 * Pieces every resource of the public API shares. The wire form is the schema's input side (what
 * JSON carries); handlers get and give the decoded side (a Date for a timestamp). The OpenAPI
 * document is generated from the input side of these same schemas.
 */

/** A timestamp: RFC 3339 on the wire, a Date in code. */
export const dateTime = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (value) => new Date(value),
  encode: (date) => date.toISOString(),
});

export const idParam = z.object({ id: z.uuid('Not a valid id (a UUID).') });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(REST_ERROR_CODES).meta({ description: 'Stable, snake_case; see the list in the API description.' }),
      message: z.string().meta({ description: 'A sentence for people; may change.' }),
      details: z
        .unknown()
        .meta({ description: 'Depends on the code: `issues` for validation_failed, `requiredScope`, `existing`, `limit`…' }),
    }),
  })
  .meta({
    id: 'Error',
    description: 'Every error response has this shape.',
    examples: [
      {
        error: {
          code: 'validation_failed',
          message: 'body.name: Name is required.',
          details: { issues: [{ path: 'body.name', message: 'Name is required.' }] },
        },
      },
    ],
  });

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=` of every list; spread into an endpoint's query schema. */
export const pageQuery = {
  limit: z.coerce
    .number({ error: 'limit is a whole number from 1 to 100.' })
    .int('limit is a whole number from 1 to 100.')
    .min(1, 'limit is a whole number from 1 to 100.')
    .max(MAX_PAGE_SIZE, 'limit is a whole number from 1 to 100.')
    .default(DEFAULT_PAGE_SIZE)
    .meta({ description: `Items per page, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` }),
  cursor: z.string().max(500).optional().meta({ description: 'The `nextCursor` of the previous page; omit for the first page. Opaque.' }),
};

/** A page of a list: newest first, `nextCursor` null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null when this is the last.' }),
  });
}

/** Query booleans as integrators send them (`true`/`false`, `1`/`0`). */
export const queryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
