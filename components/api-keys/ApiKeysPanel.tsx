'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { API_KEY_LIST, apiKeyListInput } from '@/lib/list-specs';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge, type Tone } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Checkbox } from '@/components/ui/Checkbox';
import { PermissionBadge } from '@/components/ui/PermissionBadge';
import { CardFacts, DataList, type DataColumn } from '@/components/ui/DataList';
import { formErrorText } from '@/components/ui/errors';
import { useReturnFocus } from '@/components/ui/hooks';
import { dataListState, useListParams } from '@/components/ui/use-list-params';
import { When } from '@/components/ui/When';
import type { ApiKeyRow, Permission } from '@/components/users/types';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';
import { RevokeApiKeyDialog } from './RevokeApiKeyDialog';

const STATUS: Record<ApiKeyRow['status'], { label: string; tone: Tone }> = {
  active: { label: 'Active', tone: 'success' },
  expired: { label: 'Expired', tone: 'warning' },
  revoked: { label: 'Revoked', tone: 'neutral' },
};
const muted = 'text-xs text-slate-500 dark:text-slate-400';

function KeyName({ apiKey }: { apiKey: ApiKeyRow }) {
  return (
    <>
      <div className="font-medium break-words">{apiKey.name}</div>
      <div className={`font-mono whitespace-nowrap ${muted}`}>
        <span className="sr-only">Key </span>ao_{apiKey.prefix}_…
      </div>
    </>
  );
}

function Scopes({ apiKey }: { apiKey: ApiKeyRow }) {
  return (
    <ul aria-label={`Scopes of ${apiKey.name}`} className="flex flex-wrap gap-1">
      {apiKey.scopes.map((s) => (
        <li key={s}>
          <PermissionBadge permission={s} />
        </li>
      ))}
    </ul>
  );
}

function Created({ apiKey }: { apiKey: ApiKeyRow }) {
  return (
    <>
      <When at={apiKey.createdAt} format="date" />
      <div className={muted}>{apiKey.createdByEmail ? `by ${apiKey.createdByEmail}` : 'by a removed user'}</div>
    </>
  );
}

/** A key without an expiry stays valid until revoked: flagged, not hidden behind a dash. */
function Expiry({ apiKey }: { apiKey: ApiKeyRow }) {
  if (apiKey.expiresAt) return <When at={apiKey.expiresAt} format="date" />;
  return (
    <Badge tone="warning" className="gap-1">
      <span aria-hidden="true">⚠</span>Never expires
    </Badge>
  );
}

const KeyStatus = ({ apiKey }: { apiKey: ApiKeyRow }) => <Badge tone={STATUS[apiKey.status].tone}>{STATUS[apiKey.status].label}</Badge>;

export function ApiKeysPanel({ held }: { held: Permission[] }) {
  const trpc = useTRPC();
  const id = useId();
  const params = useListParams(API_KEY_LIST);
  const includeRevoked = params.filters.revoked === '1';
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useReturnFocus(creating || revoking !== null);
  const list = useQuery({ ...trpc.apiKeys.list.queryOptions(apiKeyListInput(params.committed)), placeholderData: keepPreviousData });

  const revokeButton = (key: ApiKeyRow) =>
    key.status === 'revoked' ? null : (
      <Button
        variant="secondary"
        className="min-h-9 px-3"
        aria-label={`Revoke ${key.name}`}
        onClick={(e) => {
          returnFocus(e.currentTarget);
          setRevoking(key);
        }}
      >
        Revoke
      </Button>
    );

  const columns: Array<DataColumn<ApiKeyRow, never>> = [
    { id: 'name', header: 'Name', className: 'min-w-40', cell: (key) => <KeyName apiKey={key} /> },
    { id: 'scopes', header: 'Scopes', className: 'min-w-40', cell: (key) => <Scopes apiKey={key} /> },
    { id: 'created', header: 'Created', className: 'whitespace-nowrap', cell: (key) => <Created apiKey={key} /> },
    {
      id: 'expires',
      header: 'Expires',
      className: 'whitespace-nowrap',
      cell: (key) => <Expiry apiKey={key} />,
    },
    {
      id: 'lastUsed',
      header: 'Last used',
      headerClassName: 'whitespace-nowrap',
      className: 'whitespace-nowrap',
      cell: (key) => <When at={key.lastUsedAt} empty="Never" />,
    },
    { id: 'status', header: 'Status', cell: (key) => <KeyStatus apiKey={key} /> },
    { id: 'actions', header: <span className="sr-only">Actions</span>, className: 'text-right', cell: revokeButton },
  ];

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            API keys
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            For scripts and integrations: send a key as <code className="font-mono text-xs">Authorization: Bearer …</code>. It can do only
            what its scopes allow.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <label className="inline-flex items-center gap-2 text-sm">
            <Checkbox checked={includeRevoked} onChange={(e) => params.setFilter('revoked', e.target.checked ? '1' : '')} />
            Include revoked keys
          </label>
          <Button
            ref={createButton}
            onClick={(e) => {
              returnFocus(e.currentTarget);
              setCreating(true);
            }}
          >
            Create API key
          </Button>
        </div>
      </div>

      {list.isError ? (
        <Alert onRetry={() => void list.refetch()}>Could not load the API keys: {formErrorText(list.error, [])}</Alert>
      ) : null}

      <DataList
        caption="API keys of this workspace"
        {...dataListState(list, params, 'API keys')}
        rowKey={(key) => key.id}
        columns={columns}
        loadingText="Loading API keys…"
        empty={includeRevoked ? 'No API keys yet.' : 'No active API keys. Create one for a script or integration.'}
        card={(key) => (
          <>
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0">
                <KeyName apiKey={key} />
              </div>
              <KeyStatus apiKey={key} />
            </div>
            <div className="mt-2">
              <Scopes apiKey={key} />
            </div>
            <CardFacts
              facts={[
                ['Created', <Created key="created" apiKey={key} />],
                ['Expires', <Expiry key="expires" apiKey={key} />],
                ['Last used', <When key="used" at={key.lastUsedAt} empty="Never" />],
              ]}
            />
            {key.status === 'revoked' ? null : (
              <div className="mt-3 border-t border-slate-100 pt-3 dark:border-slate-800">{revokeButton(key)}</div>
            )}
          </>
        )}
      />

      <CreateApiKeyDialog open={creating} onOpenChange={setCreating} held={held} />
      <RevokeApiKeyDialog
        apiKey={revoking}
        onClose={(revoked) => {
          if (revoked) returnFocus(createButton.current);
          setRevoking(null);
        }}
      />
    </section>
  );
}
