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

/**
 * The sentence to show at the bottom of a form: the server's message, or, for invalid input, the
 * field errors that no field of the form displays itself.
 */
export function formErrorText(error: unknown, shownFields: readonly string[]): string | null {
  if (!error) return null;
  const errors = fieldErrors(error);
  const keys = Object.keys(errors);
  if (keys.length === 0) return errorMessage(error);
  const unshown = keys.filter((key) => !shownFields.some((field) => key === field || key.startsWith(`${field}.`)));
  if (unshown.length === 0) return 'Check the fields above.';
  return unshown.flatMap((key) => errors[key] ?? []).join(' ');
}
