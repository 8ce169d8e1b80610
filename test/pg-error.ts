import { pgErrorCode } from '@/db/errors';

/** Resolves to the SQLSTATE the promise failed with; fails the test if it succeeded. */
export async function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return pgErrorCode(error) ?? `not a database error: ${String(error)}`;
  }
  throw new Error('expected the statement to be refused, but it succeeded');
}
