'use client';

import { useEffect, useRef } from 'react';

/**
 * Puts focus back on what opened a dialog once it closes; call the returned function with the
 * opener (or, when the action removes the opener, with where focus should go instead). ui/Dialog
 * has no Radix Trigger, and Radix then leaves focus on <body>.
 */
export function useReturnFocus(open: boolean): (target: HTMLElement | null) => void {
  const target = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (open) return;
    const el = target.current;
    target.current = null;
    if (el?.isConnected) el.focus();
  }, [open]);
  return (el) => {
    target.current = el;
  };
}
