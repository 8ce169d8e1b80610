import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from './s3';

/** A minimal local S3 (path-style PUT/GET/DELETE and ListObjectsV2) that also checks requests are signed. */
let server: http.Server;
let endpoint: string;
const objects = new Map<string, Buffer>();
const authorizations: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? '');
    const url = new URL(req.url!, 'http://x');
    const [, bucket, ...rest] = url.pathname.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    if (bucket !== 'docs') return res.writeHead(404).end();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'PUT') {
        objects.set(key, Buffer.concat(chunks));
        return res.writeHead(200).end();
      }
      if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const keys = [...objects.keys()].filter((k) => k.startsWith(prefix));
        return res
          .writeHead(200)
          .end(
            `<ListBucketResult>${keys.map((k) => `<Contents><Key>${k}</Key></Contents>`).join('')}<IsTruncated>false</IsTruncated></ListBucketResult>`,
          );
      }
      if (req.method === 'GET') return objects.has(key) ? res.writeHead(200).end(objects.get(key)) : res.writeHead(404).end();
      if (req.method === 'DELETE') {
        objects.delete(key);
        return res.writeHead(204).end();
      }
      res.writeHead(405).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('S3Storage', () => {
  it('puts, gets, removes and removes by prefix, with signed requests', async () => {
    const s3 = new S3Storage({ endpoint, bucket: 'docs', region: 'eu-west-1', accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' });
    const tenant = '11111111-1111-4111-8111-111111111111';
    await s3.put(`${tenant}/documents/a/report.pdf`, new TextEncoder().encode('pdf bytes'));
    await s3.put(`${tenant}/documents/b/notes.txt`, new TextEncoder().encode('notes'));
    await s3.put(`22222222-2222-4222-8222-222222222222/documents/c/x.txt`, new TextEncoder().encode('other tenant'));
    expect(new TextDecoder().decode(await s3.get(`${tenant}/documents/a/report.pdf`))).toBe('pdf bytes');
    await s3.remove(`${tenant}/documents/a/report.pdf`);
    await expect(s3.get(`${tenant}/documents/a/report.pdf`)).rejects.toThrow(/HTTP 404/);
    expect(await s3.removePrefix(`${tenant}/`)).toBe(1);
    expect([...objects.keys()]).toEqual(['22222222-2222-4222-8222-222222222222/documents/c/x.txt']);
    expect(authorizations.every((a) => a.startsWith('AWS4-HMAC-SHA256 Credential=AKIDTEST/'))).toBe(true);
  });
});
