'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Badge, type Tone } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { When } from '@/components/ui/When';
import { Pagination } from '@/components/ui/Pagination';
import { EmptyRow, Table, Td, Th, Tr } from '@/components/ui/Table';
import type { ApiKeyRow, Permission } from '@/components/users/types';
import { useReturnFocus } from '@/components/ui/hooks';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';
import { RevokeApiKeyDialog } from './RevokeApiKeyDialog';
import { Checkbox } from '@/components/ui/Checkbox';
import { Alert } from '@/components/ui/Alert';
import { formErrorText } from '@/components/ui/errors';

const PAGE_SIZE = 20;
const COLUMNS = 7;
const STATUS: Record<ApiKeyRow['status'], { label: string; tone: Tone }> = {
  active: { label: 'Active', tone: 'success' },
  expired: { label: 'Expired', tone: 'warning' },
  revoked: { label: 'Revoked', tone: 'neutral' },
};

export function ApiKeysPanel({ held }: { held: Permission[] }) {
  const trpc = useTRPC();
  const id = useId();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [paging, setPaging] = useState({ includeRevoked, page: 1 });
  const page = paging.includeRevoked === includeRevoked ? paging.page : 1;
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useReturnFocus(creating || revoking !== null);
  const list = useQuery({
    ...trpc.apiKeys.list.queryOptions({ includeRevoked, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            API keys
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            For scripts and integrations: send a key as <code className="font-mono text-xs">Authorization: Bearer …</code>. It can do
            only what its scopes allow.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <label className="inline-flex items-center gap-2 text-sm">
            <Checkbox
              checked={includeRevoked}
              onChange={(e) => setIncludeRevoked(e.target.checked)}
            />
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

      <div aria-busy={list.isFetching} className={list.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}>
        <Table caption="API keys of this workspace">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Scopes</Th>
              <Th>Created</Th>
              <Th>Expires</Th>
              <Th className="whitespace-nowrap">Last used</Th>
              <Th>Status</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {list.isPending ? (
              <EmptyRow colSpan={COLUMNS}>Loading API keys…</EmptyRow>
            ) : list.data?.items.length === 0 ? (
              <EmptyRow colSpan={COLUMNS}>
                {includeRevoked ? 'No API keys yet.' : 'No active API keys. Create one for a script or integration.'}
              </EmptyRow>
            ) : (
              list.data?.items.map((key) => (
                <Tr key={key.id}>
                  <Td className="min-w-40">
                    <div className="font-medium break-words">{key.name}</div>
                    <div className="font-mono text-xs whitespace-nowrap text-slate-500 dark:text-slate-400">
                      <span className="sr-only">Key </span>ao_{key.prefix}_…
                    </div>
                  </Td>
                  <Td className="min-w-40">
                    <ul aria-label={`Scopes of ${key.name}`} className="flex flex-wrap gap-1">
                      {key.scopes.map((s) => (
                        <li key={s}>
                          <Badge className="font-mono">{s}</Badge>
                        </li>
                      ))}
                    </ul>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <When at={key.createdAt} format="date" />
                    <div className="text-xs text-slate-500 dark:text-slate-400">
                      {key.createdByEmail ? `by ${key.createdByEmail}` : 'by a removed user'}
                    </div>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <When at={key.expiresAt} format="date" empty="Never" />
                  </Td>
                  <Td className="whitespace-nowrap">
                    <When at={key.lastUsedAt} empty="Never" />
                  </Td>
                  <Td>
                    <Badge tone={STATUS[key.status].tone}>{STATUS[key.status].label}</Badge>
                  </Td>
                  <Td className="text-right">
                    {key.status === 'revoked' ? null : (
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
                    )}
                  </Td>
                </Tr>
              ))
            )}
          </tbody>
        </Table>
      </div>
      {list.data ? (
        <Pagination
          page={page}
          pageSize={PAGE_SIZE}
          total={list.data.total}
          onPage={(next) => setPaging({ includeRevoked, page: next })}
          label="API keys"
        />
      ) : null}

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
