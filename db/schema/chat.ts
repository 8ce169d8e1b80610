import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantIsolationPolicy, updatedAt } from './_shared';
import { tenants } from './tenants';
import { users } from './users';

export type Citation = {
  n: number;
  chunkId: string;
  documentId: string;
  filename: string;
  page: number | null;
  quote: string;
  score: number;
  charStart?: number;
  charEnd?: number;
};

export const chatSessions = pgTable(
  'chat_sessions',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    title: text('title').notNull().default('New chat'),
    collectionIds: uuid('collection_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    systemPrompt: text('system_prompt'),
    summary: text('summary'),
    isArchived: boolean('is_archived').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('chat_sessions_tenant_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'chat_sessions_user_fk',
      columns: [t.tenantId, t.userId],
      foreignColumns: [users.tenantId, users.id],
    }).onDelete('cascade'),
    index('chat_sessions_tenant_user_updated_idx').on(t.tenantId, t.userId, t.updatedAt),
    tenantIsolationPolicy(),
  ],
);

/** Append-only: UPDATE and DELETE are revoked from the application role. */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    sessionId: uuid('session_id').notNull(),
    role: text('role', { enum: ['user', 'assistant', 'system', 'tool'] }).notNull(),
    content: text('content').notNull(),
    citations: jsonb('citations').$type<Citation[]>().notNull().default([]),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    model: text('model'),
    provider: text('provider'),
    latencyMs: integer('latency_ms'),
    costUsd: numeric('cost_usd', { precision: 12, scale: 6 }).notNull().default('0'),
    /** The answer was stopped before it was complete; `content` is what had been said. */
    stopped: boolean('stopped').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    unique('chat_messages_tenant_id_key').on(t.tenantId, t.id),
    foreignKey({
      name: 'chat_messages_session_fk',
      columns: [t.tenantId, t.sessionId],
      foreignColumns: [chatSessions.tenantId, chatSessions.id],
    }).onDelete('cascade'),
    index('chat_messages_tenant_session_created_idx').on(t.tenantId, t.sessionId, t.createdAt),
    check('chat_messages_role_valid', sql`${t.role} in ('user', 'assistant', 'system', 'tool')`),
    check('chat_messages_counts_nonnegative', sql`${t.inputTokens} >= 0 and ${t.outputTokens} >= 0 and ${t.costUsd} >= 0`),
    tenantIsolationPolicy(),
  ],
);

export const messageFeedback = pgTable(
  'message_feedback',
  {
    id: id(),
    tenantId: uuid('tenant_id').notNull(),
    messageId: uuid('message_id').notNull(),
    userId: uuid('user_id').notNull(),
    rating: text('rating', { enum: ['up', 'down'] }).notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('message_feedback_message_user_key').on(t.tenantId, t.messageId, t.userId),
    foreignKey({
      name: 'message_feedback_message_fk',
      columns: [t.tenantId, t.messageId],
      foreignColumns: [chatMessages.tenantId, chatMessages.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'message_feedback_user_fk',
      columns: [t.tenantId, t.userId],
      foreignColumns: [users.tenantId, users.id],
    }).onDelete('cascade'),
    check('message_feedback_rating_valid', sql`${t.rating} in ('up', 'down')`),
    check('message_feedback_comment_length', sql`${t.comment} is null or length(${t.comment}) <= 2000`),
    tenantIsolationPolicy(),
  ],
);
