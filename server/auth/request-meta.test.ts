import { describe, expect, it } from 'vitest';
import { clientIp } from './request-meta';

const from = (headers: Record<string, string>) => (name: string) => headers[name] ?? null;

describe('clientIp', () => {
  it('takes the first X-Forwarded-For hop, then X-Real-IP, else nothing', () => {
    expect(clientIp(from({ 'x-forwarded-for': ' 203.0.113.5 , 10.0.0.1' }))).toBe('203.0.113.5');
    expect(clientIp(from({ 'x-real-ip': '198.51.100.2' }))).toBe('198.51.100.2');
    expect(clientIp(from({ 'x-forwarded-for': '' }))).toBeNull();
    expect(clientIp(from({}))).toBeNull();
    expect(clientIp(from({ 'x-forwarded-for': '::ffff:127.0.0.1' }))).toBe('127.0.0.1');
    expect(clientIp(from({ 'x-forwarded-for': '::1' }))).toBe('::1');
  });
});
