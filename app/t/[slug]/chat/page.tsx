import type { Metadata } from 'next';
import { ChatPanel } from '@/components/chat/ChatPanel';
import { AccessDenied } from '@/components/shell/AccessDenied';
import { hasPermission, requireTenantMember } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'Chat' };

/** Chat with the documents: `?session=<id>` opens that chat. */
export default async function ChatPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const member = await requireTenantMember(slug);
  if (!hasPermission(member, 'chat:use')) return <AccessDenied what="chat" permissions={['chat:use']} />;
  return (
    <ChatPanel slug={slug} canListCollections={hasPermission(member, 'documents:read')} canEvaluate={hasPermission(member, 'evals:run')} />
  );
}
