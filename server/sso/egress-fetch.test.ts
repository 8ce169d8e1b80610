import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedFetch } from './egress-fetch';

/** A local "identity provider" that answers JSON, redirects, or sends too much. */
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    } else if (req.url === '/huge') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(`"${'x'.repeat(600 * 1024)}"`);
    } else if (req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ body })));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: base, path: req.url }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const allowLoopback = guardedFetch({ allowedHosts: '127.0.0.1' });

describe('guardedFetch (openid-client’s fetch to identity providers)', () => {
  it('fetches from an allowed address, path and query intact, and sends form bodies', async () => {
    const response = await allowLoopback(`${base}/.well-known/openid-configuration?x=1`, { method: 'GET', headers: {} });
    expect(await response.json()).toEqual({ issuer: base, path: '/.well-known/openid-configuration?x=1' });
    const posted = await allowLoopback(`${base}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code: 'abc' }),
    });
    expect(await posted.json()).toEqual({ body: 'code=abc' });
  });

  it('refuses loopback unless allowed, naming the identity provider and SSO_ALLOWED_HOSTS', async () => {
    await expect(guardedFetch({ allowedHosts: '' })(`${base}/`, { method: 'GET', headers: {} })).rejects.toThrow(
      /identity provider’s address 127\.0\.0\.1 is a loopback address .*SSO_ALLOWED_HOSTS/,
    );
    await expect(guardedFetch({ allowedHosts: '' })('http://169.254.169.254/', { method: 'GET', headers: {} })).rejects.toThrow(
      /link-local/,
    );
  });

  it('hands a redirect back without following it', async () => {
    const response = await allowLoopback(`${base}/redirect`, { method: 'GET', headers: {} });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toContain('169.254.169.254');
  });

  it('refuses an answer larger than a provider’s documents ever are', async () => {
    await expect(allowLoopback(`${base}/huge`, { method: 'GET', headers: {} })).rejects.toThrow(/more than 512 KB/);
  });
});
