'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import type { ApiKeyRow } from '@/components/users/types';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';
import { formErrorText } from '@/components/ui/errors';

/** `onClose(true)` after a revocation: the row's Revoke button is gone by then. */
export function RevokeApiKeyDialog({ apiKey, onClose }: { apiKey: ApiKeyRow | null; onClose: (revoked?: boolean) => void }) {
  return (
    <Dialog
      open={apiKey !== null}
      onOpenChange={(open) => !open && onClose()}
      title={apiKey ? `Revoke API key ${apiKey.name}?` : 'Revoke API key'}
      description="Requests with this key are refused from now on. This cannot be undone."
    >
      {apiKey ? <Revoke key={apiKey.id} apiKey={apiKey} onDone={onClose} /> : null}
    </Dialog>
  );
}

function Revoke({ apiKey, onDone }: { apiKey: ApiKeyRow; onDone: (revoked?: boolean) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
        toast.success(`Revoked API key ${apiKey.name}.`);
        onDone(true);
      },
    }),
  );
  return (
    <div className="space-y-4">
      <p className="text-sm">
        Key <code className="font-mono text-xs">ao_{apiKey.prefix}_…</code>
      </p>
      <Alert>{formErrorText(revoke.error, [])}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={() => onDone()}>
          Cancel
        </Button>
        <Button variant="danger" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: apiKey.id })}>
          {revoke.isPending ? 'Revoking…' : 'Revoke key'}
        </Button>
      </DialogActions>
    </div>
  );
}
