'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState, type ReactNode } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { PermissionBadge } from '@/components/ui/PermissionBadge';
import { formatNumber } from '@/lib/format';
import type { Permission, Role } from '@/components/users/types';
import { useReturnFocus } from '@/components/ui/hooks';
import { DeleteRoleDialog } from './DeleteRoleDialog';
import { RoleFormDialog } from './RoleFormDialog';
import { Alert } from '@/components/ui/Alert';
import { formErrorText } from '@/components/ui/errors';

/** Built-in and custom roles with their permissions; editing needs roles:manage. */
export function RolesPanel({ canManage, held }: { canManage: boolean; held: Permission[] }) {
  const trpc = useTRPC();
  const id = useId();
  const roles = useQuery(trpc.roles.list.queryOptions());
  const [form, setForm] = useState<{ role: Role | null } | null>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useReturnFocus(form !== null || deleting !== null);
  const builtIn = roles.data?.filter((r) => r.isSystem) ?? [];
  const custom = roles.data?.filter((r) => !r.isSystem) ?? [];

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Roles
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            A user’s permissions are everything their roles give. Built-in roles cannot be changed.
          </p>
        </div>
        {canManage ? (
          <Button
            ref={newButton}
            onClick={(e) => {
              returnFocus(e.currentTarget);
              setForm({ role: null });
            }}
          >
            New role
          </Button>
        ) : null}
      </div>

      {roles.isPending ? (
        <p role="status" className="text-sm text-slate-500 dark:text-slate-400">
          Loading roles…
        </p>
      ) : null}
      {roles.isError ? (
        <Alert onRetry={() => void roles.refetch()}>Could not load the roles: {formErrorText(roles.error, [])}</Alert>
      ) : null}

      {roles.data ? (
        <>
          <RoleGroup title="Built-in roles" roles={builtIn} />
          <RoleGroup
            title="Custom roles"
            roles={custom}
            empty={canManage ? 'No custom roles yet. Create one with the permissions a group of people needs.' : 'No custom roles yet.'}
            actions={
              canManage
                ? (role) => (
                    <>
                      <Button
                        variant="secondary"
                        className="min-h-9 px-3"
                        aria-label={`Edit role ${role.name}`}
                        onClick={(e) => {
                          returnFocus(e.currentTarget);
                          setForm({ role });
                        }}
                      >
                        Edit
                      </Button>
                      <Button
                        variant="ghost"
                        className="min-h-9 px-3"
                        aria-label={`Delete role ${role.name}`}
                        onClick={(e) => {
                          returnFocus(e.currentTarget);
                          setDeleting(role);
                        }}
                      >
                        <span className="text-red-700 dark:text-red-400">Delete</span>
                      </Button>
                    </>
                  )
                : undefined
            }
          />
        </>
      ) : null}

      <RoleFormDialog open={form !== null} role={form?.role ?? null} held={held} onClose={() => setForm(null)} />
      <DeleteRoleDialog
        role={deleting}
        onClose={(deleted) => {
          if (deleted) returnFocus(newButton.current);
          setDeleting(null);
        }}
      />
    </section>
  );
}

function RoleGroup({
  title,
  roles,
  empty,
  actions,
}: {
  title: string;
  roles: Role[];
  empty?: string;
  actions?: (role: Role) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="space-y-3">
      <h3 id={id} className="text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
        {title}
      </h3>
      {roles.length === 0 ? (
        <Card className="p-4 text-sm text-slate-600 dark:text-slate-400">{empty}</Card>
      ) : (
        <ul aria-labelledby={id} className="space-y-3">
          {roles.map((role) => (
            <li key={role.id}>
              <Card className="p-4">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0">
                    <h4 className="flex flex-wrap items-center gap-2 font-semibold">
                      <span className="break-all">{role.name}</span>
                      {role.isSystem ? <Badge tone="info">Built-in</Badge> : null}
                    </h4>
                    {role.description ? <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{role.description}</p> : null}
                  </div>
                  <div className="flex items-center gap-2">
                    <span className="text-sm whitespace-nowrap text-slate-600 dark:text-slate-400">
                      {formatNumber(role.userCount)} {role.userCount === 1 ? 'user' : 'users'}
                    </span>
                    {actions?.(role)}
                  </div>
                </div>
                <ul aria-label={`Permissions of ${role.name}`} className="mt-3 flex flex-wrap gap-1.5">
                  {role.permissions.map((p) => (
                    <li key={p}>
                      <PermissionBadge permission={p} />
                    </li>
                  ))}
                </ul>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
