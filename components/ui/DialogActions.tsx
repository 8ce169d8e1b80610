import type { ReactNode } from 'react';

/** A dialog's buttons: stacked with the main action on top on phones, in a row on the right otherwise. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="flex flex-col-reverse gap-2 pt-2 sm:flex-row sm:justify-end">{children}</div>;
}
