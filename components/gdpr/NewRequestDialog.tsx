'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { GDPR_TYPES } from '@/lib/enums';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { fieldError, formErrorText } from '@/components/ui/errors';
import { Field } from '@/components/ui/Field';
import { useDebounced } from '@/components/ui/hooks';
import { Input } from '@/components/ui/Input';
import { RadioCards } from '@/components/ui/RadioCards';
import { Select } from '@/components/ui/Select';
import { Textarea } from '@/components/ui/Textarea';
import { TYPE_DESCRIPTIONS, TYPE_LABELS, type GdprType } from './labels';

/** Today as the browser's calendar has it, for a date input. */
function todayText() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A date typed into a date input, at this moment's time of day when it is today (the clock starts on receipt). */
function receivedAtOf(text: string): Date | undefined {
  if (!text || text === todayText()) return undefined;
  const [y, m, d] = text.split('-').map(Number);
  return new Date(y!, m! - 1, d!, 12);
}

/** Records a request someone made by mail, phone or the help desk, and opens it. */
export function NewRequestDialog({ slug, open, onOpenChange }: { slug: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [type, setType] = useState<GdprType>('access');
  const [mode, setMode] = useState<'user' | 'email'>('user');
  const [search, setSearch] = useState('');
  const [userId, setUserId] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [received, setReceived] = useState(todayText);
  const [notes, setNotes] = useState('');
  const [pickError, setPickError] = useState<string | null>(null);
  const debounced = useDebounced(search.trim(), 250);
  const subjects = useQuery({
    ...trpc.gdpr.searchSubjects.queryOptions({ search: debounced }),
    enabled: open && mode === 'user' && debounced.length > 0,
  });
  const create = useMutation(
    trpc.gdpr.create.mutationOptions({
      onSuccess: async (request) => {
        await qc.invalidateQueries({ queryKey: trpc.gdpr.pathKey() });
        close(false);
        router.push(`/t/${slug}/gdpr/${request.id}`);
      },
    }),
  );

  function close(next: boolean) {
    onOpenChange(next);
    if (!next) {
      setType('access');
      setMode('user');
      setSearch('');
      setUserId(null);
      setEmail('');
      setReceived(todayText());
      setNotes('');
      setPickError(null);
      create.reset();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (mode === 'user' && !userId) {
      setPickError('Search for the person and choose them in the list.');
      return;
    }
    setPickError(null);
    create.mutate({
      type,
      ...(mode === 'user' ? { subjectUserId: userId! } : { subjectEmail: email }),
      receivedAt: receivedAtOf(received),
      notes: notes.trim() || undefined,
    });
  }

  const err = create.error;
  const formError = formErrorText(err, ['type', 'subjectEmail', 'subjectUserId', 'receivedAt', 'notes']);

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title="New request"
      description="Record a request a person made about their data. The legal month starts on the day it was received."
      wide
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field id="gdpr-new-type" label="Type" hint={TYPE_DESCRIPTIONS[type]}>
          <Select
            id="gdpr-new-type"
            value={type}
            onChange={(e) => setType(e.target.value as GdprType)}
            aria-describedby="gdpr-new-type-hint"
          >
            {GDPR_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </Select>
        </Field>

        <RadioCards
          id="gdpr-new-subject"
          legend="Who is it about?"
          value={mode}
          onChange={(m) => {
            setMode(m);
            setPickError(null);
          }}
          options={[
            { value: 'user', label: 'A user of this workspace', hint: 'Find them by name or e-mail.' },
            { value: 'email', label: 'Someone without an account', hint: 'By the e-mail address they wrote from.' },
          ]}
        />

        {mode === 'user' ? (
          <div className="space-y-2">
            <Field id="gdpr-new-user-search" label="Find the person" error={pickError}>
              <Input
                id="gdpr-new-user-search"
                type="search"
                value={search}
                onChange={(e) => {
                  setSearch(e.target.value);
                  setUserId(null);
                }}
                placeholder="Name or e-mail"
                autoComplete="off"
                aria-invalid={pickError ? true : undefined}
                aria-describedby={pickError ? 'gdpr-new-user-search-error' : undefined}
              />
            </Field>
            {debounced && subjects.data ? (
              subjects.data.length === 0 ? (
                <p className="text-sm text-slate-500 dark:text-slate-400" role="status">
                  No user matches “{debounced}”. For someone without an account, choose the e-mail option.
                </p>
              ) : (
                <RadioCards
                  id="gdpr-new-user"
                  legend="Matching users"
                  columns={1}
                  value={userId}
                  onChange={setUserId}
                  options={subjects.data.map((u) => ({ value: u.id, label: u.name || u.email, hint: u.name ? u.email : undefined }))}
                />
              )
            ) : null}
          </div>
        ) : (
          <Field id="gdpr-new-email" label="Their e-mail address" error={fieldError(err, 'subjectEmail')}>
            <Input
              id="gdpr-new-email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoComplete="off"
              aria-invalid={fieldError(err, 'subjectEmail') ? true : undefined}
              aria-describedby={fieldError(err, 'subjectEmail') ? 'gdpr-new-email-error' : undefined}
            />
          </Field>
        )}

        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="gdpr-new-received"
            label="Received on"
            hint="The day it reached you; up to 31 days back."
            error={fieldError(err, 'receivedAt')}
          >
            <Input
              id="gdpr-new-received"
              type="date"
              value={received}
              max={todayText()}
              onChange={(e) => setReceived(e.target.value)}
              aria-describedby="gdpr-new-received-hint"
            />
          </Field>
        </div>

        <Field
          id="gdpr-new-notes"
          label="Notes (optional)"
          hint="How it reached you, what they said. Visible to admins."
          error={fieldError(err, 'notes')}
        >
          <Textarea
            id="gdpr-new-notes"
            rows={3}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            maxLength={4000}
            aria-describedby="gdpr-new-notes-hint"
          />
        </Field>

        {formError ? <Alert>{formError}</Alert> : null}

        <DialogActions>
          <Button variant="secondary" onClick={() => close(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Recording…' : 'Record request'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
