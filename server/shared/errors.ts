import { TRPCError } from '@trpc/server';
import { pgErrorCode } from '@/db/errors';

export function notFound(what: string): never {
  throw new TRPCError({ code: 'NOT_FOUND', message: `${what} was not found.` });
}

export function forbidden(message: string): never {
  throw new TRPCError({ code: 'FORBIDDEN', message });
}

export function badRequest(message: string): never {
  throw new TRPCError({ code: 'BAD_REQUEST', message });
}

export function conflict(message: string): never {
  throw new TRPCError({ code: 'CONFLICT', message });
}

/** Runs `fn`, turning a unique-constraint violation into a CONFLICT with `message`. */
export async function uniquely<T>(fn: () => Promise<T>, message: string): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (pgErrorCode(error) === '23505') conflict(message);
    throw error;
  }
}
