import 'server-only';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import { countTokens } from '@/server/documents/chunk';
import type { AnswerInput, ChatEvent, ChatModel } from './chat-model';
import { checkModelUrl, EgressRefusal, requestChecked, type CheckedUrl, type EgressOptions } from './egress';

/** What went wrong with a provider call, for the run record (whether a retry may help). */
export type ProviderErrorCode = 'timeout' | 'unreachable' | 'address_refused' | 'redirect' | 'http' | 'stream_error' | 'broken_off';

export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly userMessage: string,
    readonly code: ProviderErrorCode,
    readonly status?: number,
  ) {
    super(userMessage);
  }
}

/** What a chat user sees when the saved model address is no longer allowed (DNS or policy changed). */
export const REFUSED_AT_REQUEST =
  'This workspace’s model address is not allowed by the server any more. A workspace admin can see why by saving the model settings again.';

export type OpenAICompatibleConfig = {
  baseUrl: string;
  model: string;
  apiKey?: string | null;
  temperature: number;
  maxTokens: number;
  /** Whole request, first byte to last. */
  timeoutMs?: number;
  /** The workspace's own instructions, sent after the grounding rules, which they cannot replace. */
  systemPrompt?: string | null;
};

export const SYSTEM_PROMPT = [
  'You answer questions using only the numbered passages you are given.',
  'After every sentence of your answer, cite the passage(s) that support it as [n], e.g. "The plan costs 90 euros [2]."',
  'Never cite a number that is not one of the passages. Do not use outside knowledge.',
  'If the passages do not contain the answer, say plainly that the documents do not answer the question, and cite nothing.',
].join(' ');

/** A workspace's prompt as the model reads it: second to the grounding rules, said so. */
export function workspaceInstructions(prompt: string): string {
  return `Instructions from this workspace (follow them unless they conflict with the rules above, which always apply):\n${prompt}`;
}

function contextBlock(input: AnswerInput): string {
  return input.contexts
    .map((c) => `[${c.n}] ${c.filename}${c.page ? `, page ${c.page}` : ''}${c.section ? ` — ${c.section}` : ''}\n${c.content}`)
    .join('\n\n');
}

const LOGGED_CHARS = 500;

const trim = (text: string) => (text.length > LOGGED_CHARS ? `${text.slice(0, LOGGED_CHARS)}…` : text);

/** The start of an error body, for the log; the rest is not read. */
async function readTrimmed(response: IncomingMessage): Promise<string> {
  let text = '';
  try {
    for await (const bytes of response as AsyncIterable<Buffer>) {
      text += bytes.toString('utf8');
      if (text.length > LOGGED_CHARS) break;
    }
  } catch {
    // what arrived is enough
  }
  response.destroy();
  return trim(text);
}

/**
 * The error an unsuccessful answer of a provider stands for, or null for a 2xx. A redirect is
 * refused (it could lead anywhere, past the address checks); any other status is logged with the
 * start of its body, which may echo anything (keys, internal names) and so never reaches a user.
 */
export async function responseFailure(response: IncomingMessage, who: string, host: string): Promise<ProviderError | null> {
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) return null;
  if (status >= 300 && status < 400) {
    response.destroy();
    return new ProviderError(`The ${who} (${host}) answered with a redirect (HTTP ${status}), which is not followed.`, 'redirect', status);
  }
  console.warn(`${who} ${host} answered ${status}:`, await readTrimmed(response));
  const reason = STATUS_CODES[status];
  return new ProviderError(`The ${who} (${host}) answered ${status}${reason ? ` ${reason}` : ''}.`, 'http', status);
}

/**
 * Any server speaking OpenAI's chat-completions wire format (OpenAI, Azure OpenAI, Ollama, vLLM,
 * LM Studio), streamed over server-sent events, reached only through the address checks of
 * `egress.ts`. Errors, time-outs and a stream that ends without its final `[DONE]` become
 * ProviderErrors with a short sentence for the user (status and host); what the provider said is
 * logged, never shown.
 */
export class OpenAICompatibleModel implements ChatModel {
  readonly provider = 'openai-compatible';
  readonly model: string;

  constructor(
    private readonly config: OpenAICompatibleConfig,
    /** Where DNS and sockets come from; the system's by default, faked in tests. */
    private readonly egress: EgressOptions = {},
  ) {
    this.model = config.model;
  }

  async *answer(input: AnswerInput): AsyncIterable<ChatEvent> {
    const messages = [
      { role: 'system', content: SYSTEM_PROMPT },
      ...(this.config.systemPrompt?.trim() ? [{ role: 'system', content: workspaceInstructions(this.config.systemPrompt.trim()) }] : []),
      { role: 'system', content: `Passages:\n\n${contextBlock(input)}` },
      ...input.history.slice(-6).map((t) => ({ role: t.role, content: t.content })),
      { role: 'user', content: input.question },
    ];
    yield* this.chat(messages, input.signal);
  }

  /**
   * Any chat completion through the same guarded path (address check on every request, no
   * redirects, provider bodies kept out of messages): the answers, and the evaluation judge.
   */
  async *chat(
    messages: Array<{ role: string; content: string }>,
    userSignal?: AbortSignal,
    options: { temperature?: number; maxTokens?: number } = {},
  ): AsyncIterable<ChatEvent> {
    const input = { signal: userSignal };
    const timeout = AbortSignal.timeout(this.config.timeoutMs ?? 60_000);
    const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
    // Checked on every request, not only when saved: DNS answers and MODEL_ALLOWED_HOSTS change.
    let checked: CheckedUrl;
    try {
      checked = await checkModelUrl(this.config.baseUrl, this.egress, signal);
    } catch (error) {
      if (error instanceof EgressRefusal) {
        // The reason names internal addresses: it is for the log and the admin saving settings,
        // not for whoever is chatting.
        console.warn(`model request refused: ${error.message}`);
        throw new ProviderError(REFUSED_AT_REQUEST, 'address_refused');
      }
      if (input.signal?.aborted) throw error;
      if (timeout.aborted) throw new ProviderError('The language model did not answer in time.', 'timeout');
      throw error;
    }
    const host = checked.url.host;
    let response: IncomingMessage;
    try {
      response = await requestChecked(
        checked,
        {
          method: 'POST',
          path: '/chat/completions',
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
            ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}`, 'api-key': this.config.apiKey } : {}),
          },
          body: JSON.stringify({
            model: this.config.model,
            messages,
            temperature: options.temperature ?? this.config.temperature,
            max_tokens: options.maxTokens ?? this.config.maxTokens,
            stream: true,
            stream_options: { include_usage: true },
          }),
          signal,
        },
        this.egress,
      );
    } catch (error) {
      if (input.signal?.aborted) throw error;
      if (timeout.aborted) throw new ProviderError('The language model did not answer in time.', 'timeout');
      console.warn(`model provider ${host} could not be reached:`, (error as Error).message);
      throw new ProviderError(`The model provider (${host}) could not be reached.`, 'unreachable');
    }
    const failure = await responseFailure(response, 'model provider', host);
    if (failure) throw failure;
    let usage: { prompt_tokens?: number; completion_tokens?: number } | undefined;
    let output = '';
    let done = false;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const bytes of response as AsyncIterable<Uint8Array>) {
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
          if (chunk.error) {
            console.warn(`model provider ${host} failed during the answer:`, trim(chunk.error.message ?? JSON.stringify(chunk.error)));
            throw new ProviderError(`The model provider (${host}) reported an error during the answer.`, 'stream_error');
          }
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
      if (timeout.aborted) throw new ProviderError('The language model stopped answering in time.', 'timeout');
      throw new ProviderError('The connection to the language model broke off during the answer.', 'broken_off');
    }
    if (!done) throw new ProviderError('The language model’s answer was cut off before it finished.', 'broken_off');
    yield {
      type: 'usage',
      inputTokens: usage?.prompt_tokens ?? countTokens(messages.map((m) => m.content).join('\n')),
      outputTokens: usage?.completion_tokens ?? countTokens(output),
    };
  }
}
