import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeOpenAI } from '@/test/fake-openai';
import type { Connect, ConnectTarget, Lookup } from './egress';
import { OpenAICompatibleModel, ProviderError, REFUSED_AT_REQUEST } from './openai';

let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let fakePort: number;

beforeAll(async () => {
  fake = await startFakeOpenAI('The plan costs ninety euros [1].');
  fakePort = Number(new URL(fake.baseUrl).port);
});
afterAll(async () => {
  await fake?.stop();
});

const settings = { model: 'ok', temperature: 0, maxTokens: 50 };

/** Runs one answer to its end: the text, or the ProviderError it ended with. */
async function run(model: OpenAICompatibleModel): Promise<{ text: string; error: ProviderError | null }> {
  let text = '';
  try {
    for await (const event of model.answer({ question: 'What does the plan cost?', history: [], contexts: [] })) {
      if (event.type === 'delta') text += event.text;
    }
    return { text, error: null };
  } catch (error) {
    if (error instanceof ProviderError) return { text, error };
    throw error;
  }
}

/**
 * Stands in for opening sockets: records where each connection was asked to go, and carries it to
 * the local fake server instead, so a public-looking address is never really contacted. Addresses
 * in `refuse` fail as a closed port would.
 */
function loopbackConnect(refuse: string[] = []) {
  const targets: ConnectTarget[] = [];
  const connect = vi.fn<Connect>((target) => {
    targets.push(target);
    if (refuse.includes(target.address)) {
      const socket = new net.Socket();
      process.nextTick(() => socket.destroy(Object.assign(new Error(`connect ECONNREFUSED ${target.address}`), { code: 'ECONNREFUSED' })));
      return socket;
    }
    return net.connect({ host: '127.0.0.1', port: fakePort });
  });
  return { connect, targets };
}

describe('OpenAICompatibleModel: where it connects', () => {
  it('refuses a host name resolving to a private address without opening any connection', async () => {
    const lookup = vi.fn<Lookup>(async () => [{ address: '10.1.2.3', family: 4 }]);
    const { connect } = loopbackConnect();
    const before = fake.requests.length;
    const model = new OpenAICompatibleModel({ ...settings, baseUrl: `http://internal.example:${fakePort}/v1` }, { lookup, connect });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { error } = await run(model);
    // The person chatting gets no internal address; the log has the reason.
    expect(error?.userMessage).toBe(REFUSED_AT_REQUEST);
    expect(warn).toHaveBeenCalledWith(
      'model request refused: The model address internal.example resolves to 10.1.2.3, a private network address. Ask your platform operator to allow it (MODEL_ALLOWED_HOSTS).',
    );
    warn.mockRestore();
    expect(lookup).toHaveBeenCalledWith('internal.example');
    expect(connect).not.toHaveBeenCalled();
    expect(fake.requests.length).toBe(before);
  });

  it('connects to the address it checked, even when DNS answers differently afterwards (rebinding)', async () => {
    // Public at the check, private at any later question.
    const lookup = vi
      .fn<Lookup>()
      .mockResolvedValueOnce([{ address: '203.0.113.10', family: 4 }])
      .mockResolvedValue([{ address: '10.0.0.1', family: 4 }]);
    const { connect, targets } = loopbackConnect();
    const model = new OpenAICompatibleModel({ ...settings, baseUrl: `http://rebind.example:${fakePort}/v1` }, { lookup, connect });
    const first = await run(model);
    expect(first).toEqual({ text: 'The plan costs ninety euros [1].', error: null });
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(targets).toEqual([{ address: '203.0.113.10', family: 4, port: fakePort, tls: false, servername: 'rebind.example' }]);
    // The provider sees the URL's host, not the address.
    expect(fake.requests.at(-1)!.host).toBe(`rebind.example:${fakePort}`);
    // The next request asks DNS again and is refused before connecting anywhere.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const second = await run(model);
    expect(second.error?.userMessage).toBe(REFUSED_AT_REQUEST);
    expect(warn.mock.calls[0]?.[0]).toMatch(/rebind\.example resolves to 10\.0\.0\.1, a private network address/);
    warn.mockRestore();
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it('tries the next checked address when one refuses the connection, and only checked ones', async () => {
    const lookup = vi.fn<Lookup>(async () => [
      { address: '2001:db8::10', family: 6 },
      { address: '203.0.113.11', family: 4 },
    ]);
    const { connect, targets } = loopbackConnect(['2001:db8::10']);
    const model = new OpenAICompatibleModel({ ...settings, baseUrl: `http://two.example:${fakePort}/v1` }, { lookup, connect });
    expect((await run(model)).text).toBe('The plan costs ninety euros [1].');
    expect(targets.map((t) => t.address)).toEqual(['2001:db8::10', '203.0.113.11']);
  });

  it('speaks TLS to the checked address with the URL’s host name as SNI, and says briefly when it cannot connect', async () => {
    const lookup = vi.fn<Lookup>(async () => [{ address: '203.0.113.12', family: 4 }]);
    const { connect, targets } = loopbackConnect(['203.0.113.12']);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const model = new OpenAICompatibleModel({ ...settings, baseUrl: 'https://api.example.test/v1' }, { lookup, connect });
      const { error } = await run(model);
      expect(error?.userMessage).toBe('The model provider (api.example.test) could not be reached.');
      expect(targets).toEqual([{ address: '203.0.113.12', family: 4, port: 443, tls: true, servername: 'api.example.test' }]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('api.example.test'), expect.stringContaining('ECONNREFUSED'));
    } finally {
      warn.mockRestore();
    }
  });

  it('gives up in time on a resolver that never answers', async () => {
    const { connect } = loopbackConnect();
    const lookup = vi.fn<Lookup>(() => new Promise(() => undefined));
    const model = new OpenAICompatibleModel({ ...settings, baseUrl: 'https://hanging.example/v1', timeoutMs: 50 }, { lookup, connect });
    expect((await run(model)).error?.userMessage).toBe('The language model did not answer in time.');
    expect(connect).not.toHaveBeenCalled();
  });
});
