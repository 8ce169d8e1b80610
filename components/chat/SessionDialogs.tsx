'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { errorMessage, fieldError, formErrorText } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import type { ChatSessionRow } from './types';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';

type SessionRef = Pick<ChatSessionRow, 'id' | 'title'>;

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
