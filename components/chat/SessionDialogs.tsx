'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { errorMessage, fieldError, formErrorText } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { formatNumber } from '@/lib/format';
import { Input } from '@/components/ui/Input';
import type { ChatSessionRow, CreatedSession } from './types';
import { Checkbox } from '@/components/ui/Checkbox';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';

type SessionRef = Pick<ChatSessionRow, 'id' | 'title'>;

/** A new chat over chosen collections; none chosen searches every collection the user can read. */
export function NewChatDialog({
  open,
  canListCollections,
  onClose,
  onCreated,
}: {
  open: boolean;
  canListCollections: boolean;
  onClose: () => void;
  onCreated: (session: CreatedSession) => void;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !next && onClose()}
      title="New chat"
      description="Choose the collections this chat answers from. Choose none to search every collection you can read."
    >
      {open ? <NewChatForm canListCollections={canListCollections} onCancel={onClose} onCreated={onCreated} /> : null}
    </Dialog>
  );
}

function NewChatForm({
  canListCollections,
  onCancel,
  onCreated,
}: {
  canListCollections: boolean;
  onCancel: () => void;
  onCreated: (session: CreatedSession) => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const [chosen, setChosen] = useState<string[]>([]);
  const collections = useQuery({ ...trpc.collections.list.queryOptions(), enabled: canListCollections });
  const create = useMutation(
    trpc.chat.create.mutationOptions({
      onSuccess: (session) => {
        void qc.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
        onCreated(session);
      },
    }),
  );

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({ collectionIds: chosen });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700 dark:text-slate-200">Collections</legend>
        {!canListCollections ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            You can’t list collections, so this chat will search every document you can read.
          </p>
        ) : collections.isPending ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">Loading collections…</p>
        ) : collections.isError ? (
          <Alert>Could not load the collections: {errorMessage(collections.error)} You can still start a chat over all of them.</Alert>
        ) : collections.data.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            There are no collections yet. Upload documents first, or start a chat anyway.
          </p>
        ) : (
          <ul className="max-h-72 space-y-1 overflow-y-auto pr-1">
            {collections.data.map((c) => {
              const inputId = `${id}-${c.id}`;
              return (
                <li key={c.id}>
                  <label
                    htmlFor={inputId}
                    className="flex cursor-pointer items-start gap-3 rounded-md p-2 text-sm hover:bg-slate-50 has-[:checked]:bg-indigo-50 dark:hover:bg-slate-800 dark:has-[:checked]:bg-indigo-950"
                  >
                    <Checkbox
                      id={inputId}
                      checked={chosen.includes(c.id)}
                      onChange={(e) => setChosen((v) => (e.target.checked ? [...v, c.id] : v.filter((x) => x !== c.id)))}
                    />
                    <span className="min-w-0">
                      <span className="block font-medium break-words">{c.name}</span>
                      <span className="block text-xs text-slate-500 dark:text-slate-400">
                        {formatNumber(c.documentCount)} {c.documentCount === 1 ? 'document' : 'documents'}
                        {c.visibility === 'restricted' ? ' · restricted' : ''}
                      </span>
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
        <p className="text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
          {chosen.length === 0
            ? 'No collection chosen: the chat searches all of them.'
            : `${formatNumber(chosen.length)} ${chosen.length === 1 ? 'collection' : 'collections'} chosen.`}
        </p>
      </fieldset>
      <Alert>{formErrorText(create.error, [])}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Starting…' : 'Start chat'}
        </Button>
      </DialogActions>
    </form>
  );
}

export function RenameChatDialog({ session, onClose }: { session: SessionRef | null; onClose: () => void }) {
  return (
    <Dialog open={session !== null} onOpenChange={(open) => !open && onClose()} title="Rename chat">
      {session ? <RenameForm key={session.id} session={session} onDone={onClose} /> : null}
    </Dialog>
  );
}

function RenameForm({ session, onDone }: { session: SessionRef; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const [title, setTitle] = useState(session.title);
  const [empty, setEmpty] = useState(false);
  const rename = useMutation(
    trpc.chat.update.mutationOptions({
      onSuccess: (saved) => {
        qc.setQueryData(trpc.chat.get.queryKey({ id: saved.id }), (old) => (old ? { ...old, title: saved.title } : old));
        void qc.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
        toast.success(`Renamed the chat to “${saved.title}”.`);
        onDone();
      },
    }),
  );
  const titleError = empty ? 'Enter a title.' : fieldError(rename.error, 'title');
  const inputId = `${id}-title`;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setEmpty(!title.trim());
    if (title.trim()) rename.mutate({ id: session.id, title });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field id={inputId} label="Title" error={titleError}>
        <Input
          id={inputId}
          value={title}
          maxLength={200}
          autoComplete="off"
          onChange={(e) => {
            setTitle(e.target.value);
            if (e.target.value.trim()) setEmpty(false);
          }}
          aria-invalid={Boolean(titleError)}
          aria-describedby={describedBy(inputId, { error: titleError })}
          required
        />
      </Field>
      <Alert>{formErrorText(rename.error, ['title'])}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={rename.isPending}>
          {rename.isPending ? 'Saving…' : 'Save'}
        </Button>
      </DialogActions>
    </form>
  );
}

export function DeleteChatDialog({
  session,
  onClose,
  onDeleted,
}: {
  session: SessionRef | null;
  onClose: () => void;
  onDeleted: (id: string) => void;
}) {
  return (
    <Dialog open={session !== null} onOpenChange={(open) => !open && onClose()} title="Delete chat?">
      {session ? <DeleteConfirm key={session.id} session={session} onCancel={onClose} onDeleted={onDeleted} /> : null}
    </Dialog>
  );
}

function DeleteConfirm({ session, onCancel, onDeleted }: { session: SessionRef; onCancel: () => void; onDeleted: (id: string) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const remove = useMutation(
    trpc.chat.delete.mutationOptions({
      onSuccess: ({ id }) => {
        qc.removeQueries({ queryKey: trpc.chat.get.queryKey({ id }) });
        void qc.invalidateQueries({ queryKey: trpc.chat.list.queryKey() });
        toast.success(`Deleted the chat “${session.title}”.`);
        onDeleted(id);
      },
    }),
  );
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        “<span className="font-medium break-words">{session.title}</span>” and all its messages will be deleted. This cannot be undone.
      </p>
      <Alert>{remove.error ? `The chat was not deleted: ${errorMessage(remove.error)}` : null}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate({ id: session.id })}>
          {remove.isPending ? 'Deleting…' : 'Delete chat'}
        </Button>
      </DialogActions>
    </div>
  );
}
