import type { ReactNode } from 'react';
import { Button } from './Button';
import { cn } from './cn';

/**
 * An error sentence, announced when it appears (role="alert"). With `onRetry`, a "Try again"
 * button sits beside it, for a load that failed.
 */
export function Alert({
  children,
  onRetry,
  retryLabel = 'Try again',
  className,
}: {
  children: ReactNode;
  onRetry?: () => void;
  retryLabel?: string;
  className?: string;
}) {
  if (!children) return null;
  const box = 'rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200';
  if (!onRetry) {
    return (
      <p role="alert" className={cn(box, className)}>
        {children}
      </p>
    );
  }
  return (
    <div role="alert" className={cn(box, 'flex flex-wrap items-center gap-3', className)}>
      <p>{children}</p>
      <Button variant="secondary" className="min-h-8! px-3! py-1! text-xs!" onClick={onRetry}>
        {retryLabel}
      </Button>
    </div>
  );
}
