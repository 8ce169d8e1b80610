import { describe, expect, it } from 'vitest';
import { formatSse, sseResponse, type SseEvent } from './chat-sse';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sseResponse', () => {
  it('sends each event as `event:` and one `data:` line, with headers that stop buffering', async () => {
    async function* events(): AsyncGenerator<SseEvent> {
      yield { event: 'token', data: { text: 'two\nlines' } };
      yield { event: 'done', data: { ok: true } };
    }
    const response = sseResponse(events(), { stop: new AbortController() });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(await response.text()).toBe('event: token\ndata: {"text":"two\\nlines"}\n\nevent: done\ndata: {"ok":true}\n\n');
    expect(formatSse({ event: 'x', data: null })).toBe('event: x\ndata: null\n\n');
  });

  it('sends keep-alive comments while the producer is quiet', async () => {
    async function* slow(): AsyncGenerator<SseEvent> {
      await sleep(120);
      yield { event: 'done', data: {} };
    }
    const text = await sseResponse(slow(), { stop: new AbortController(), heartbeatMs: 20 }).text();
    expect(text.split(': keep-alive\n\n').length - 1).toBeGreaterThanOrEqual(2);
    expect(text.endsWith('event: done\ndata: {}\n\n')).toBe(true);
  });

  it('aborts `stop` when the client cancels the body, and still lets the producer finish its work', async () => {
    const stop = new AbortController();
    let finished = false;
    async function* producer(): AsyncGenerator<SseEvent> {
      yield { event: 'token', data: { text: 'a' } };
      while (!stop.signal.aborted) await sleep(5);
      yield { event: 'token', data: { text: 'after the client left' } };
      finished = true;
    }
    const reader = sseResponse(producer(), { stop }).body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(stop.signal.aborted).toBe(true);
    for (let i = 0; i < 100 && !finished; i++) await sleep(5);
    expect(finished).toBe(true);
  });
});
