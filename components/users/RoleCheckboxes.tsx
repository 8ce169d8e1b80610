'use client';

import { useId } from 'react';
import { Badge } from '@/components/ui/Badge';
import type { Role } from './types';
import { Checkbox } from '@/components/ui/Checkbox';

/** The roles to assign, as checkboxes; which of them the member may grant is the server's call. */
export function RoleCheckboxes({
  roles,
  loading,
  value,
  onChange,
  error,
}: {
  roles: Role[] | undefined;
  loading: boolean;
  value: string[];
  onChange: (next: string[]) => void;
  error?: string | null;
}) {
  const base = useId();
  const errorId = `${base}-error`;
  return (
    <fieldset className="space-y-2" aria-describedby={error ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-700 dark:text-slate-200">Roles</legend>
      {loading ? <p className="text-sm text-slate-500 dark:text-slate-400">Loading roles…</p> : null}
      {roles && roles.length === 0 ? <p className="text-sm text-slate-500 dark:text-slate-400">No roles yet.</p> : null}
      <ul className="space-y-2">
        {roles?.map((role) => {
          const id = `${base}-${role.id}`;
          return (
            <li key={role.id} className="flex items-start gap-3">
              <Checkbox
                id={id}
                checked={value.includes(role.id)}
                onChange={(e) => onChange(e.target.checked ? [...value, role.id] : value.filter((v) => v !== role.id))}
                aria-describedby={role.description ? `${id}-desc` : undefined}
              />
              <div className="min-w-0 text-sm">
                <label htmlFor={id} className="font-medium">
                  {role.name}
                </label>
                {role.isSystem ? (
                  <Badge className="ml-2" tone="info">
                    Built-in
                  </Badge>
                ) : null}
                {role.description ? (
                  <p id={`${id}-desc`} className="text-xs text-slate-500 dark:text-slate-400">
                    {role.description}
                  </p>
                ) : null}
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
