import 'server-only';
import { strToU8 } from 'fflate';
import type { Db } from '@/db/client';
import { getStorage } from '@/server/storage';
import { jsonBytes, packArchive, type ArchiveFile, type Manifest } from './archive';
import { gatherSubjectData, loadWorkspace, type SubjectData } from './gather';
import { buildProcessingInfo } from './processing';
import { renderReadme } from './readme';
import { ANOTHER_PERSON, createRedactor, safeArchiveName, type Redactor } from './redact';

export type ExportProgress = { step: string; done: number; total: number };

export type SubjectExport = { zip: Uint8Array; sha256: string; manifest: Manifest };

export class ExportSubjectMissing extends Error {
  override name = 'ExportSubjectMissing';
}

const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());

/** Audit entries as the subject may see them: others who acted appear as "another person". */
function auditView(data: SubjectData, redactor: Redactor) {
  const own = new Set(data.ownActorIds);
  return data.audit.map((e) => {
    const mine = (e.actorId !== null && own.has(e.actorId)) || (data.email !== null && e.actorLabel?.toLowerCase() === data.email);
    return {
      seq: e.seq,
      at: iso(e.createdAt),
      action: e.action,
      status: e.status,
      actor: mine ? { type: e.actorType, label: e.actorLabel, you: true } : { type: e.actorType, label: ANOTHER_PERSON, you: false },
      resourceType: e.resourceType,
      // The subject acting on a colleague: the colleague's id is theirs, not the subject's.
      resourceId: e.resourceType === 'user' && e.resourceId !== data.user?.id ? ANOTHER_PERSON : e.resourceId,
      // Another person's address and browser are their data, not the subject's.
      ipAddress: mine ? e.ipAddress : null,
      userAgent: mine ? e.userAgent : null,
      details: redactor.deep(e.payload),
    };
  });
}

/** Chats with their messages: the subject's questions as written; answers and citations redacted. */
function chatsView(data: SubjectData, redactor: Redactor) {
  return (data.userData?.chats ?? []).map((c) => ({
    id: c.id,
    title: c.title,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    archived: c.isArchived,
    messages: c.messages.map((m) => ({
      id: m.id,
      at: iso(m.createdAt),
      role: m.role,
      content: m.role === 'user' ? m.content : redactor.text(m.content),
      stopped: m.stopped,
      model: m.model,
      provider: m.provider,
      inputTokens: m.inputTokens,
      outputTokens: m.outputTokens,
      costUsd: m.costUsd,
      latencyMs: m.latencyMs,
      citations: m.citations.map((ct) => ({
        n: ct.n,
        documentId: ct.documentId,
        filename: redactor.text(ct.filename),
        page: ct.page,
        quote: redactor.text(ct.quote),
      })),
    })),
  }));
}

/**
 * Builds the subject's access/portability archive for request `requestId` (see the manifest's
 * file list for what is inside). Reads the workspace's global rows on the privileged connection
 * and everything else in one tenant transaction; the uploads are read from storage afterwards,
 * so no transaction waits on file I/O.
 */
export async function buildSubjectExport(
  db: Db,
  input: { tenantId: string; requestId: string; now?: Date },
  onProgress: (p: ExportProgress) => Promise<void> = async () => {},
): Promise<SubjectExport> {
  const workspace = await loadWorkspace(db, input.tenantId);
  if (!workspace) throw new ExportSubjectMissing('The workspace no longer exists.');
  await onProgress({ step: 'collect', done: 0, total: 1 });
  const data = await gatherSubjectData(db, input.tenantId, input.requestId);
  if (!data) throw new ExportSubjectMissing('The request no longer exists.');
  if (!data.user && !data.email) throw new ExportSubjectMissing('The request names no subject (it may have been erased).');
  const redactor = createRedactor({ email: data.email ?? undefined, name: data.user?.fullName }, data.others);
  const generatedAt = (input.now ?? new Date()).toISOString();
  const uploads = data.userData?.uploads ?? [];
  const total = uploads.length + 3;
  let done = 1;
  await onProgress({ step: 'files', done, total });

  const files: ArchiveFile[] = [];
  const add = (path: string, value: unknown, description: string) => files.push({ path, bytes: jsonBytes(value), description });
  const documents: Array<Record<string, unknown>> = [];
  const readmeFiles: Array<{ name: string; path: string; sizeBytes: number }> = [];
  for (const doc of uploads) {
    const bytes = await getStorage()
      .get(doc.storageKey)
      .catch(() => null);
    const path = `files/${safeArchiveName(doc.filename, doc.id)}`;
    const { storageKey: _key, ...meta } = doc;
    documents.push({ ...meta, createdAt: iso(doc.createdAt), archivePath: bytes ? path : null, fileMissing: bytes === null });
    if (bytes) {
      files.push({ path, bytes, description: `The file you uploaded as “${doc.filename}”.` });
      readmeFiles.push({ name: doc.filename, path, sizeBytes: bytes.length });
    }
    await onProgress({ step: 'files', done: ++done, total });
  }

  const chats = chatsView(data, redactor);
  const processing = buildProcessingInfo({
    tenantName: workspace.name,
    models: workspace.models,
    retentionDays: workspace.retentionDays,
    retentionByClass: workspace.retentionByClass,
  });
  const user = data.user;
  if (user) {
    add(
      'data/profile.json',
      { ...user, lastLoginAt: iso(user.lastLoginAt), createdAt: iso(user.createdAt), updatedAt: iso(user.updatedAt) },
      'Your account: e-mail, name, status and dates (never your password).',
    );
    add('data/roles.json', data.userData!.roles, 'Your roles in the workspace and the permissions they give.');
    add('data/chats.json', chats, 'Your chats with every message, and the citations of the answers.');
    add('data/feedback.json', data.userData!.feedback, 'The feedback you gave on answers.');
    add(
      'data/api-keys.json',
      data.userData!.apiKeys,
      'The API keys you created: name, prefix, scopes and dates (never the key or its hash).',
    );
    add('data/usage.json', data.userData!.usage, 'Your use of the workspace per day: tokens, requests, costs.');
    add('data/documents.json', documents, 'The documents you uploaded (their files are under files/).');
    add('data/links.json', data.userData!.links, 'Invitation and password reset links sent to you: when made, used and expiring.');
  }
  const audit = auditView(data, redactor);
  add('data/audit-events.json', audit, 'Entries of the workspace’s audit log made by you or about you.');
  add(
    'data/sessions.json',
    audit
      .filter((e) => e.actor.you && (e.action.startsWith('auth.') || e.action.startsWith('session.')))
      .map((e) => ({ at: e.at, action: e.action, status: e.status, ipAddress: e.ipAddress, userAgent: e.userAgent })),
    'Sign-ins and sign-outs (sessions are signed tokens: the server keeps no other record of them).',
  );
  add(
    'data/requests.json',
    data.requests.map((r) => ({ ...r, receivedAt: iso(r.receivedAt), dueAt: iso(r.dueAt), completedAt: iso(r.completedAt) })),
    'Your data protection requests to this workspace.',
  );
  add('processing.json', processing, 'Why and how your data is processed, who receives it, how long it is kept, your rights.');
  await onProgress({ step: 'package', done: ++done, total });

  const contents = [
    { path: 'manifest.json', description: 'Every file of this archive with its size and SHA-256.' },
    ...files.map((f) => ({ path: f.path, description: f.description })),
  ];
  const readme = renderReadme({
    tenantName: workspace.name,
    requestId: input.requestId,
    generatedAt,
    profile: user
      ? [
          ['E-mail', user.email],
          ['Name', user.fullName],
          ['Status', user.status],
          ['Member since', iso(user.createdAt) ?? ''],
          ['Last sign-in', iso(user.lastLoginAt) ?? 'never'],
          ['Roles', data.userData!.roles.map((r) => r.name).join(', ')],
        ]
      : [],
    chats: chats.map((c) => ({ title: c.title, createdAt: c.createdAt ?? '', messages: c.messages.length })),
    files: readmeFiles,
    contents: [...contents, { path: 'README.html', description: 'This page.' }],
  });
  files.push({ path: 'README.html', bytes: strToU8(readme), description: 'A page to read in a browser: what this archive holds.' });
  const packed = packArchive(files, {
    requestId: input.requestId,
    requestType: data.request.type,
    tenant: workspace.name,
    generatedAt,
    subject: { kind: user ? 'user' : 'email' },
  });
  await onProgress({ step: 'store', done: ++done, total });
  return packed;
}
