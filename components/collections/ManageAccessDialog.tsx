'use client';

import { When } from '@/components/ui/When';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { errorMessage } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { formatNumber } from '@/lib/format';
import { Input } from '@/components/ui/Input';
import { Select } from '@/components/ui/Select';
import { useDebounced } from '@/components/ui/hooks';
import { LEVEL_HINTS, LEVEL_LABELS, LEVELS } from './labels';
import type { AccessLevel, CollectionRow, Grant, PickableUser } from './types';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';

function who(person: { fullName: string; email: string }) {
  return person.fullName || person.email;
}

/**
 * Who may see a restricted collection and what they may do: the current grants, their level (each
 * explained), and a picker to add people. Open to its creator, admins of it and user managers.
 */
export function ManageAccessDialog({ collection, onClose }: { collection: CollectionRow | null; onClose: () => void }) {
  return (
    <Dialog
      open={collection !== null}
      onOpenChange={(open) => !open && onClose()}
      title={collection ? `Manage access to ${collection.name}` : 'Manage access'}
      description="This collection is restricted: besides the people below, only admins (who manage users) and its creator can see it and its documents."
      wide
    >
      {collection ? <ManageAccess key={collection.id} collection={collection} onDone={onClose} /> : null}
    </Dialog>
  );
}

function ManageAccess({ collection, onDone }: { collection: CollectionRow; onDone: () => void }) {
  const trpc = useTRPC();
  const id = useId();
  const resource = { resourceType: 'collection' as const, resourceId: collection.id };
  const grants = useQuery(trpc.access.list.queryOptions(resource));
  const heading = useRef<HTMLHeadingElement>(null);

  return (
    <div className="space-y-6">
      <section aria-labelledby={`${id}-grants`} className="space-y-3">
        <h3 id={`${id}-grants`} ref={heading} tabIndex={-1} className="text-sm font-semibold">
          People with access
        </h3>
        {grants.isError ? (
          <Alert onRetry={() => void grants.refetch()}>Could not load who has access: {errorMessage(grants.error)}</Alert>
        ) : grants.isPending ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">Loading who has access…</p>
        ) : grants.data.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
            Nobody has been granted access yet. Add people below.
          </p>
        ) : (
          <ul
            aria-labelledby={`${id}-grants`}
            className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
          >
            {grants.data.map((grant) => (
              <GrantRow key={grant.userId} grant={grant} resource={resource} onRemoved={() => heading.current?.focus()} />
            ))}
          </ul>
        )}
        <dl
          aria-label="What each level allows"
          className="grid grid-cols-[4rem_1fr] gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-400"
        >
          {LEVELS.map((l) => (
            <div key={l} className="contents">
              <dt className="font-semibold text-slate-700 dark:text-slate-300">{LEVEL_LABELS[l]}</dt>
              <dd>{LEVEL_HINTS[l]}</dd>
            </div>
          ))}
        </dl>
      </section>

      <AddPeople resource={resource} granted={grants.data} />

      <DialogActions>
        <Button variant="secondary" onClick={onDone}>
          Done
        </Button>
      </DialogActions>
    </div>
  );
}

type Resource = { resourceType: 'collection'; resourceId: string };

function GrantRow({ grant, resource, onRemoved }: { grant: Grant; resource: Resource; onRemoved: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.access.list.queryKey(resource) });
  const change = useMutation(
    trpc.access.grant.mutationOptions({
      onSuccess: (saved) => {
        void invalidate();
        toast.success(`${who(grant)} now has ${LEVEL_LABELS[saved.level].toLowerCase()} access.`);
      },
    }),
  );
  const revoke = useMutation(
    trpc.access.revoke.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        toast.success(`Removed the access of ${who(grant)}.`);
        onRemoved();
      },
    }),
  );
  const error = change.error ?? revoke.error;
  const busy = change.isPending || revoke.isPending;
  // While saving, show the level being saved rather than jumping back.
  const level = change.isPending && change.variables ? change.variables.level : grant.level;

  return (
    <li className="p-3" aria-busy={busy}>
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1 basis-48">
          <div className="font-medium break-words">{who(grant)}</div>
          {grant.fullName ? <div className="text-xs break-all text-slate-500 dark:text-slate-400">{grant.email}</div> : null}
          <div className="text-xs text-slate-500 dark:text-slate-400">
            Granted <When at={grant.grantedAt} />
          </div>
        </div>
        <div className="grid grid-cols-[7rem_auto] items-center gap-2">
          <label htmlFor={`${id}-level`} className="sr-only">
            Access level for {grant.email}
          </label>
          <Select
            id={`${id}-level`}
            value={level}
            title={LEVEL_HINTS[level]}
            disabled={busy}
            onChange={(e) => change.mutate({ ...resource, userId: grant.userId, level: e.target.value as AccessLevel })}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {LEVEL_LABELS[l]}
              </option>
            ))}
          </Select>
          <Button
            variant="secondary"
            aria-label={`Remove access for ${grant.email}`}
            disabled={busy}
            onClick={() => revoke.mutate({ ...resource, userId: grant.userId })}
          >
            {revoke.isPending ? 'Removing…' : 'Remove'}
          </Button>
        </div>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-2 text-xs text-red-600 dark:text-red-400">
          {change.error ? 'The level was not changed: ' : 'The access was not removed: '}
          {errorMessage(error)}
        </p>
      ) : null}
    </li>
  );
}

function AddPeople({ resource, granted }: { resource: Resource; granted: Grant[] | undefined }) {
  const trpc = useTRPC();
  const searchRef = useRef<HTMLInputElement>(null);
  const qc = useQueryClient();
  const id = useId();
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), 300);
  const [level, setLevel] = useState<AccessLevel>('read');
  // Through access.people, not users.list: a collection's creator may share it without managing users.
  const people = useQuery({
    ...trpc.access.people.queryOptions({ ...resource, search: debounced || undefined }),
    placeholderData: keepPreviousData,
  });
  const grant = useMutation(
    trpc.access.grant.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.access.list.queryKey(resource) }),
    }),
  );
  const grantTo = (user: PickableUser) =>
    grant.mutate(
      { ...resource, userId: user.id, level },
      {
        onSuccess: (saved) => {
          toast.success(`${who(user)} now has ${LEVEL_LABELS[saved.level].toLowerCase()} access.`);
          // The Grant button is gone: carry on from the search box.
          searchRef.current?.focus();
        },
      },
    );
  const levelOf = new Map((granted ?? []).map((g) => [g.userId, g.level]));
  const items = people.data?.items ?? [];
  const total = people.data?.total ?? 0;

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
      <h3 id={`${id}-title`} className="text-sm font-semibold">
        Add people
      </h3>
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_10rem]">
        <Field id={`${id}-search`} label="Find people">
          <Input
            ref={searchRef}
            id={`${id}-search`}
            type="search"
            placeholder="Name or email"
            autoComplete="off"
            spellCheck={false}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-controls={`${id}-results`}
          />
        </Field>
        <Field id={`${id}-level`} label="Access level">
          <Select
            id={`${id}-level`}
            value={level}
            onChange={(e) => setLevel(e.target.value as AccessLevel)}
            aria-describedby={`${id}-level-hint`}
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {LEVEL_LABELS[l]}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      <p id={`${id}-level-hint`} className="text-xs text-slate-600 dark:text-slate-400">
        <span className="font-semibold">{LEVEL_LABELS[level]}:</span> {LEVEL_HINTS[level]}
      </p>

      {people.isError ? (
        <Alert onRetry={() => void people.refetch()}>Could not search for people: {errorMessage(people.error)}</Alert>
      ) : null}

      <p className="text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
        {people.isPending
          ? 'Loading people…'
          : people.isError
            ? ''
            : total === 0
              ? debounced
                ? `Nobody matches “${debounced}”.`
                : 'There is nobody in this workspace yet.'
              : total > items.length
                ? `Showing ${formatNumber(items.length)} of ${formatNumber(total)} people. Type to narrow the list.`
                : `${formatNumber(total)} ${total === 1 ? 'person' : 'people'}.`}
      </p>

      {items.length > 0 ? (
        <ul
          id={`${id}-results`}
          aria-label="People found"
          className={`divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800 ${
            people.isPlaceholderData ? 'opacity-60 transition-opacity' : ''
          }`}
        >
          {items.map((user) => (
            <PersonRow
              key={user.id}
              user={user}
              current={levelOf.get(user.id)}
              pending={grant.isPending && grant.variables?.userId === user.id}
              disabled={grant.isPending || granted === undefined}
              error={grant.error && grant.variables?.userId === user.id ? errorMessage(grant.error) : null}
              level={level}
              onGrant={() => grantTo(user)}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function PersonRow({
  user,
  current,
  pending,
  disabled,
  error,
  level,
  onGrant,
}: {
  user: PickableUser;
  current: AccessLevel | undefined;
  pending: boolean;
  disabled: boolean;
  error: string | null;
  level: AccessLevel;
  onGrant: () => void;
}) {
  const id = useId();
  return (
    <li className="p-3">
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1 basis-48">
          <div className="font-medium break-words">
            {who(user)}
            {user.status !== 'active' ? (
              <Badge className="ml-2" tone={user.status === 'invited' ? 'info' : 'neutral'}>
                {user.status === 'invited' ? 'Invited' : 'Deactivated'}
              </Badge>
            ) : null}
          </div>
          {user.fullName ? <div className="text-xs break-all text-slate-500 dark:text-slate-400">{user.email}</div> : null}
        </div>
        {current ? (
          <span className="text-sm text-slate-600 dark:text-slate-400">Has {LEVEL_LABELS[current].toLowerCase()} access</span>
        ) : (
          <Button
            variant="secondary"
            aria-label={`Grant ${LEVEL_LABELS[level].toLowerCase()} access to ${user.email}`}
            aria-describedby={error ? `${id}-error` : undefined}
            disabled={disabled}
            onClick={onGrant}
          >
            {pending ? 'Granting…' : 'Grant'}
          </Button>
        )}
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-2 text-xs text-red-600 dark:text-red-400">
          Access was not granted: {error}
        </p>
      ) : null}
    </li>
  );
}
