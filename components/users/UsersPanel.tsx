'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Field } from '@/components/ui/Field';
import { When } from '@/components/ui/When';
import { Input } from '@/components/ui/Input';
import { Pagination } from '@/components/ui/Pagination';
import { Select } from '@/components/ui/Select';
import { EmptyRow, SortableTh, Table, Td, Th, Tr } from '@/components/ui/Table';
import { AccessLinkDialog } from './AccessLinkDialog';
import { EditUserDialog } from './EditUserDialog';
import { InviteUserDialog } from './InviteUserDialog';
import { UserActionsMenu, type UserAction } from './UserActionsMenu';
import { STATUS_LABELS, UserStatusBadge } from './UserStatusBadge';
import { UserStatusDialog } from './UserStatusDialog';
import { useDebounced, useReturnFocus } from '@/components/ui/hooks';
import type { UserRow, UserSort, UserStatus } from './types';
import { Alert } from '@/components/ui/Alert';
import { formErrorText } from '@/components/ui/errors';

const PAGE_SIZE = 20;
const COLUMNS = 6;

/** Text columns start A→Z, dates newest first. */
const FIRST_DIR: Record<UserSort, 'asc' | 'desc'> = { name: 'asc', email: 'asc', lastLogin: 'desc', created: 'desc' };

export function UsersPanel({ currentEmail }: { currentEmail: string }) {
  const trpc = useTRPC();
  const id = useId();
  const [search, setSearch] = useState('');
  const debouncedSearch = useDebounced(search.trim(), 300);
  const [roleId, setRoleId] = useState('');
  const [status, setStatus] = useState<UserStatus | ''>('');
  const [sort, setSort] = useState<{ by: UserSort; dir: 'asc' | 'desc' }>({ by: 'created', dir: 'desc' });
  // The page belongs to one set of filters: changing any of them goes back to page 1.
  const filterKey = JSON.stringify([debouncedSearch, roleId, status, sort]);
  const [paging, setPaging] = useState({ key: filterKey, page: 1 });
  const page = paging.key === filterKey ? paging.page : 1;

  const [inviting, setInviting] = useState(false);
  const [action, setAction] = useState<{ kind: UserAction; user: UserRow } | null>(null);
  const returnFocusFromInvite = useReturnFocus(inviting);
  const returnFocusFromAction = useReturnFocus(action !== null);

  const roles = useQuery({ ...trpc.roles.list.queryOptions() });
  const list = useQuery({
    ...trpc.users.list.queryOptions({
      page,
      pageSize: PAGE_SIZE,
      sort: sort.by,
      dir: sort.dir,
      search: debouncedSearch || undefined,
      roleId: roleId || undefined,
      status: status || undefined,
    }),
    placeholderData: keepPreviousData,
  });

  const sortBy = (by: UserSort) =>
    setSort((s) => (s.by === by ? { by, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { by, dir: FIRST_DIR[by] }));
  const sortProps = (by: UserSort) => ({ active: sort.by === by, dir: sort.dir, onSort: () => sortBy(by) });
  const filtered = Boolean(debouncedSearch || roleId || status);
  const close = () => setAction(null);

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id={`${id}-title`} className="sr-only">
          Users
        </h2>
        <div className="grid w-full gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)] lg:w-auto lg:flex-1">
          <Field id={`${id}-search`} label="Search users">
            <Input
              id={`${id}-search`}
              type="search"
              placeholder="Name or email"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </Field>
          <Field id={`${id}-role`} label="Role">
            <Select id={`${id}-role`} value={roleId} onChange={(e) => setRoleId(e.target.value)} disabled={!roles.data}>
              <option value="">All roles</option>
              {roles.data?.map((role) => (
                <option key={role.id} value={role.id}>
                  {role.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id={`${id}-status`} label="Status">
            <Select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as UserStatus | '')}>
              <option value="">All statuses</option>
              {(Object.keys(STATUS_LABELS) as UserStatus[]).map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Button
          onClick={(e) => {
            returnFocusFromInvite(e.currentTarget);
            setInviting(true);
          }}
        >
          Invite user
        </Button>
      </div>

      {list.isError ? (
        <Alert onRetry={() => void list.refetch()}>Could not load the users: {formErrorText(list.error, [])}</Alert>
      ) : null}

      <div aria-busy={list.isFetching} className={list.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}>
        <Table caption="Users of this workspace">
          <thead>
            <tr>
              <Th aria-sort={sort.by === 'name' || sort.by === 'email' ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <span className="inline-flex items-center gap-1">
                  <SortButton label="Name" {...sortProps('name')} />
                  <span aria-hidden>/</span>
                  <SortButton label="Email" {...sortProps('email')} />
                </span>
              </Th>
              <Th>Roles</Th>
              <Th>Status</Th>
              <SortableTh label="Last sign-in" {...sortProps('lastLogin')} />
              <SortableTh label="Created" {...sortProps('created')} />
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {list.isPending ? (
              <EmptyRow colSpan={COLUMNS}>Loading users…</EmptyRow>
            ) : list.data?.items.length === 0 ? (
              <EmptyRow colSpan={COLUMNS}>{filtered ? 'No users match these filters.' : 'No users yet. Invite the first one.'}</EmptyRow>
            ) : (
              list.data?.items.map((user) => {
                const isSelf = user.email === currentEmail;
                return (
                  <Tr key={user.id}>
                    <Td className="min-w-56">
                      <div className="font-medium">
                        {user.fullName || <span className="text-slate-500 italic dark:text-slate-400">No name</span>}
                        {isSelf ? (
                          <Badge className="ml-2" tone="info">
                            You
                          </Badge>
                        ) : null}
                      </div>
                      <div className="text-xs break-all text-slate-500 dark:text-slate-400">{user.email}</div>
                    </Td>
                    <Td className="min-w-32">
                      {user.roles.length === 0 ? (
                        <span className="text-slate-500 dark:text-slate-400">No roles</span>
                      ) : (
                        <ul className="flex flex-wrap gap-1" aria-label={`Roles of ${user.email}`}>
                          {user.roles.map((role) => (
                            <li key={role.id}>
                              <Badge>{role.name}</Badge>
                            </li>
                          ))}
                        </ul>
                      )}
                    </Td>
                    <Td>
                      <UserStatusBadge status={user.status} />
                    </Td>
                    <Td className="whitespace-nowrap">
                      <When at={user.lastLoginAt} empty="Never" />
                    </Td>
                    <Td className="whitespace-nowrap">
                      <When at={user.createdAt} format="date" />
                    </Td>
                    <Td className="text-right">
                      <UserActionsMenu user={user} isSelf={isSelf} onAction={(kind, opener) => {
                          returnFocusFromAction(opener);
                          setAction({ kind, user });
                        }} />
                    </Td>
                  </Tr>
                );
              })
            )}
          </tbody>
        </Table>
      </div>
      {list.data ? (
        <Pagination
          page={page}
          pageSize={PAGE_SIZE}
          total={list.data.total}
          onPage={(next) => setPaging({ key: filterKey, page: next })}
          label="users"
        />
      ) : null}

      <InviteUserDialog open={inviting} onOpenChange={setInviting} />
      <EditUserDialog user={action?.kind === 'edit' ? action.user : null} onClose={close} />
      <UserStatusDialog user={action?.kind === 'status' ? action.user : null} onClose={close} />
      <AccessLinkDialog user={action?.kind === 'link' ? action.user : null} onClose={close} />
    </section>
  );
}

/** SortableTh's button, for a header that sorts by two columns (name and email share one cell). */
function SortButton({ label, active, dir, onSort }: { label: string; active: boolean; dir: 'asc' | 'desc'; onSort: () => void }) {
  return (
    <button
      type="button"
      onClick={onSort}
      aria-pressed={active}
      className="inline-flex items-center gap-1 uppercase hover:text-slate-900 dark:hover:text-white"
    >
      {label}
      <span aria-hidden>{active ? (dir === 'asc' ? '▲' : '▼') : '↕'}</span>
    </button>
  );
}
