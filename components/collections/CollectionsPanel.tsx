'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/Badge';
import Link from 'next/link';
import { useRef, useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { errorMessage } from '@/components/ui/errors';
import { formatBytes, formatDate, formatDateTime, formatNumber } from '@/lib/format';
import { PageHeader } from '@/components/ui/PageHeader';
import { EmptyRow, Table, Td, Th, Tr } from '@/components/ui/Table';
import { useReturnFocus } from '@/components/ui/hooks';
import { CollectionFormDialog, type SavedCollection } from './CollectionFormDialog';
import { DeleteCollectionDialog } from './DeleteCollectionDialog';
import { collectionAbilities, VisibilityBadge } from './labels';
import { ManageAccessDialog } from './ManageAccessDialog';
import type { CollectionRow } from './types';
import { Alert } from '@/components/ui/Alert';

type Action = { kind: 'create' } | { kind: 'edit' | 'delete' | 'access'; collection: CollectionRow };
type Opener = (kind: 'edit' | 'delete' | 'access', collection: CollectionRow, from: HTMLElement) => void;

const COLUMNS = 5;

const rowButtonBase =
  'inline-flex min-h-9 items-center justify-center rounded-md border px-3 text-sm font-medium whitespace-nowrap transition-colors';
const rowButton = `${rowButtonBase} border-slate-300 bg-white text-slate-900 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;
const dangerRowButton = `${rowButtonBase} border-red-200 bg-white text-red-700 hover:bg-red-50 dark:border-red-900 dark:bg-slate-900 dark:text-red-400 dark:hover:bg-red-950`;

/**
 * The workspace's collections; editors create, change and delete them. On a restricted one the
 * user's own level counts too: write to change it, admin to delete it and decide who sees it.
 */
export function CollectionsPanel({ slug, canWrite, canManageUsers }: { slug: string; canWrite: boolean; canManageUsers: boolean }) {
  const trpc = useTRPC();
  // A collection's name opens the documents list filtered to it.
  const documentsHref = (c: CollectionRow) => `/t/${slug}/documents?collection=${c.id}`;
  const nameLink = 'text-indigo-700 hover:underline dark:text-indigo-300';
  const list = useQuery(trpc.collections.list.queryOptions());
  const [action, setAction] = useState<Action | null>(null);
  const returnFocus = useReturnFocus(action !== null);
  const newButton = useRef<HTMLButtonElement>(null);

  const open: Opener = (kind, collection, from) => {
    returnFocus(from);
    setAction({ kind, collection });
  };
  const close = () => setAction(null);
  const manageAccessOf = (saved: SavedCollection) => {
    returnFocus(newButton.current);
    // Its creator administers it.
    setAction({ kind: 'access', collection: { ...saved, isDefault: false, myLevel: 'admin', documentCount: 0, storageBytes: 0 } });
  };

  const items = list.data ?? [];
  const role = { canWrite, canManageUsers };
  const selected = action && action.kind !== 'create' ? action.collection : null;

  return (
    <div>
      <PageHeader
        title="Collections"
        description="Collections group documents. A restricted collection, and every document in it, is visible only to the people allowed to see it."
        actions={
          canWrite ? (
            <Button
              ref={newButton}
              onClick={(e) => {
                returnFocus(e.currentTarget);
                setAction({ kind: 'create' });
              }}
            >
              New collection
            </Button>
          ) : null
        }
      />

      {list.isError ? (
        <div className="mb-4 flex flex-wrap items-center gap-3">
          <Alert>Could not load the collections: {errorMessage(list.error)}</Alert>
          <Button variant="secondary" onClick={() => void list.refetch()}>
            Try again
          </Button>
        </div>
      ) : null}

      <div aria-busy={list.isFetching}>
        <Table caption="Collections of this workspace" className="hidden md:block">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Visibility</Th>
              <Th className="text-right">Contents</Th>
              <Th>Created</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {list.isPending ? (
              <EmptyRow colSpan={COLUMNS}>Loading collections…</EmptyRow>
            ) : items.length === 0 ? (
              <EmptyRow colSpan={COLUMNS}>
                <EmptyText canWrite={canWrite} failed={list.isError} />
              </EmptyRow>
            ) : (
              items.map((c) => (
                <Tr key={c.id}>
                  <Td className="min-w-48">
                    <Link href={documentsHref(c)} className={`font-medium break-words ${nameLink}`}>
                      {c.name}
                    </Link>
                    {c.isDefault ? (
                      <Badge tone="info" className="ml-2">
                        Default for uploads
                      </Badge>
                    ) : null}
                    {c.description ? (
                      <p className="mt-0.5 max-w-prose text-xs break-words text-slate-600 dark:text-slate-400">{c.description}</p>
                    ) : null}
                  </Td>
                  <Td>
                    <VisibilityBadge visibility={c.visibility} />
                    {c.visibility === 'restricted' && collectionAbilities(c, role).share ? (
                      <div className="mt-2">
                        <RowActions collection={c} role={role} only="access" onOpen={open} />
                      </div>
                    ) : null}
                  </Td>
                  <Td className="text-right whitespace-nowrap tabular-nums">
                    <div>{documentsOf(c.documentCount)}</div>
                    <div className="text-xs text-slate-500 dark:text-slate-400">{formatBytes(c.storageBytes)}</div>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <Created at={c.createdAt} />
                  </Td>
                  <Td>
                    <div className="flex justify-end">
                      <RowActions collection={c} role={role} only="change" onOpen={open} />
                    </div>
                  </Td>
                </Tr>
              ))
            )}
          </tbody>
        </Table>

        <div className="md:hidden">
          {list.isPending || items.length === 0 ? (
            <p className="rounded-lg border border-slate-200 bg-white p-4 text-center text-sm text-slate-500 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
              {list.isPending ? 'Loading collections…' : <EmptyText canWrite={canWrite} failed={list.isError} />}
            </p>
          ) : (
            <ul aria-label="Collections" className="space-y-3">
              {items.map((c) => (
                <li key={c.id} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <h2 className="min-w-0 font-medium break-words">
                      <Link href={documentsHref(c)} className={nameLink}>
                        {c.name}
                      </Link>
                    </h2>
                    {c.isDefault ? <Badge tone="info">Default for uploads</Badge> : null}
                    <VisibilityBadge visibility={c.visibility} />
                  </div>
                  {c.description ? <p className="mt-1 text-sm break-words text-slate-600 dark:text-slate-400">{c.description}</p> : null}
                  <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
                    <dt className="text-slate-500 dark:text-slate-400">Documents</dt>
                    <dd className="text-right tabular-nums">{formatNumber(c.documentCount)}</dd>
                    <dt className="text-slate-500 dark:text-slate-400">Storage</dt>
                    <dd className="text-right tabular-nums">{formatBytes(c.storageBytes)}</dd>
                    <dt className="text-slate-500 dark:text-slate-400">Created</dt>
                    <dd className="text-right">
                      <Created at={c.createdAt} />
                    </dd>
                  </dl>
                  <RowActions collection={c} role={role} onOpen={open} stacked />
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>

      <CollectionFormDialog
        open={action?.kind === 'create' || action?.kind === 'edit'}
        collection={action?.kind === 'edit' ? action.collection : null}
        onClose={close}
        onManageAccess={manageAccessOf}
      />
      <DeleteCollectionDialog
        collection={action?.kind === 'delete' ? selected : null}
        seesRestricted={canManageUsers}
        onClose={(deleted) => {
          // The row and its buttons are gone: continue from "New collection".
          if (deleted) returnFocus(newButton.current);
          close();
        }}
      />
      <ManageAccessDialog collection={action?.kind === 'access' ? selected : null} onClose={close} />
    </div>
  );
}

function documentsOf(n: number) {
  return `${formatNumber(n)} ${n === 1 ? 'document' : 'documents'}`;
}

function Created({ at }: { at: Date }) {
  return (
    <time dateTime={at.toISOString()} title={formatDateTime(at)}>
      {formatDate(at)}
    </time>
  );
}

function EmptyText({ canWrite, failed }: { canWrite: boolean; failed: boolean }) {
  if (failed) return <>The collections could not be loaded.</>;
  return (
    <>{canWrite ? 'No collections yet. Create the first one to start uploading documents.' : 'There are no collections you can see yet.'}</>
  );
}

function RowActions({
  collection,
  role,
  only,
  onOpen,
  stacked = false,
}: {
  collection: CollectionRow;
  role: { canWrite: boolean; canManageUsers: boolean };
  /** The table shows "Manage access" beside the visibility, the rest in the actions column. */
  only?: 'access' | 'change';
  onOpen: Opener;
  stacked?: boolean;
}) {
  const can = collectionAbilities(collection, role);
  const access = only !== 'change' && can.share && collection.visibility === 'restricted';
  const change = only !== 'access';
  if (!access && !(change && (can.edit || can.remove || can.reason))) return null;
  return (
    <div
      className={
        stacked ? 'mt-3 flex flex-wrap gap-2 border-t border-slate-100 pt-3 dark:border-slate-800' : 'flex flex-wrap justify-end gap-2'
      }
    >
      {access ? (
        <button
          type="button"
          className={rowButton}
          aria-label={`Manage access to ${collection.name}`}
          onClick={(e) => onOpen('access', collection, e.currentTarget)}
        >
          Manage access
        </button>
      ) : null}
      {change && can.edit ? (
        <button
          type="button"
          className={rowButton}
          aria-label={`Edit ${collection.name}`}
          onClick={(e) => onOpen('edit', collection, e.currentTarget)}
        >
          Edit
        </button>
      ) : null}
      {change && can.edit && collection.visibility === 'tenant' && !collection.isDefault ? (
        <MakeDefaultButton collection={collection} />
      ) : null}
      {change && can.remove && collection.isDefault ? (
        <p className="max-w-56 basis-full text-xs text-slate-500 dark:text-slate-400">
          The default for uploads cannot be deleted: make another collection the default first.
        </p>
      ) : null}
      {change && can.remove && !collection.isDefault ? (
        <button
          type="button"
          className={dangerRowButton}
          aria-label={`Delete ${collection.name}`}
          onClick={(e) => onOpen('delete', collection, e.currentTarget)}
        >
          Delete
        </button>
      ) : null}
      {change && can.reason ? <p className="max-w-56 basis-full text-xs text-slate-500 dark:text-slate-400">{can.reason}</p> : null}
    </div>
  );
}

/** Makes a shared collection the default for uploads (where the upload panel starts). */
function MakeDefaultButton({ collection }: { collection: CollectionRow }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const setDefault = useMutation(
    trpc.collections.setDefault.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries(trpc.collections.list.pathFilter());
        toast.success(`${collection.name} is now the default for uploads.`);
      },
      onError: (error) => toast.error(`Not changed: ${errorMessage(error)}`),
    }),
  );
  return (
    <button
      type="button"
      className={rowButton}
      aria-label={`Make ${collection.name} the default for uploads`}
      disabled={setDefault.isPending}
      onClick={() => setDefault.mutate({ id: collection.id })}
    >
      Make default
    </button>
  );
}
