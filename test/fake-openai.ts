import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBehaviour = 'ok' | 'unauthorized' | 'drop' | 'slow' | 'redirect' | 'failing';

/**
 * Behaviours of the /embeddings route, by model name: 'embed-ok' answers a vector per input (of
 * the requested `dimensions`, 4 by default, in reverse order with their `index`); 'embed-malformed'
 * answers JSON that is not an embeddings list; 'embed-wrong-dimension' makes the last vector one
 * longer; 'embed-rate-limited' answers 429 (Retry-After: 0) to every other request, starting
 * with the first; 'failing', 'redirect' and 'slow' as for chat.
 */
export type FakeEmbeddingBehaviour = 'embed-ok' | 'embed-malformed' | 'embed-wrong-dimension' | 'embed-rate-limited';

/** The fake's vector for a text: deterministic, from its characters. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  return Array.from({ length: dimensions }, (_, i) => ((text.charCodeAt(i % Math.max(1, text.length)) || 0) % 17) / 17 + i);
}

/** What the 'failing' model's 500 body holds, so a test can check it never reaches a person. */
export const FAKE_ERROR_SECRET = 'sk-live-LEAKED-4f9a8b7c6d5e internal db at 10.0.0.5:5432';

/**
 * A local server speaking OpenAI's chat-completions wire format, for tests only. The model name
 * picks its behaviour: 'ok' streams `answer` (or what it returns for the request's messages: deltas, usage, [DONE]); 'unauthorized' answers 401;
 * 'drop' breaks the connection mid-stream; 'slow' never answers; 'redirect' answers 302 to
 * `options.redirectTo`; 'failing' answers 500 with a body holding FAKE_ERROR_SECRET.
 */
export async function startFakeOpenAI(
  answer: string | ((messages: Array<{ role: string; content: string }>) => string),
  options: { redirectTo?: string } = {},
) {
  const requests: Array<{
    host?: string;
    authorization?: string;
    path?: string;
    body: {
      model: string;
      messages: Array<{ role: string; content: string }>;
      stream: boolean;
      input?: string[];
      dimensions?: number;
      temperature?: number;
    };
  }> = [];
  let embeddingCalls = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as (typeof requests)[number]['body'];
      requests.push({ host: req.headers.host, authorization: req.headers.authorization, path: req.url, body });
      const behaviour = body.model as FakeBehaviour;
      if (req.url === '/v1/embeddings' && body.model.startsWith('embed-')) {
        const kind = body.model as FakeEmbeddingBehaviour;
        const input = body.input ?? [];
        if (kind === 'embed-rate-limited' && embeddingCalls++ % 2 === 0) {
          res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"error":{"message":"slow down"}}');
          return;
        }
        if (kind === 'embed-malformed') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: 'not a list' }));
          return;
        }
        const data = input.map((text, index) => ({
          object: 'embedding',
          index,
          embedding: fakeEmbedding(text, (body.dimensions ?? 4) + (kind === 'embed-wrong-dimension' && index === input.length - 1 ? 1 : 0)),
        }));
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ object: 'list', data: data.reverse(), model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
        return;
      }
      if (req.url !== '/v1/chat/completions' && req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      if (behaviour === 'unauthorized') {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: 'Incorrect API key provided.' } }));
        return;
      }
      if (behaviour === 'redirect') {
        res.writeHead(302, { location: options.redirectTo ?? '/' }).end();
        return;
      }
      if (behaviour === 'failing') {
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: `Upstream crashed: ${FAKE_ERROR_SECRET}` } }));
        return;
      }
      if (behaviour === 'slow') return; // never answers
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const text = typeof answer === 'string' ? answer : answer(body.messages);
      const words = text.match(/\S+\s*/g) ?? [];
      const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
      // Words go out one by one, a few milliseconds apart, as a real model streams them.
      let i = 0;
      const next = () => {
        if (behaviour === 'drop' && i === 3) {
          res.socket?.destroy();
          return;
        }
        if (i < words.length) {
          send({ choices: [{ delta: { content: words[i++] } }] });
          setTimeout(next, 5);
          return;
        }
        send({ choices: [], usage: { prompt_tokens: 321, completion_tokens: words.length } });
        res.end('data: [DONE]\n\n');
      };
      next();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
