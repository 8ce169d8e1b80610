import { z } from 'zod';
import { PERMISSIONS } from '@/db/schema';

/** Shared input pieces: one definition of what a valid email, name or password is. */
export const emailInput = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter a valid email address.').max(320, 'That email address is too long.'));

export const nameInput = (what: string, max = 200) =>
  z.string().trim().min(1, `${what} is required.`).max(max, `${what} can be at most ${max} characters.`);

export const passwordInput = z.string().min(10, 'Use at least 10 characters.').max(200, 'Use at most 200 characters.');

export const permissionInput = z.enum(PERMISSIONS, { message: 'Unknown permission.' });

export const idInput = z.object({ id: z.uuid('Not a valid id.') });
