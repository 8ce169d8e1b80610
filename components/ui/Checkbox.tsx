import { forwardRef, type InputHTMLAttributes } from 'react';
import { cn } from './cn';

/** A native checkbox in the console's colours; the label stays the caller's (wrapping or htmlFor). */
export const Checkbox = forwardRef<HTMLInputElement, Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>>(function Checkbox(
  { className, ...props },
  ref,
) {
  return (
    <input
      ref={ref}
      type="checkbox"
      className={cn('mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300 accent-indigo-600 dark:border-slate-600', className)}
      {...props}
    />
  );
});
