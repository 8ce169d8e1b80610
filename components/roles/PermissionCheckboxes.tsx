'use client';

import { useId } from 'react';
import type { CatalogEntry, Permission } from '@/components/users/types';
import { Checkbox } from '@/components/ui/Checkbox';

/**
 * The permission catalogue as checkboxes (role permissions, API key scopes). Permissions the member
 * does not hold are still offered, marked; the server refuses to grant them with its own sentence.
 */
export function PermissionCheckboxes({
  legend,
  catalog,
  loading,
  held,
  value,
  onChange,
  error,
}: {
  legend: string;
  catalog: CatalogEntry[] | undefined;
  loading: boolean;
  held: readonly Permission[];
  value: Permission[];
  onChange: (next: Permission[]) => void;
  error?: string | null;
}) {
  const base = useId();
  const errorId = `${base}-error`;
  const all = catalog?.map((c) => c.permission) ?? [];
  const allChecked = all.length > 0 && all.every((p) => value.includes(p));
  return (
    <fieldset className="space-y-2" aria-describedby={error ? errorId : undefined}>
      <legend className="float-left text-sm font-medium text-slate-700 dark:text-slate-200">{legend}</legend>
      {all.length > 0 ? (
        <button
          type="button"
          className="float-right mt-0 rounded px-1 text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-300"
          onClick={() => onChange(allChecked ? [] : all)}
        >
          {allChecked ? `Clear all ${legend.toLowerCase()}` : `Select all ${legend.toLowerCase()}`}
        </button>
      ) : null}
      {loading ? <p className="clear-both text-sm text-slate-500 dark:text-slate-400">Loading permissions…</p> : null}
      <ul className="clear-both grid gap-2 pt-1 sm:grid-cols-2">
        {catalog?.map(({ permission, label, description }) => {
          const id = `${base}-${permission}`;
          const notHeld = !held.includes(permission);
          return (
            <li key={permission} className="flex items-start gap-3 rounded-md border border-slate-200 p-2 dark:border-slate-800">
              <Checkbox
                id={id}
                checked={value.includes(permission)}
                onChange={(e) => onChange(e.target.checked ? [...value, permission] : value.filter((v) => v !== permission))}
                aria-describedby={`${id}-desc`}
              />
              <div className="min-w-0 text-sm">
                <label htmlFor={id} className="font-medium">
                  {label}
                </label>
                <span className="ml-1.5 font-mono text-xs break-all text-slate-500 dark:text-slate-400">{permission}</span>
                <p id={`${id}-desc`} className="text-xs text-slate-500 dark:text-slate-400">
                  {description}
                  {notHeld ? <span className="text-amber-700 dark:text-amber-300"> You do not hold this permission.</span> : null}
                </p>
              </div>
            </li>
          );
        })}
      </ul>
      {error ? (
        <p id={errorId} className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
