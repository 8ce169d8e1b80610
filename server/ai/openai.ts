import 'server-only';
import { countTokens } from '@/server/documents/chunk';
import type { AnswerInput, ChatEvent, ChatModel } from './chat-model';

export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly userMessage: string,
    readonly status?: number,
  ) {
    super(userMessage);
  }
}

export type OpenAICompatibleConfig = {
  baseUrl: string;
  model: string;
  apiKey?: string | null;
  temperature: number;
  maxTokens: number;
  /** Whole request, first byte to last. */
  timeoutMs?: number;
};

export const SYSTEM_PROMPT = [
  'You answer questions using only the numbered passages you are given.',
  'After every sentence of your answer, cite the passage(s) that support it as [n], e.g. "The plan costs 90 euros [2]."',
  'Never cite a number that is not one of the passages. Do not use outside knowledge.',
  'If the passages do not contain the answer, say plainly that the documents do not answer the question, and cite nothing.',
].join(' ');

function contextBlock(input: AnswerInput): string {
  return input.contexts
    .map((c) => `[${c.n}] ${c.filename}${c.page ? `, page ${c.page}` : ''}${c.section ? ` — ${c.section}` : ''}\n${c.content}`)
    .join('\n\n');
}

/**
 * Any server speaking OpenAI's chat-completions wire format (OpenAI, Azure OpenAI, Ollama, vLLM,
 * LM Studio), streamed over server-sent events. Errors, time-outs and a stream that ends without
 * its final `[DONE]` become ProviderErrors with a sentence for the user.
 */
export class OpenAICompatibleModel implements ChatModel {
  readonly provider = 'openai-compatible';
  readonly model: string;

  constructor(private readonly config: OpenAICompatibleConfig) {
    this.model = config.model;
  }

  async *answer(input: AnswerInput): AsyncIterable<ChatEvent> {
    const messages = [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'system', content: `Passages:\n\n${contextBlock(input)}` },
      ...input.history.slice(-6).map((t) => ({ role: t.role, content: t.content })),
      { role: 'user', content: input.question },
    ];
    const timeout = AbortSignal.timeout(this.config.timeoutMs ?? 60_000);
    const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(`${this.config.baseUrl.replace(/\/$/, '')}/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}`, 'api-key': this.config.apiKey } : {}),
        },
        body: JSON.stringify({
          model: this.config.model,
          messages,
          temperature: this.config.temperature,
          max_tokens: this.config.maxTokens,
          stream: true,
          stream_options: { include_usage: true },
        }),
        signal,
      });
    } catch (error) {
      if (input.signal?.aborted) throw error;
      if (timeout.aborted) throw new ProviderError('The language model did not answer in time.');
      throw new ProviderError(`The language model could not be reached (${(error as Error).message}).`);
    }
    if (!response.ok || !response.body) {
      const detail = await response.text().catch(() => '');
      let message = detail.slice(0, 300);
      try {
        const parsed = JSON.parse(detail) as { error?: { message?: string } | string };
        message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? message);
      } catch {
        // not JSON: keep the text
      }
      throw new ProviderError(
        `The language model refused the request (HTTP ${response.status}${message ? `: ${message}` : ''}).`,
        response.status,
      );
    }
    let usage: { prompt_tokens?: number; completion_tokens?: number } | undefined;
    let output = '';
    let done = false;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(bytes, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (!line.startsWith('data:')) continue;
          const data = line.slice(5).trim();
          if (data === '[DONE]') {
            done = true;
            continue;
          }
          const chunk = JSON.parse(data) as {
            choices?: Array<{ delta?: { content?: string | null } }>;
            usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
            error?: { message?: string };
          };
          if (chunk.error) throw new ProviderError(`The language model failed: ${chunk.error.message ?? 'unknown error'}.`);
          if (chunk.usage) usage = chunk.usage;
          const text = chunk.choices?.[0]?.delta?.content;
          if (text) {
            output += text;
            yield { type: 'delta', text };
          }
        }
      }
    } catch (error) {
      if (error instanceof ProviderError || input.signal?.aborted) throw error;
      if (timeout.aborted) throw new ProviderError('The language model stopped answering in time.');
      throw new ProviderError('The connection to the language model broke off during the answer.');
    }
    if (!done) throw new ProviderError('The language model’s answer was cut off before it finished.');
    yield {
      type: 'usage',
      inputTokens: usage?.prompt_tokens ?? countTokens(messages.map((m) => m.content).join('\n')),
      outputTokens: usage?.completion_tokens ?? countTokens(output),
    };
  }
}
