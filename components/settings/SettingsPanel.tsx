'use client';

import { When } from '@/components/ui/When';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { errorMessage } from '@/components/ui/errors';
import { PageHeader } from '@/components/ui/PageHeader';
import { EmbeddingsCard } from './EmbeddingsCard';
import { LegalHoldsCard } from './LegalHoldsCard';
import { LlmSettingsCard } from './LlmSettingsCard';
import { PlatformLimitsCard } from './PlatformLimitsCard';
import { RetentionCard } from './RetentionCard';
import { RetrievalSettingsCard } from './RetrievalSettingsCard';
import { SsoSettingsCard } from './SsoSettingsCard';
import { WorkspaceSettingsCard } from './WorkspaceSettingsCard';

/** The workspace's settings: the language model, how passages are retrieved for it, the embedder, the time zone, single sign-on, data retention and legal holds. */
export function SettingsPanel() {
  const trpc = useTRPC();
  const settings = useQuery({ ...trpc.settings.getLlm.queryOptions(), refetchOnWindowFocus: false });
  const updatedAt = settings.data?.updatedAt;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Settings"
        description="The language model that answers in chat and how it finds the passages it answers from, the embedder, the time zone, single sign-on, how long data is kept, and legal holds."
      />
      {settings.isPending ? (
        <Card aria-busy="true">
          <p className="text-sm text-slate-500 dark:text-slate-400">Loading the settings…</p>
        </Card>
      ) : settings.isError ? (
        <Card className="space-y-3">
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            Could not load the settings: {errorMessage(settings.error)}
          </p>
          <Button variant="secondary" onClick={() => void settings.refetch()}>
            Try again
          </Button>
        </Card>
      ) : (
        <>
          <LlmSettingsCard saved={settings.data} />
          <RetrievalSettingsCard saved={settings.data} />
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {updatedAt ? (
              <>
                Last saved <When at={updatedAt} />. Changes apply to the next question asked in chat.
              </>
            ) : (
              'These are the defaults: nothing has been saved yet. Changes apply to the next question asked in chat.'
            )}
          </p>
          <EmbeddingsCard />
          <WorkspaceSettingsCard />
          <SsoSettingsCard />
          <PlatformLimitsCard />
          <RetentionCard />
          <LegalHoldsCard />
        </>
      )}
    </div>
  );
}
