/** What a failed tRPC call says to a person, and which form fields it concerns. */
export type FieldErrors = Record<string, string[]>;

type ErrorLike = { message?: string; data?: { fieldErrors?: FieldErrors | null } | null } | null | undefined;

export function errorMessage(error: unknown): string {
  const message = (error as ErrorLike)?.message;
  return message && !/^\s*[[{]/.test(message) ? message : 'Something went wrong. Try again.';
}

export function fieldErrors(error: unknown): FieldErrors {
  return (error as ErrorLike)?.data?.fieldErrors ?? {};
}

/** The first error for `field`, if any. */
export function fieldError(error: unknown, field: string): string | null {
  return fieldErrors(error)[field]?.[0] ?? null;
}
