'use client';

import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { IssuedLinkView } from './IssuedLinkView';
import type { UserRow } from './types';
import { DialogActions } from '@/components/ui/DialogActions';
import { Alert } from '@/components/ui/Alert';
import { formErrorText } from '@/components/ui/errors';

/** A new invitation (invited users) or password reset link (everyone else), e-mailed to them. */
export function AccessLinkDialog({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const invite = user?.status === 'invited';
  const who = user ? user.fullName || user.email : '';
  return (
    <Dialog
      open={user !== null}
      onOpenChange={(open) => !open && onClose()}
      title={invite ? `Resend invitation to ${who}` : `Reset password for ${who}`}
    >
      {user ? <AccessLink key={user.id} user={user} invite={invite} onDone={onClose} /> : null}
    </Dialog>
  );
}

function AccessLink({ user, invite, onDone }: { user: UserRow; invite: boolean; onDone: () => void }) {
  const trpc = useTRPC();
  const issue = useMutation(trpc.users.resetPassword.mutationOptions());
  if (issue.data) {
    return (
      <div className="space-y-4">
        <IssuedLinkView
          what={issue.data.purpose === 'invite' ? 'invitation' : 'password reset link'}
          label={issue.data.purpose === 'invite' ? 'Invitation link' : 'Password reset link'}
          link={issue.data}
        />
        <DialogActions>
          <Button onClick={onDone}>Done</Button>
        </DialogActions>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {invite
          ? `We e-mail ${user.email} a new one-time invitation link. Any earlier invitation link stops working.`
          : `We e-mail ${user.email} a one-time link to choose a new password. Their current password keeps working until they use it; any earlier reset link stops working.`}
      </p>
      <Alert>{formErrorText(issue.error, [])}</Alert>
      <DialogActions>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button disabled={issue.isPending} onClick={() => issue.mutate({ id: user.id })}>
          {issue.isPending ? 'Sending…' : invite ? 'Send invitation' : 'Send reset link'}
        </Button>
      </DialogActions>
    </div>
  );
}
