'use client';

import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react';

/** `value`, once it has stopped changing for `delayMs` (search boxes). */
export function useDebounced<T>(value: T, delayMs = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** Phones (under 768px) get cards instead of the wide table. False on the server and in the first render. */
export function useIsNarrow(query = '(max-width: 767px)'): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/**
 * Gives focus back to what opened a dialog once `open` turns false. Call the returned function with
 * the opener, or, when the dialog's action removes the opener (a deleted row), with where focus
 * should go instead. ui/Dialog has no Radix Trigger, so Radix would leave focus on <body>.
 */
export function useReturnFocus(open: boolean): (target: HTMLElement | null) => void {
  const target = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (open) return;
    const element = target.current;
    target.current = null;
    if (!element) return;
    // After Radix has finished unmounting the dialog and moving focus itself.
    const frame = requestAnimationFrame(() => {
      if (element.isConnected) element.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [open]);
  return useCallback((element: HTMLElement | null) => {
    target.current = element;
  }, []);
}

/** After a refused submit, moves focus to the first field the server marked invalid. */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, error: unknown) {
  useEffect(() => {
    if (error) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, error]);
}
