'use client';

import { Alert } from '@/components/ui/Alert';
import { toast } from 'sonner';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { errorMessage } from '@/components/ui/errors';
import { formatNumber } from '@/lib/format';
import { useDeleteDocument } from './mutations';

export type DeleteTarget = { id: string; filename: string; chunkCount: number };

/** Confirms, then deletes the document with its chunks, jobs and stored file. */
export function DeleteDocumentDialog({
  doc,
  onClose,
  onDeleted,
}: {
  doc: DeleteTarget | null;
  onClose: () => void;
  onDeleted?: (doc: DeleteTarget) => void;
}) {
  const remove = useDeleteDocument();
  const close = () => {
    if (remove.isPending) return;
    remove.reset();
    onClose();
  };
  return (
    <Dialog
      open={doc !== null}
      onOpenChange={(open) => {
        if (!open) close();
      }}
      title={doc ? `Delete ${doc.filename}?` : 'Delete document?'}
      description="The original file, its chunks and its processing history are removed. Answers will no longer cite it. This cannot be undone."
    >
      {doc ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            remove.mutate(
              { id: doc.id },
              {
                onSuccess: () => {
                  toast.success(`${doc.filename} was deleted.`);
                  remove.reset();
                  onDeleted?.(doc);
                  onClose();
                },
              },
            );
          }}
          className="space-y-4"
        >
          {doc.chunkCount > 0 ? (
            <p className="text-sm text-slate-700 dark:text-slate-300">
              {formatNumber(doc.chunkCount)} {doc.chunkCount === 1 ? 'chunk' : 'chunks'} will no longer be searchable.
            </p>
          ) : null}
          {remove.isError ? <Alert>The document was not deleted: {errorMessage(remove.error)}</Alert> : null}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={close} disabled={remove.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={remove.isPending}>
              {remove.isPending ? 'Deleting…' : 'Delete document'}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
