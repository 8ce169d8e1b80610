'use client';

import type { ReactNode } from 'react';

export type RadioCardOption<V extends string> = { value: V; label: string; hint?: ReactNode };

/**
 * Mutually exclusive choices as cards with a label and a hint, inside a fieldset whose legend
 * names the question; arrow keys move between them as with any radio group.
 */
export function RadioCards<V extends string>({
  id,
  legend,
  options,
  value,
  onChange,
  columns = 2,
}: {
  id: string;
  legend: string;
  options: ReadonlyArray<RadioCardOption<V>>;
  value: V | null;
  onChange: (value: V) => void;
  columns?: 1 | 2 | 3;
}) {
  const grid = columns === 1 ? '' : columns === 2 ? 'sm:grid-cols-2' : 'sm:grid-cols-3';
  return (
    <fieldset>
      <legend className="mb-1.5 text-sm font-medium">{legend}</legend>
      <div className={`grid gap-2 ${grid}`}>
        {options.map((o) => (
          <label
            key={o.value}
            className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-indigo-500 has-[:checked]:bg-indigo-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500 dark:border-slate-700 dark:has-[:checked]:border-indigo-400 dark:has-[:checked]:bg-indigo-950"
          >
            <input
              type="radio"
              name={id}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              aria-labelledby={`${id}-${o.value}-label`}
              aria-describedby={o.hint ? `${id}-${o.value}-hint` : undefined}
              className="mt-0.5 accent-indigo-600"
            />
            <span>
              <span id={`${id}-${o.value}-label`} className="block font-medium">
                {o.label}
              </span>
              {o.hint ? (
                <span id={`${id}-${o.value}-hint`} className="block text-xs text-slate-500 dark:text-slate-400">
                  {o.hint}
                </span>
              ) : null}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
