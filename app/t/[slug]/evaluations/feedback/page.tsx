import type { Metadata } from 'next';
import { FeedbackList } from '@/components/evals/FeedbackList';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { EVAL_FEEDBACK_LIST, evalFeedbackListInput } from '@/lib/eval-list-specs';
import { readListParams, type SearchParamsRecord } from '@/lib/list-params';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Your thumbs-down answers' };

export default async function EvalFeedbackPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<SearchParamsRecord>;
}) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'evals:run')) return <AccessDenied what="evaluation datasets" permissions={['evals:run']} />;
  const queryClient = getQueryClient();
  await queryClient.prefetchQuery(
    trpc.evalDatasets.listFeedback.queryOptions(evalFeedbackListInput(readListParams(EVAL_FEEDBACK_LIST, await searchParams))),
  );
  return (
    <HydrateClient>
      <FeedbackList slug={slug} />
    </HydrateClient>
  );
}
