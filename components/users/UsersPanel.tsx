'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { USER_LIST, userListInput } from '@/lib/list-specs';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { CardFacts, DataList, type DataColumn } from '@/components/ui/DataList';
import { formErrorText } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { useReturnFocus } from '@/components/ui/hooks';
import { ListSearch } from '@/components/ui/ListSearch';
import { Select } from '@/components/ui/Select';
import { dataListSort, dataListState, useListParams } from '@/components/ui/use-list-params';
import { When } from '@/components/ui/When';
import { AccessLinkDialog } from './AccessLinkDialog';
import { EditUserDialog } from './EditUserDialog';
import { InviteUserDialog } from './InviteUserDialog';
import { UserActionsMenu, type UserAction } from './UserActionsMenu';
import { STATUS_LABELS, UserStatusBadge } from './UserStatusBadge';
import { UserStatusDialog } from './UserStatusDialog';
import type { UserRow, UserSort, UserStatus } from './types';

const SORT_LABELS: Record<UserSort, string> = { created: 'Created', name: 'Name', email: 'Email', lastLogin: 'Last sign-in' };

export function UsersPanel({ currentEmail, slug }: { currentEmail: string; slug: string }) {
  const trpc = useTRPC();
  const id = useId();
  const params = useListParams(USER_LIST);
  const [inviting, setInviting] = useState(false);
  const [action, setAction] = useState<{ kind: UserAction; user: UserRow } | null>(null);
  const returnFocusFromInvite = useReturnFocus(inviting);
  const returnFocusFromAction = useReturnFocus(action !== null);

  const roles = useQuery(trpc.roles.list.queryOptions());
  const list = useQuery({ ...trpc.users.list.queryOptions(userListInput(params.committed)), placeholderData: keepPreviousData });

  const sortButton = (label: string, by: UserSort) => (
    <SortButton label={label} active={params.sort === by} dir={params.dir} onSort={() => params.sortBy(by)} />
  );
  const filtered = Boolean(params.search || params.filters.role || params.filters.status);
  const close = () => setAction(null);
  const actingOnSelf = action !== null && currentEmail !== '' && action.user.email === currentEmail;
  const actions = (user: UserRow) => (
    <UserActionsMenu
      user={user}
      isSelf={user.email === currentEmail}
      onAction={(kind, opener) => {
        returnFocusFromAction(opener);
        setAction({ kind, user });
      }}
    />
  );

  const columns: Array<DataColumn<UserRow, UserSort>> = [
    {
      id: 'name',
      header: (
        <span className="inline-flex items-center gap-1">
          {sortButton('Name', 'name')}
          <span aria-hidden>/</span>
          {sortButton('Email', 'email')}
        </span>
      ),
      sortKeys: ['name', 'email'],
      className: 'min-w-56',
      cell: (user) => <UserName user={user} isSelf={user.email === currentEmail} />,
    },
    { id: 'roles', header: 'Roles', className: 'min-w-32', cell: (user) => <UserRoles user={user} /> },
    { id: 'status', header: 'Status', cell: (user) => <UserStatusBadge status={user.status} /> },
    {
      id: 'lastLogin',
      header: 'Last sign-in',
      sort: 'lastLogin',
      className: 'whitespace-nowrap',
      cell: (user) => <When at={user.lastLoginAt} empty="Never" />,
    },
    {
      id: 'created',
      header: 'Created',
      sort: 'created',
      className: 'whitespace-nowrap',
      cell: (user) => <When at={user.createdAt} format="date" />,
    },
    { id: 'actions', header: <span className="sr-only">Actions</span>, className: 'text-right', cell: actions },
  ];

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id={`${id}-title`} className="sr-only">
          Users
        </h2>
        <div className="grid w-full gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)] lg:w-auto lg:flex-1">
          <ListSearch id={`${id}-search`} label="Search users" placeholder="Name or email" params={params} />
          <Field id={`${id}-role`} label="Role">
            <Select
              id={`${id}-role`}
              value={params.filters.role}
              onChange={(e) => params.setFilter('role', e.target.value)}
              disabled={!roles.data}
            >
              <option value="">All roles</option>
              {roles.data?.map((role) => (
                <option key={role.id} value={role.id}>
                  {role.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id={`${id}-status`} label="Status">
            <Select id={`${id}-status`} value={params.filters.status} onChange={(e) => params.setFilter('status', e.target.value)}>
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

      {list.isError ? <Alert onRetry={() => void list.refetch()}>Could not load the users: {formErrorText(list.error, [])}</Alert> : null}

      <DataList
        caption="Users of this workspace"
        {...dataListState(list, params, 'users')}
        rowKey={(user) => user.id}
        columns={columns}
        sort={dataListSort(params, SORT_LABELS)}
        loadingText="Loading users…"
        empty={filtered ? 'No users match these filters.' : 'No users yet. Invite the first one.'}
        card={(user) => (
          <>
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0">
                <UserName user={user} isSelf={user.email === currentEmail} />
              </div>
              {actions(user)}
            </div>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <UserStatusBadge status={user.status} />
              <UserRoles user={user} />
            </div>
            <CardFacts
              facts={[
                ['Last sign-in', <When key="last" at={user.lastLoginAt} empty="Never" />],
                ['Created', <When key="created" at={user.createdAt} format="date" />],
              ]}
            />
          </>
        )}
      />

      <InviteUserDialog open={inviting} onOpenChange={setInviting} />
      <EditUserDialog user={action?.kind === 'edit' ? action.user : null} isSelf={actingOnSelf} slug={slug} onClose={close} />
      <UserStatusDialog user={action?.kind === 'status' ? action.user : null} isSelf={actingOnSelf} slug={slug} onClose={close} />
      <AccessLinkDialog user={action?.kind === 'link' ? action.user : null} onClose={close} />
    </section>
  );
}

function UserName({ user, isSelf }: { user: UserRow; isSelf: boolean }) {
  return (
    <>
      <div className="font-medium">
        {user.fullName || <span className="text-slate-500 italic dark:text-slate-400">No name</span>}
        {isSelf ? (
          <Badge className="ml-2" tone="info">
            You
          </Badge>
        ) : null}
      </div>
      <div className="text-xs break-all text-slate-500 dark:text-slate-400">{user.email}</div>
    </>
  );
}

function UserRoles({ user }: { user: UserRow }) {
  if (user.roles.length === 0) return <span className="text-slate-500 dark:text-slate-400">No roles</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label={`Roles of ${user.email}`}>
      {user.roles.map((role) => (
        <li key={role.id}>
          <Badge>{role.name}</Badge>
        </li>
      ))}
    </ul>
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
