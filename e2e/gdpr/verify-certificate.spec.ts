import { createHash, createPrivateKey, createPublicKey, hkdfSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SCREENSHOT_DIR } from '../support/auth';

const SHOTS = `${SCREENSHOT_DIR}/gdpr`;

/**
 * The server's certificate key, derived here the way the server derives it (HKDF of its current
 * ENCRYPTION_KEYS key, Ed25519 seed), from the key the launcher keeps under .data: a certificate
 * signed with it is one the server would have issued, and the published key must be this one.
 */
function serverSigningKey() {
  const configured =
    process.env.ENCRYPTION_KEYS?.trim() || readFileSync(path.join(process.cwd(), '.data', 'encryption-keys'), 'utf8').trim();
  const [version, material] = configured.split(',')[0]!.trim().split(':');
  const seed = Buffer.from(hkdfSync('sha256', Buffer.from(material!, 'base64'), 'agenticomni', 'gdpr-certificate-ed25519-v1', 32));
  const privateKey = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const raw = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
  return { privateKey, keyId: `ed25519-v${version}-${createHash('sha256').update(raw).digest('hex').slice(0, 16)}` };
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function issue() {
  const key = serverSigningKey();
  const certificate = {
    type: 'gdpr-erasure-certificate',
    version: 1,
    issuer: 'AgenticOmni Console',
    requestId: '6f1c2f9e-0c3b-4d7a-9d0e-2b8f4a1c5e77',
    tenantId: '0b6d7c1a-5e2f-4a9b-8c3d-1e2f3a4b5c6d',
    subjectPseudonym: 'ps2_4f0c9a7e1b2d3c4e5f60718293a4b5c6',
    subjectKind: 'user',
    scopes: { stores: ['documents', 'files', 'chatSessions'], sharedDocuments: 'delete' },
    removed: { documents: 2, files: 2, chatSessions: 1 },
    remaining: { documents: 0, files: 0, chatSessions: 0 },
    sharedDocumentsKept: 0,
    keptDocumentMentions: 0,
    auditChain: { head: `42:h3.2.${'c'.repeat(64)}`, entries: 42 },
    startedAt: '2026-12-01T09:00:00.000Z',
    completedAt: '2026-12-01T09:00:04.000Z',
    signingKey: key.keyId,
    signatureAlgorithm: 'Ed25519',
  };
  return { certificate, signature: sign(null, Buffer.from(canonicalJson(certificate)), key.privateKey).toString('base64') };
}

test('[GDPR][CERTIFICATE]: anyone checks a certificate of erasure on the public page: valid as issued, not valid once changed', async ({
  page,
}) => {
  const file = issue();
  const published = await (await page.request.get('/api/gdpr/certificates/public-key')).json();
  expect(published.keys).toContainEqual(
    expect.objectContaining({ keyId: file.certificate.signingKey, algorithm: 'Ed25519', current: true }),
  );

  // Not signed in: the page is public. The downloaded file, uploaded as is.
  await page.goto('/verify-certificate');
  await expect(page.getByRole('heading', { name: 'Verify a certificate of erasure' })).toBeVisible();
  await page.getByLabel('Certificate file').setInputFiles({
    name: 'erasure-certificate.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(file, null, 2)),
  });
  await expect(page.getByLabel('Certificate (JSON)')).toHaveValue(/gdpr-erasure-certificate/);
  await page.getByRole('button', { name: 'Verify' }).click();
  const verdict = page.getByTestId('certificate-verdict');
  await expect(verdict.getByRole('heading', { name: 'Valid certificate' })).toBeVisible();
  await expect(verdict).toContainText(file.certificate.signingKey);
  await page.screenshot({ path: `${SHOTS}/verify-valid.png`, fullPage: true });

  // A count changed by hand: the signature no longer matches, and the page says why.
  const altered = { ...file, certificate: { ...file.certificate, removed: { ...file.certificate.removed, documents: 1 } } };
  await page.getByLabel('Certificate (JSON)').fill(JSON.stringify(altered));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(verdict.getByRole('heading', { name: 'Not valid' })).toBeVisible();
  await expect(verdict).toContainText('changed after it was signed');

  // Something that is no certificate: a sentence beside the field, from the keyboard alone.
  await page.getByLabel('Certificate (JSON)').fill('{"certificate": ');
  await page.getByLabel('Certificate (JSON)').press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByText('This is not JSON.')).toBeVisible();

  // The REST endpoint agrees.
  const rest = await page.request.post('/api/gdpr/certificates/verify', { data: altered });
  expect(await rest.json()).toMatchObject({ valid: false });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByLabel('Certificate (JSON)').fill(JSON.stringify(file));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(verdict.getByRole('heading', { name: 'Valid certificate' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/verify-phone-dark.png`, fullPage: true });
});
