'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { formatDateTime, formatNumber } from '@/lib/format';
import { PRICE_LIST, priceListInput } from '@/lib/list-specs';
import type { AppRouter } from '@/server/trpc/root';
import { useTRPC } from '@/components/providers/trpc';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { CardFacts, DataList, type DataColumn } from '@/components/ui/DataList';
import { Dialog } from '@/components/ui/Dialog';
import { DialogActions } from '@/components/ui/DialogActions';
import { errorMessage, fieldError, fieldErrors } from '@/components/ui/errors';
import { describedBy, Field } from '@/components/ui/Field';
import { useReturnFocus } from '@/components/ui/hooks';
import { Input } from '@/components/ui/Input';
import { ListSearch } from '@/components/ui/ListSearch';
import { PageHeader } from '@/components/ui/PageHeader';
import { Select } from '@/components/ui/Select';
import { dataListState, useListParams } from '@/components/ui/use-list-params';

type Outputs = inferRouterOutputs<AppRouter>['platformUsage'];
type Price = Outputs['prices']['items'][number];

const muted = 'text-xs text-slate-500 dark:text-slate-400';
const usd = (v: string) => `$${v}`;

const PRICE_FIELDS = [
  { key: 'inputPerMTokUsd', label: 'Input' },
  { key: 'outputPerMTokUsd', label: 'Output' },
  { key: 'cachedPerMTokUsd', label: 'Cached input' },
] as const;
type PriceKey = (typeof PRICE_FIELDS)[number]['key'];

function Scope({ price }: { price: Price }) {
  return price.tenant ? (
    <span>
      {price.tenant.name} <span className={`font-mono ${muted}`}>{price.tenant.slug}</span>
    </span>
  ) : (
    <Badge tone="info">Platform</Badge>
  );
}

function Effective({ price }: { price: Price }) {
  return (
    <span className="whitespace-nowrap">
      {formatDateTime(price.effectiveFrom)}
      {price.scheduled ? (
        <Badge tone="warning" className="ml-2">
          Scheduled
        </Badge>
      ) : null}
    </span>
  );
}

/** Adds a price from now or a later moment: a change is always a new row, never an edit. */
function AddPriceDialog({ open, onOpenChange, model }: { open: boolean; onOpenChange: (open: boolean) => void; model: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tenants = useQuery({ ...trpc.tenants.list.queryOptions({ sort: 'name', dir: 'asc', page: 1, pageSize: 100 }), enabled: open });
  const [pattern, setPattern] = useState(model);
  const [tenantId, setTenantId] = useState('');
  const [prices, setPrices] = useState<Record<PriceKey, string>>({ inputPerMTokUsd: '', outputPerMTokUsd: '', cachedPerMTokUsd: '0' });
  const [from, setFrom] = useState('');
  const create = useMutation(
    trpc.platformUsage.createPrice.mutationOptions({
      onSuccess: (price) => {
        void queryClient.invalidateQueries({ queryKey: trpc.platformUsage.prices.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.platformUsage.unpricedModels.queryKey() });
        toast.success(`Price for ${price.modelPattern} added.`);
        onOpenChange(false);
      },
    }),
  );
  const err = create.error;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({
      tenantId: tenantId || null,
      modelPattern: pattern,
      ...prices,
      ...(from ? { effectiveFrom: new Date(from) } : {}),
    });
  }

  const patternError = fieldError(err, 'modelPattern');
  const fromError = fieldError(err, 'effectiveFrom');
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) create.reset();
        onOpenChange(next);
      }}
      title="Add a price"
      description="Prices are in US dollars per million tokens. A new price applies to usage from its start on; costs already charged never change."
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <fieldset disabled={create.isPending} className="space-y-4">
          <Field id="price-pattern" label="Model" hint="A model name, or a pattern with * for anything (gpt-4o*)." error={patternError}>
            <Input
              id="price-pattern"
              value={pattern}
              onChange={(e) => setPattern(e.target.value)}
              autoComplete="off"
              aria-invalid={patternError ? true : undefined}
              aria-describedby={describedBy('price-pattern', { hint: true, error: patternError })}
            />
          </Field>
          <Field id="price-tenant" label="Applies to" error={fieldError(err, 'tenantId')}>
            <Select id="price-tenant" value={tenantId} onChange={(e) => setTenantId(e.target.value)}>
              <option value="">Every tenant (platform price)</option>
              {(tenants.data?.items ?? [])
                .filter((t) => t.status !== 'deleted')
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    Only {t.name} ({t.slug})
                  </option>
                ))}
            </Select>
          </Field>
          <div className="grid gap-4 sm:grid-cols-3">
            {PRICE_FIELDS.map((f) => {
              const id = `price-${f.key}`;
              const error = fieldError(err, f.key);
              return (
                <Field key={f.key} id={id} label={`${f.label} (USD / 1M)`} error={error}>
                  <Input
                    id={id}
                    inputMode="decimal"
                    value={prices[f.key]}
                    onChange={(e) => setPrices((p) => ({ ...p, [f.key]: e.target.value }))}
                    placeholder="0.00"
                    autoComplete="off"
                    aria-invalid={error ? true : undefined}
                    aria-describedby={describedBy(id, { error })}
                  />
                </Field>
              );
            })}
          </div>
          <Field id="price-from" label="Effective from" hint="Your local time. Empty: from now." error={fromError}>
            <Input
              id="price-from"
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              aria-invalid={fromError ? true : undefined}
              aria-describedby={describedBy('price-from', { hint: true, error: fromError })}
            />
          </Field>
          {err ? (
            <Alert>
              {Object.keys(fieldErrors(err)).length > 0 ? 'Some fields are not valid: see the messages above.' : errorMessage(err)}
            </Alert>
          ) : null}
          <DialogActions>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit">{create.isPending ? 'Adding…' : 'Add price'}</Button>
          </DialogActions>
        </fieldset>
      </form>
    </Dialog>
  );
}

/** Models used in the last 30 days whose events had no price: shown as unpriced, never as $0. */
function UnpricedModels({ onPrice }: { onPrice: (model: string, opener: HTMLElement) => void }) {
  const trpc = useTRPC();
  const unpriced = useQuery(trpc.platformUsage.unpricedModels.queryOptions());
  if (!unpriced.data?.length) return null;
  return (
    <Card className="mb-6 border-amber-300 dark:border-amber-700">
      <h2 className="text-base font-semibold">Unpriced models</h2>
      <p className={`mt-0.5 ${muted}`}>Used in the last 30 days without a price: their cost is unknown until one is added.</p>
      <ul className="mt-3 divide-y divide-slate-100 dark:divide-slate-800">
        {unpriced.data.map((m) => (
          <li key={m.model} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span>
              <span className="font-mono text-sm">{m.model}</span>
              <span className={`ml-2 ${muted}`}>
                {formatNumber(m.unpricedEvents)} unpriced events · {formatNumber(m.tenants)} {m.tenants === 1 ? 'tenant' : 'tenants'} · last{' '}
                {m.lastSeen}
              </span>
            </span>
            <Button variant="secondary" className="min-h-8 px-3 py-1" onClick={(e) => onPrice(m.model, e.currentTarget)}>
              Add price<span className="sr-only"> for {m.model}</span>
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** The model price table: platform prices and tenant overrides, with the models still unpriced. */
export function PriceTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const params = useListParams(PRICE_LIST);
  const list = useQuery({ ...trpc.platformUsage.prices.queryOptions(priceListInput(params.committed)), placeholderData: keepPreviousData });
  const [adding, setAdding] = useState<{ model: string } | null>(null);
  const returnFocus = useReturnFocus(adding !== null);
  const remove = useMutation(
    trpc.platformUsage.deletePrice.mutationOptions({
      onSuccess: (price) => {
        void queryClient.invalidateQueries({ queryKey: trpc.platformUsage.prices.queryKey() });
        toast.success(`The scheduled price for ${price.modelPattern} was deleted.`);
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  const add = (model: string, opener: HTMLElement) => {
    returnFocus(opener);
    setAdding({ model });
  };

  const columns: Array<DataColumn<Price, never>> = [
    { id: 'model', header: 'Model', cell: (p) => <span className="font-mono text-sm break-all">{p.modelPattern}</span> },
    { id: 'scope', header: 'Applies to', cell: (p) => <Scope price={p} /> },
    ...PRICE_FIELDS.map((f) => ({
      id: f.key,
      header: `${f.label} / 1M`,
      headerClassName: 'text-right',
      className: 'text-right tabular-nums',
      cell: (p: Price) => usd(p[f.key]),
    })),
    { id: 'from', header: 'Effective from', cell: (p) => <Effective price={p} /> },
    {
      id: 'actions',
      header: <span className="sr-only">Actions</span>,
      className: 'text-right',
      cell: (p) =>
        p.scheduled ? (
          <Button variant="ghost" className="min-h-8 px-2 py-1" disabled={remove.isPending} onClick={() => remove.mutate({ id: p.id })}>
            Delete<span className="sr-only"> the scheduled price for {p.modelPattern}</span>
          </Button>
        ) : null,
    },
  ];

  return (
    <div>
      <PageHeader
        title="Model prices"
        description="What usage costs, in US dollars per million tokens. A tenant price overrides the platform's for that tenant; the longest matching pattern wins, then the latest start. Prices in effect are history: change one by adding a new price from a later date."
        actions={<Button onClick={(e) => add('', e.currentTarget)}>Add price</Button>}
      />
      <UnpricedModels onPrice={add} />
      <div className="mb-4">
        <ListSearch id="price-search" label="Search prices" placeholder="Model pattern or tenant" params={params} />
      </div>
      {list.error ? <Alert className="mb-4">The prices could not be loaded: {errorMessage(list.error)}</Alert> : null}
      <DataList
        caption="Model prices"
        {...dataListState(list, params, 'prices')}
        rowKey={(p) => p.id}
        columns={columns}
        density="compact"
        loadingText="Loading prices…"
        empty={params.search ? 'No price matches this search.' : 'No prices yet: every model is unpriced.'}
        card={(p) => (
          <>
            <div className="flex items-start justify-between gap-2">
              <span className="font-mono text-sm break-all">{p.modelPattern}</span>
              <Scope price={p} />
            </div>
            <CardFacts
              facts={[
                ...PRICE_FIELDS.map((f): [string, string] => [`${f.label} / 1M`, usd(p[f.key])]),
                ['Effective from', <Effective key="from" price={p} />],
              ]}
            />
          </>
        )}
      />
      {adding ? <AddPriceDialog key={adding.model} open onOpenChange={(o) => (o ? null : setAdding(null))} model={adding.model} /> : null}
    </div>
  );
}
