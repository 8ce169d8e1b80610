import { formatBytes } from '@/lib/format';

export type Visibility = 'tenant' | 'restricted';

export type UploadState = 'queued' | 'uploading' | 'checking' | 'created' | 'duplicate' | 'skipped' | 'failed' | 'cancelled';

export type UploadItem = {
  key: string;
  file: File;
  name: string;
  size: number;
  collectionId: string;
  collectionName: string;
  visibility: Visibility;
  onDuplicate: 'ask' | 'replace';
  state: UploadState;
  /** Bytes sent so far, of `total` (the whole request, form framing included). */
  loaded: number;
  total: number;
  error: string | null;
  /** The refusal's HTTP status (0: the connection dropped), to tell whether trying again can help. */
  httpStatus: number | null;
  documentId: string | null;
  replaced: boolean;
  existing: { id: string; filename: string } | null;
};

export type UploadLimits = { maxFileSizeBytes: number };

type Settled = (item: UploadItem) => void;

const MAX_PARALLEL = 2;
const ENDPOINT = '/api/documents/upload';

/** What to say when the server's answer carries no sentence of its own (a proxy's page, a dropped connection). */
function fallbackError(status: number): string {
  switch (status) {
    case 0:
      return 'The connection was lost during the upload. Check your network and try again.';
    case 401:
      return 'Your session has ended. Sign in again.';
    case 403:
      return 'You are not allowed to upload documents here.';
    case 404:
      return 'That collection was not found.';
    case 413:
      return 'The file is larger than this workspace accepts.';
    case 415:
      return 'This kind of file is not accepted.';
    case 429:
      return 'Too many uploads right now. Wait a moment and try again.';
    default:
      return `The upload failed on the server (HTTP ${status}). Try again.`;
  }
}

type UploadResponse =
  | { status: 'created'; documentId: string; jobId: string; replaced: string | null }
  | { status: 'duplicate' | 'skipped'; existing: { id: string; filename: string } }
  | { error: string };

function parse(text: string): UploadResponse | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as UploadResponse) : null;
  } catch {
    return null;
  }
}

let counter = 0;

/**
 * The browser's upload queue: one XMLHttpRequest per file (so upload progress is real), at most
 * two at a time, each cancellable. A store outside React, read with useSyncExternalStore.
 */
export class UploadQueue {
  private items: UploadItem[] = [];
  private listeners = new Set<() => void>();
  private requests = new Map<string, XMLHttpRequest>();
  private onSettled: Settled = () => {};

  constructor(private limits: UploadLimits) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = () => this.items;

  setLimits(limits: UploadLimits) {
    this.limits = limits;
  }

  /** Called once per file when its request ends (created, duplicate, skipped or failed). */
  setOnSettled(handler: Settled) {
    this.onSettled = handler;
  }

  add(files: File[], target: { collectionId: string; collectionName: string; visibility: Visibility }) {
    const added = files.map((file): UploadItem => {
      const tooLarge = file.size > this.limits.maxFileSizeBytes;
      return {
        key: `upload-${++counter}`,
        file,
        name: file.name,
        size: file.size,
        ...target,
        onDuplicate: 'ask',
        // Refused here with the server's own sentence: sending it would only end in a cut connection.
        state: tooLarge ? 'failed' : 'queued',
        loaded: 0,
        total: file.size,
        error: tooLarge
          ? `The file is ${formatBytes(file.size)}; this workspace accepts files up to ${formatBytes(this.limits.maxFileSizeBytes)}.`
          : null,
        httpStatus: tooLarge ? 413 : null,
        documentId: null,
        replaced: false,
        existing: null,
      };
    });
    this.items = [...this.items, ...added];
    this.emit();
    this.pump();
    return added;
  }

  cancel(key: string) {
    const request = this.requests.get(key);
    if (request) request.abort();
    else this.update(key, (item) => (item.state === 'queued' ? { ...item, state: 'cancelled' } : item));
  }

  /** Answers a duplicate: skip keeps the copy already there; replace sends the file again to take its place. */
  resolveDuplicate(key: string, choice: 'skip' | 'replace') {
    this.update(key, (item) =>
      item.state !== 'duplicate'
        ? item
        : choice === 'skip'
          ? { ...item, state: 'skipped' }
          : { ...item, state: 'queued', onDuplicate: 'replace', loaded: 0, error: null },
    );
    this.pump();
  }

  retry(key: string) {
    this.update(key, (item) => (canRetry(item) ? { ...item, state: 'queued', loaded: 0, error: null, httpStatus: null } : item));
    this.pump();
  }

  dismiss(key: string) {
    this.items = this.items.filter((item) => item.key !== key || this.requests.has(key) || item.state === 'queued');
    this.emit();
  }

  clearFinished() {
    this.items = this.items.filter(
      (item) => item.state === 'queued' || item.state === 'uploading' || item.state === 'checking' || item.state === 'duplicate',
    );
    this.emit();
  }

  /** Stops everything (the page is going away). */
  abortAll() {
    for (const request of this.requests.values()) request.abort();
  }

  private emit() {
    for (const listener of this.listeners) listener();
  }

  private update(key: string, change: (item: UploadItem) => UploadItem): UploadItem | null {
    const index = this.items.findIndex((item) => item.key === key);
    const item = this.items[index];
    if (!item) return null;
    const next = change(item);
    if (next === item) return null;
    const items = [...this.items];
    items[index] = next;
    this.items = items;
    this.emit();
    return next;
  }

  private pump() {
    let active = this.requests.size;
    for (const item of this.items) {
      if (active >= MAX_PARALLEL) break;
      if (item.state !== 'queued') continue;
      this.start(item);
      active++;
    }
  }

  private settle(key: string, change: (item: UploadItem) => UploadItem) {
    this.requests.delete(key);
    const item = this.update(key, change);
    if (item && item.state !== 'cancelled') this.onSettled(item);
    this.pump();
  }

  private start(item: UploadItem) {
    const { key } = item;
    const request = new XMLHttpRequest();
    this.requests.set(key, request);
    const form = new FormData();
    form.append('collectionId', item.collectionId);
    form.append('onDuplicate', item.onDuplicate);
    form.append('visibility', item.visibility);
    form.append('file', item.file, item.name);

    request.upload.onprogress = (event) => {
      this.update(key, (current) => ({
        ...current,
        loaded: event.loaded,
        total: event.lengthComputable ? event.total : current.total,
      }));
    };
    // Every byte is sent: the server now checks the file (type, duplicates, quota).
    request.upload.onload = () => {
      this.update(key, (current) => ({ ...current, state: 'checking', loaded: current.total }));
    };
    request.onload = () => {
      const body = parse(request.responseText);
      this.settle(key, (current) => {
        if (body && 'status' in body) {
          if (body.status === 'created') {
            return { ...current, state: 'created', documentId: body.documentId, replaced: Boolean(body.replaced), error: null };
          }
          if (body.status === 'duplicate') return { ...current, state: 'duplicate', existing: body.existing };
          return { ...current, state: 'skipped', existing: body.existing };
        }
        const error = body && 'error' in body && typeof body.error === 'string' ? body.error : fallbackError(request.status);
        return { ...current, state: 'failed', error, httpStatus: request.status };
      });
    };
    request.onerror = () => this.settle(key, (current) => ({ ...current, state: 'failed', error: fallbackError(0), httpStatus: 0 }));
    request.onabort = () => this.settle(key, (current) => ({ ...current, state: 'cancelled', loaded: 0 }));

    this.update(key, (current) => ({ ...current, state: 'uploading', loaded: 0 }));
    request.open('POST', ENDPOINT);
    request.setRequestHeader('accept', 'application/json');
    request.send(form);
  }
}

const shared = new Map<string, UploadQueue>();

/**
 * The tab's queue for one workspace: uploads keep going (and keep their rows) while the person
 * visits another page of the console and comes back.
 */
export function getUploadQueue(workspace: string, limits: UploadLimits): UploadQueue {
  // On the server (the first render) nothing is uploaded, and nothing may be shared between requests.
  if (typeof window === 'undefined') return new UploadQueue(limits);
  let queue = shared.get(workspace);
  if (!queue) {
    queue = new UploadQueue(limits);
    shared.set(workspace, queue);
  }
  queue.setLimits(limits);
  return queue;
}

export const NO_UPLOADS: UploadItem[] = [];

export function isActive(item: UploadItem): boolean {
  return item.state === 'queued' || item.state === 'uploading' || item.state === 'checking';
}

/** Sending again can help after a cancel, a dropped connection, a rate limit or a server error; not after a refusal. */
export function canRetry(item: UploadItem): boolean {
  if (item.state === 'cancelled') return true;
  if (item.state !== 'failed' || item.httpStatus === null) return false;
  return item.httpStatus === 0 || item.httpStatus === 408 || item.httpStatus === 429 || item.httpStatus >= 500;
}
