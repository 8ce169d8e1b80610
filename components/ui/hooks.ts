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

export const UNSAVED_CHANGES_QUESTION = 'You have unsaved changes. Leave this page and lose them?';

/**
 * While `dirty`, leaving the page asks first: closing or reloading the tab (the browser's own
 * question; browsers show their own wording) and following a link inside the console (ours). The
 * App Router has no navigation event to cancel, so links are caught in the capture phase, before
 * Next.js's own handler. Several dirty forms on one page ask once.
 */
export function useUnsavedChangesWarning(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers need a returnValue to show the question.
      event.returnValue = '';
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a[href]');
      if (!(anchor instanceof HTMLAnchorElement) || (anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return;
      const to = new URL(anchor.href, window.location.href);
      if (to.origin !== window.location.origin) return;
      if (to.pathname === window.location.pathname && to.search === window.location.search) return;
      if (asked(event)) return;
      if (!window.confirm(UNSAVED_CHANGES_QUESTION)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [dirty]);
}

const askedFor = new WeakSet<Event>();
/** True when another dirty form already asked about this click. */
function asked(event: Event): boolean {
  if (askedFor.has(event)) return true;
  askedFor.add(event);
  return false;
}
