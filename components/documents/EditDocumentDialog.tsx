'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { formErrorText } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import { Select } from '@/components/ui/Select';
import { accessAllows } from '@/lib/access';
import { endingsText, FILE_TYPE_INFO } from '@/lib/file-types';
import { useUpdateDocument } from './mutations';
import type { FileType } from './types';

export type EditTarget = { id: string; filename: string; fileType: string; collectionId: string; tags: string[] };

/** "contract, 2026 ,Contract" → ["contract", "2026"]: what the tags field means. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

/** Rename a document (its ending stays its type's), move it to another collection, and tag it. */
export function EditDocumentDialog({ doc, onClose }: { doc: EditTarget | null; onClose: () => void }) {
  return (
    <Dialog
      open={doc !== null}
      onOpenChange={(open) => !open && onClose()}
      title={doc ? `Edit ${doc.filename}` : 'Edit document'}
      description="Its chunks, history and citations stay with it."
    >
      {doc ? <EditForm key={doc.id} doc={doc} onDone={onClose} /> : null}
    </Dialog>
  );
}

function EditForm({ doc, onDone }: { doc: EditTarget; onDone: () => void }) {
  const trpc = useTRPC();
  const id = useId();
  const collections = useQuery(trpc.collections.list.queryOptions());
  const update = useUpdateDocument();
  const [filename, setFilename] = useState(doc.filename);
  const [collectionId, setCollectionId] = useState(doc.collectionId);
  const [tagsText, setTagsText] = useState(doc.tags.join(', '));
  // Only collections the user may put documents into (a restricted one needs write access).
  const targets = (collections.data ?? []).filter(
    (c) => c.id === doc.collectionId || accessAllows({ restricted: c.visibility === 'restricted', level: c.myLevel }, 'write'),
  );
  const endings = FILE_TYPE_INFO[doc.fileType as FileType]?.extensions ?? [];
  const nameHint = endings.length ? `Keep the ending ${endingsText(endings)}: the file's type does not change with its name.` : undefined;
  const error = update.error ? formErrorText(update.error, []) : null;
  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const changes = {
          ...(filename.trim() !== doc.filename ? { filename } : {}),
          ...(collectionId !== doc.collectionId ? { collectionId } : {}),
          ...(parseTags(tagsText).join(',') !== doc.tags.join(',') ? { tags: parseTags(tagsText) } : {}),
        };
        if (Object.keys(changes).length === 0) return onDone();
        update.mutate(
          { id: doc.id, ...changes },
          {
            onSuccess: () => {
              toast.success('Saved.');
              onDone();
            },
          },
        );
      }}
    >
      <Field id={`${id}-name`} label="Name" hint={nameHint}>
        <Input
          id={`${id}-name`}
          value={filename}
          onChange={(e) => {
            setFilename(e.target.value);
            update.reset();
          }}
          required
          maxLength={255}
          aria-describedby={describedBy(`${id}-name`, { hint: Boolean(nameHint) })}
        />
      </Field>
      <Field id={`${id}-collection`} label="Collection">
        <Select
          id={`${id}-collection`}
          value={collectionId}
          onChange={(e) => {
            setCollectionId(e.target.value);
            update.reset();
          }}
          disabled={!collections.data}
        >
          {targets.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.visibility === 'restricted' ? ' (restricted)' : ''}
            </option>
          ))}
        </Select>
      </Field>
      <Field id={`${id}-tags`} label="Tags" hint="Separated by commas, for example: contract, 2026. Up to 20.">
        <Input
          id={`${id}-tags`}
          value={tagsText}
          onChange={(e) => {
            setTagsText(e.target.value);
            update.reset();
          }}
          aria-describedby={describedBy(`${id}-tags`, { hint: true })}
        />
      </Field>
      <Alert>{error ? `Not saved: ${error}` : null}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={onDone} disabled={update.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save'}
        </Button>
      </DialogActions>
    </form>
  );
}
