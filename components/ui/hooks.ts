'use client';

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

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
 * Gives focus back to the control that opened a dialog once it closes (ui/Dialog has no Radix
 * Trigger, so Radix would leave it on <body>), or to another element remembered instead.
 */
export function useReturnFocus() {
  const opener = useRef<HTMLElement | null>(null);
  const remember = useCallback((element: HTMLElement | null) => {
    opener.current = element;
  }, []);
  const restore = useCallback(() => {
    const element = opener.current;
    // After Radix has finished unmounting the dialog and moving focus itself.
    requestAnimationFrame(() => {
      if (element?.isConnected) element.focus();
    });
  }, []);
  return { remember, restore };
}
