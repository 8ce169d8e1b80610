import 'server-only';
import { AwsClient } from 'aws4fetch';
import type { StorageAdapter } from './types';

export type S3Config = {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
};

export function s3ConfigFromEnv(): S3Config {
  const config = {
    endpoint: process.env.S3_ENDPOINT || `https://s3.${process.env.S3_REGION || 'us-east-1'}.amazonaws.com`,
    bucket: process.env.S3_BUCKET ?? '',
    region: process.env.S3_REGION || 'us-east-1',
    accessKeyId: process.env.S3_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? '',
  };
  if (!config.bucket || !config.accessKeyId || !config.secretAccessKey) {
    throw new Error('S3 storage needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (and S3_ENDPOINT for non-AWS services).');
  }
  return config;
}

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

/**
 * Any S3-compatible object store (AWS S3, MinIO, Ceph, R2…), path-style addressing, requests
 * signed with SigV4. Keys are the same `<tenantId>/…` keys as on local disk.
 */
export class S3Storage implements StorageAdapter {
  private readonly client: AwsClient;
  private readonly base: string;

  constructor(config: S3Config) {
    this.client = new AwsClient({
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      region: config.region,
      service: 's3',
    });
    this.base = `${config.endpoint.replace(/\/$/, '')}/${encodeURIComponent(config.bucket)}`;
  }

  private async send(method: string, key: string, body?: Uint8Array) {
    const response = await this.client.fetch(`${this.base}/${encodeKey(key)}`, {
      method,
      ...(body ? { body: Buffer.from(body), headers: { 'content-type': 'application/octet-stream' } } : {}),
    });
    if (!response.ok && !(method === 'DELETE' && response.status === 404)) {
      throw new Error(`S3 ${method} ${key} failed with HTTP ${response.status}`);
    }
    return response;
  }

  async put(key: string, body: Uint8Array) {
    await this.send('PUT', key, body);
  }

  async get(key: string) {
    return new Uint8Array(await (await this.send('GET', key)).arrayBuffer());
  }

  async remove(key: string) {
    await this.send('DELETE', key);
  }

  async removePrefix(prefix: string) {
    let removed = 0;
    let token: string | null = null;
    do {
      const query = new URLSearchParams({ 'list-type': '2', prefix, ...(token ? { 'continuation-token': token } : {}) });
      const response = await this.client.fetch(`${this.base}?${query}`);
      if (!response.ok) throw new Error(`S3 list ${prefix} failed with HTTP ${response.status}`);
      const xml = await response.text();
      const keys = [...xml.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => decodeXml(m[1]!));
      for (const key of keys) await this.remove(key);
      removed += keys.length;
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? (/<NextContinuationToken>([^<]+)</.exec(xml)?.[1] ?? null) : null;
    } while (token);
    return removed;
  }
}

function decodeXml(text: string) {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
