import { describe, expect, it } from 'vitest';
import { AppError } from '@/server/shared/errors';
import type { IdempotencyClaim, StoredResponse } from './idempotency';
import { eventStreamResponse } from './sse';

function fakeClaim() {
  const calls: Array<['complete', StoredResponse] | ['release']> = [];
  const claim: IdempotencyClaim = {
    key: 'k',
    complete: async (response) => void calls.push(['complete', response]),
    release: async () => void calls.push(['release']),
  };
  return { claim, calls };
}

describe('event streams', () => {
  it('sends named JSON events and stores the final answer for a replay', async () => {
    const { claim, calls } = fakeClaim();
    const response = eventStreamResponse({ idempotency: claim }, async (send) => {
      send('token', { text: 'Hel' });
      send('token', { text: 'lo' });
      send('done', { messageId: 'm1' });
      return { status: 200, body: { answer: 'Hello' } };
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe(
      'event: token\ndata: {"text":"Hel"}\n\nevent: token\ndata: {"text":"lo"}\n\nevent: done\ndata: {"messageId":"m1"}\n\n',
    );
    expect(calls).toEqual([['complete', { status: 200, body: { answer: 'Hello' }, headers: {} }]]);
  });

  it('ends a failed stream with an error event in the API shape and releases the key', async () => {
    const { claim, calls } = fakeClaim();
    const response = eventStreamResponse({ idempotency: claim }, async (send) => {
      send('token', { text: 'Par' });
      throw new AppError('TOO_MANY_REQUESTS', 'No tokens left today.');
    });
    expect(await response.text()).toBe(
      'event: token\ndata: {"text":"Par"}\n\nevent: error\ndata: {"error":{"code":"rate_limited","message":"No tokens left today.","details":null}}\n\n',
    );
    expect(calls).toEqual([['release']]);
  });

  it('tells the producer when the client went away, and sends nothing after', async () => {
    let seen: AbortSignal | undefined;
    const response = eventStreamResponse({ idempotency: null }, async (send, signal) => {
      seen = signal;
      send('token', { text: 'a' });
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      send('token', { text: 'never' });
      return { status: 200, body: null };
    });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(seen?.aborted).toBe(true);
  });
});
