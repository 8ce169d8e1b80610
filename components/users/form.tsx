'use client';

import { useEffect, type ReactNode, type RefObject } from 'react';
import { errorMessage, fieldErrors } from '@/components/ui/errors';

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

/** A form-level error, announced when it appears. */
export function FormAlert({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
      {children}
    </p>
  );
}

/** `aria-describedby` for a control inside <Field>, matching the ids Field gives its hint and error. */
export function describedBy(id: string, { hint, error }: { hint?: boolean; error?: string | null }): string | undefined {
  if (error) return `${id}-error`;
  return hint ? `${id}-hint` : undefined;
}

export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="flex flex-col-reverse gap-2 pt-2 sm:flex-row sm:justify-end">{children}</div>;
}

export const textareaClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-400 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-500';

export const checkboxClass = 'mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300 accent-indigo-600 dark:border-slate-600';

/** Retry a failed query only when trying again can help: never for a refusal or bad input (4xx). */
export function retryQuery(failureCount: number, error: unknown): boolean {
  const status = (error as { data?: { httpStatus?: number } | null } | null)?.data?.httpStatus;
  if (status && status >= 400 && status < 500) return false;
  return failureCount < 3;
}

/** After a refused submit, moves focus to the first field the server marked invalid. */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, error: unknown) {
  useEffect(() => {
    if (error) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, error]);
}
