import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

process.env.DISABLE_BACKGROUND_JOBS = '1';
// Feature hashing is instant; the semantic default (USE lite, ~0.2–0.8 s a chunk) has its own tests.
process.env.DEFAULT_EMBEDDER ??= 'local-hash';
process.env.NEXTAUTH_SECRET ??= 'test-secret-test-secret-test-secret';
process.env.NEXTAUTH_URL ??= 'http://localhost:3000';
// The fake model servers listen on loopback, which the model egress checks refuse unless allowed.
process.env.MODEL_ALLOWED_HOSTS = '127.0.0.1';
// The test OpenID Connect provider listens on loopback too.
process.env.SSO_ALLOWED_HOSTS = '127.0.0.1';
// The server's keys (secrets, audit chain), shared with the worker processes some tests spawn.
process.env.ENCRYPTION_KEYS ??= `2:${Buffer.alloc(32, 7).toString('base64')}`;
// Each test file stores uploads in a directory of its own, removed when the file is done.
const storageDir = path.join(os.tmpdir(), `ao-storage-${process.pid}-${Date.now()}`);
process.env.STORAGE_DIR = storageDir;
afterAll(() => rmSync(storageDir, { recursive: true, force: true }));
