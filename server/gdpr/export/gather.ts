import 'server-only';
import { and, asc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import {
  apiKeys,
  auditIdentities,
  auditLogs,
  chatMessages,
  chatSessions,
  documents,
  gdprRequests,
  llmProviders,
  messageFeedback,
  rolePermissions,
  roles,
  tenantLlmConfig,
  tenants,
  usageMetrics,
  userRoles,
  users,
  userTokens,
} from '@/db/schema';
import { withTenant } from '@/db/tenant';
import type { ModelProviderInfo } from './processing';

export type ExportRequest = typeof gdprRequests.$inferSelect;

/** What the workspace (a global row) says about itself: its name and retention settings. */
export async function loadWorkspace(db: Db, tenantId: string) {
  const [tenant] = await db
    .select({ name: tenants.name, retentionDays: tenants.retentionDays, settings: tenants.settings })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!tenant) return null;
  // Per-class retention, when a workspace has it in its settings ({ chats: 30, audit: 365, … }; null: forever).
  const raw = (tenant.settings as Record<string, unknown>).retention;
  const retentionByClass =
    raw && typeof raw === 'object' && !Array.isArray(raw)
      ? Object.fromEntries(
          Object.entries(raw as Record<string, unknown>).filter(([, v]) => v === null || (typeof v === 'number' && v > 0)) as Array<
            [string, number | null]
          >,
        )
      : undefined;
  // The model endpoints the workspace sends questions to (the catalogue is a global table); never the key.
  const models: ModelProviderInfo[] = await db
    .select({
      providerType: tenantLlmConfig.providerType,
      providerName: llmProviders.name,
      baseUrl: sql<string | null>`coalesce(${tenantLlmConfig.baseUrl}, ${llmProviders.baseUrl})`,
      modelName: tenantLlmConfig.modelName,
      embeddingModel: tenantLlmConfig.embeddingModel,
      enabled: tenantLlmConfig.enabled,
    })
    .from(tenantLlmConfig)
    .leftJoin(llmProviders, eq(llmProviders.id, tenantLlmConfig.providerId))
    .where(eq(tenantLlmConfig.tenantId, tenantId))
    .orderBy(asc(tenantLlmConfig.priority));
  return { name: tenant.name, retentionDays: tenant.retentionDays, retentionByClass, models };
}

/** The columns of a user a subject gets back: never the password hash. */
const profileColumns = {
  id: users.id,
  email: users.email,
  fullName: users.fullName,
  status: users.status,
  lastLoginAt: users.lastLoginAt,
  sessionsRevokedAt: users.sessionsRevokedAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

/**
 * Everything of the subject in one tenant transaction (RLS scoped to the tenant; restricted
 * documents visible, since the subject's own uploads may sit in collections they no longer
 * see). Every query also filters by tenant and by the subject.
 */
export async function gatherSubjectData(db: Db, tenantId: string, requestId: string) {
  return withTenant(
    { tenantId, seeRestricted: true },
    async (tx) => {
      const [request] = await tx
        .select()
        .from(gdprRequests)
        .where(and(eq(gdprRequests.tenantId, tenantId), eq(gdprRequests.id, requestId)));
      if (!request) return null;
      const user = await findSubjectUser(tx, tenantId, request);
      const email = (user?.email ?? request.subjectEmail)?.toLowerCase() ?? null;
      const others = await tx
        .select({ email: users.email, name: users.fullName })
        .from(users)
        .where(and(eq(users.tenantId, tenantId), user ? ne(users.id, user.id) : sql`true`));
      const userData = user ? await gatherUserData(tx, tenantId, user.id) : null;
      const ownActorIds = user ? [user.id, ...(userData?.apiKeys.map((k) => k.id) ?? [])] : [];
      const audit = await gatherAudit(tx, tenantId, ownActorIds, user?.id ?? null, email);
      const requests = await tx
        .select({
          id: gdprRequests.id,
          type: gdprRequests.type,
          status: gdprRequests.status,
          channel: gdprRequests.channel,
          receivedAt: gdprRequests.receivedAt,
          dueAt: gdprRequests.dueAt,
          extendedDueAt: gdprRequests.extendedDueAt,
          completedAt: gdprRequests.completedAt,
        })
        .from(gdprRequests)
        .where(
          and(
            eq(gdprRequests.tenantId, tenantId),
            or(
              user ? eq(gdprRequests.subjectUserId, user.id) : sql`false`,
              email ? sql`lower(${gdprRequests.subjectEmail}) = ${email}` : sql`false`,
              eq(gdprRequests.id, requestId),
            ),
          ),
        )
        .orderBy(asc(gdprRequests.receivedAt));
      return { request, user, email, others, userData, audit, requests, ownActorIds };
    },
    db,
  );
}

async function findSubjectUser(tx: Tx, tenantId: string, request: ExportRequest) {
  if (request.subjectUserId) {
    const [row] = await tx
      .select(profileColumns)
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, request.subjectUserId)));
    return row ?? null;
  }
  // An e-mail that is a user's (an invitation, say) is that user: their data is the subject's.
  if (!request.subjectEmail) return null;
  const [row] = await tx
    .select(profileColumns)
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.email, request.subjectEmail.toLowerCase())));
  return row ?? null;
}

async function gatherUserData(tx: Tx, tenantId: string, userId: string) {
  const roleRows = await tx
    .select({ id: roles.id, name: roles.name, description: roles.description, assignedAt: userRoles.createdAt })
    .from(userRoles)
    .innerJoin(roles, and(eq(roles.tenantId, userRoles.tenantId), eq(roles.id, userRoles.roleId)))
    .where(and(eq(userRoles.tenantId, tenantId), eq(userRoles.userId, userId)))
    .orderBy(asc(roles.name));
  const perms = roleRows.length
    ? await tx
        .select({ roleId: rolePermissions.roleId, permission: rolePermissions.permission })
        .from(rolePermissions)
        .where(
          and(
            eq(rolePermissions.tenantId, tenantId),
            inArray(
              rolePermissions.roleId,
              roleRows.map((r) => r.id),
            ),
          ),
        )
    : [];
  const sessions = await tx
    .select()
    .from(chatSessions)
    .where(and(eq(chatSessions.tenantId, tenantId), eq(chatSessions.userId, userId)))
    .orderBy(asc(chatSessions.createdAt));
  const messages = sessions.length
    ? await tx
        .select()
        .from(chatMessages)
        .where(
          and(
            eq(chatMessages.tenantId, tenantId),
            inArray(
              chatMessages.sessionId,
              sessions.map((s) => s.id),
            ),
          ),
        )
        .orderBy(asc(chatMessages.createdAt), asc(chatMessages.id))
    : [];
  const feedback = await tx
    .select({
      id: messageFeedback.id,
      messageId: messageFeedback.messageId,
      rating: messageFeedback.rating,
      comment: messageFeedback.comment,
      createdAt: messageFeedback.createdAt,
      updatedAt: messageFeedback.updatedAt,
    })
    .from(messageFeedback)
    .where(and(eq(messageFeedback.tenantId, tenantId), eq(messageFeedback.userId, userId)))
    .orderBy(asc(messageFeedback.createdAt));
  // Metadata only: the secret was shown once and only its hash is stored; neither is exported.
  const keys = await tx
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.createdBy, userId)))
    .orderBy(asc(apiKeys.createdAt));
  const usage = await tx
    .select({
      date: usageMetrics.date,
      apiKeyId: usageMetrics.apiKeyId,
      kind: usageMetrics.kind,
      model: usageMetrics.model,
      tokensIn: usageMetrics.tokensIn,
      tokensOut: usageMetrics.tokensOut,
      tokensCached: usageMetrics.tokensCached,
      requests: usageMetrics.requests,
      failedRequests: usageMetrics.failedRequests,
      ingestions: usageMetrics.ingestions,
      ocrPages: usageMetrics.ocrPages,
      storageBytes: usageMetrics.storageBytes,
      costUsd: usageMetrics.costUsd,
      unpricedEvents: usageMetrics.unpricedEvents,
    })
    .from(usageMetrics)
    .where(and(eq(usageMetrics.tenantId, tenantId), eq(usageMetrics.userId, userId)))
    .orderBy(asc(usageMetrics.date), asc(usageMetrics.kind), asc(usageMetrics.model));
  const uploads = await tx
    .select({
      id: documents.id,
      filename: documents.filename,
      storageKey: documents.storageKey,
      mimeType: documents.mimeType,
      fileType: documents.fileType,
      sizeBytes: documents.sizeBytes,
      checksumSha256: documents.checksumSha256,
      status: documents.status,
      visibility: documents.visibility,
      pageCount: documents.pageCount,
      createdAt: documents.createdAt,
    })
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), eq(documents.uploadedBy, userId), isNull(documents.deletedAt)))
    .orderBy(asc(documents.createdAt));
  // Invitation and reset links: when they were made and used, never the token's hash.
  const links = await tx
    .select({ purpose: userTokens.purpose, createdAt: userTokens.createdAt, expiresAt: userTokens.expiresAt, usedAt: userTokens.usedAt })
    .from(userTokens)
    .where(and(eq(userTokens.tenantId, tenantId), eq(userTokens.userId, userId)))
    .orderBy(asc(userTokens.createdAt));
  return {
    roles: roleRows.map((r) => ({ ...r, permissions: perms.filter((p) => p.roleId === r.id).map((p) => p.permission) })),
    chats: sessions.map((s) => ({ ...s, messages: messages.filter((m) => m.sessionId === s.id) })),
    feedback,
    apiKeys: keys,
    usage,
    uploads,
    links,
  };
}

/**
 * Audit entries about the subject: those they (or their API keys) made, those whose resource is
 * their user, and those that name their e-mail address (an invitation, a sign-in attempt).
 */
async function gatherAudit(tx: Tx, tenantId: string, ownActorIds: string[], userId: string | null, email: string | null) {
  const about = [
    ownActorIds.length ? inArray(auditLogs.actorId, ownActorIds) : undefined,
    userId ? and(eq(auditLogs.resourceType, 'user'), eq(auditLogs.resourceId, userId)) : undefined,
    email ? sql`lower(coalesce(${auditIdentities.email}, ${auditLogs.actorLabel})) = ${email}` : undefined,
    email ? sql`position(${email} in lower(${auditLogs.payload}::text)) > 0` : undefined,
  ].filter((c) => c !== undefined);
  if (about.length === 0) return [];
  return tx
    .select({
      seq: auditLogs.seq,
      createdAt: auditLogs.createdAt,
      action: auditLogs.action,
      status: auditLogs.status,
      actorId: auditLogs.actorId,
      actorType: auditLogs.actorType,
      // People are recorded by pseudonym; their address lives in audit_identities.
      actorLabel: sql<string | null>`coalesce(${auditIdentities.email}, ${auditLogs.actorLabel})`,
      resourceType: auditLogs.resourceType,
      resourceId: auditLogs.resourceId,
      ipAddress: auditLogs.ipAddress,
      userAgent: auditLogs.userAgent,
      payload: auditLogs.payload,
    })
    .from(auditLogs)
    .leftJoin(
      auditIdentities,
      and(eq(auditIdentities.tenantId, auditLogs.tenantId), eq(auditIdentities.pseudonym, auditLogs.actorPseudonym)),
    )
    .where(and(eq(auditLogs.tenantId, tenantId), or(...about)))
    .orderBy(asc(auditLogs.seq));
}

export type SubjectData = NonNullable<Awaited<ReturnType<typeof gatherSubjectData>>>;
