import 'server-only';
import { createHash, createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from 'node:crypto';
import { loadEncryptionKeys } from '@/server/ai/encryption-keys';

/**
 * The key pair that signs certificates of erasure: Ed25519, its seed derived by HKDF from an
 * ENCRYPTION_KEYS key under a label of its own, so it survives restarts, needs no secret of its
 * own, and never equals the key that encrypts secrets or keys the audit chain. Every configured
 * key version gives a pair: the current one signs, older ones still verify after a rotation.
 */
export type SigningKey = { keyId: string; version: number; privateKey: KeyObject; publicKey: KeyObject };

// The DER header of a PKCS#8 Ed25519 private key, before its 32-byte seed (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function derive(version: number, material: Buffer): SigningKey {
  const seed = Buffer.from(hkdfSync('sha256', material, 'agenticomni', 'gdpr-certificate-ed25519-v1', 32));
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const fingerprint = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  return { keyId: `ed25519-v${version}-${fingerprint}`, version, privateKey, publicKey };
}

export function signingKeys(): { current: SigningKey; all: SigningKey[] } {
  const { current, keys } = loadEncryptionKeys();
  const all = [...keys.entries()].sort(([a], [b]) => b - a).map(([version, material]) => derive(version, material));
  return { current: all.find((k) => k.version === current)!, all };
}

export type PublicKeyInfo = { keyId: string; algorithm: 'Ed25519'; publicKeyPem: string; publicKeyBase64: string; current: boolean };

/** The public keys, to publish: anyone can check a certificate with them, offline too. */
export function publicKeys(): PublicKeyInfo[] {
  const { current, all } = signingKeys();
  return all.map((k) => ({
    keyId: k.keyId,
    algorithm: 'Ed25519',
    publicKeyPem: k.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    publicKeyBase64: k.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64'),
    current: k.keyId === current.keyId,
  }));
}
