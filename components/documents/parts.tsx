'use client';

import { useCallback, useState } from 'react';
import { Badge } from '@/components/ui/Badge';
import { STATUS } from './labels';
import type { DocumentStatus } from './types';

export function StatusBadge({ status }: { status: DocumentStatus }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

/**
 * A polite live region and the function that speaks through it. Repeating the same sentence
 * still announces it: the text alternates a trailing invisible space.
 */
export function useAnnouncer() {
  const [message, setMessage] = useState('');
  const announce = useCallback((text: string) => {
    setMessage((previous) => (previous === text ? `${text}\u00a0` : text));
  }, []);
  return { message, announce };
}

export function LiveRegion({ message }: { message: string }) {
  return (
    <p aria-live="polite" aria-atomic="true" className="sr-only">
      {message}
    </p>
  );
}

export const linkClass = 'rounded-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300';
