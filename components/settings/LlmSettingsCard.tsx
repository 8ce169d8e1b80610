'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/providers/trpc';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { fieldError, formErrorText } from '@/components/ui/errors';
import { formatDuration, formatNumber } from '@/lib/format';
import { Input } from '@/components/ui/Input';
import { describedBy, Field } from '@/components/ui/Field';
import { Textarea } from '@/components/ui/Textarea';
import { NumberField, parseNumber, savedInput, type LlmSettings, type NumberRule, type ProviderType } from './form';
import { Alert } from '@/components/ui/Alert';
import { useFocusFirstInvalid, useUnsavedChangesWarning } from '@/components/ui/hooks';
import { originOf } from '@/lib/url';
import { BaseUrlField, ModelNameField } from './ProviderFields';

const PROVIDERS: Array<{ value: ProviderType; label: string; hint: string }> = [
  {
    value: 'local',
    label: 'Local, offline',
    hint: 'Answers only with sentences from your documents, no data leaves this server.',
  },
  {
    value: 'openai-compatible',
    label: 'OpenAI-compatible',
    hint: 'OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio.',
  },
];

const TEMPERATURE: NumberRule = { min: 0, max: 2 };
const MAX_TOKENS: NumberRule = { min: 16, max: 200_000, integer: true, unit: 'tokens' };
const SHOWN_FIELDS = ['providerType', 'baseUrl', 'modelName', 'temperature', 'maxTokens', 'apiKey', 'systemPrompt'];
const SYSTEM_PROMPT_MAX = 4000;

type KeyChange = { kind: 'keep' } | { kind: 'remove' };

/** The language model that writes the answers: provider, where it is, which model, its key. */
export function LlmSettingsCard({ saved }: { saved: LlmSettings }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [provider, setProvider] = useState<ProviderType>(saved.providerType);
  const [baseUrl, setBaseUrl] = useState(saved.baseUrl ?? '');
  const [modelName, setModelName] = useState(saved.providerType === 'local' ? '' : saved.modelName);
  const [temperature, setTemperature] = useState(String(saved.temperature));
  const [maxTokens, setMaxTokens] = useState(String(saved.maxTokens));
  const [apiKey, setApiKey] = useState('');
  const [systemPrompt, setSystemPrompt] = useState(saved.systemPrompt);
  const [keyChange, setKeyChange] = useState<KeyChange>({ kind: 'keep' });
  const [local, setLocal] = useState<Record<string, string>>({});

  const save = useMutation(
    trpc.settings.updateLlm.mutationOptions({
      onSuccess: (result) => {
        qc.setQueryData(trpc.settings.getLlm.queryKey(), result);
        setApiKey('');
        setKeyChange({ kind: 'keep' });
        toast.success('Language model settings saved.');
      },
    }),
  );
  useFocusFirstInvalid(formRef, save.error);
  const test = useMutation(trpc.settings.testLlm.mutationOptions());
  useUnsavedChangesWarning(
    provider !== saved.providerType ||
      apiKey.trim() !== '' ||
      keyChange.kind === 'remove' ||
      systemPrompt.trim() !== saved.systemPrompt ||
      (provider === 'openai-compatible' &&
        (baseUrl.trim() !== (saved.baseUrl ?? '') ||
          modelName.trim() !== (saved.providerType === 'local' ? '' : saved.modelName) ||
          Number(temperature) !== saved.temperature ||
          Number(maxTokens) !== saved.maxTokens)),
  );

  const openai = provider === 'openai-compatible';
  const error = (field: string) => local[field] ?? fieldError(save.error, field);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    const errors: Record<string, string> = {};
    const temp = parseNumber(temperature, TEMPERATURE);
    const tokens = parseNumber(maxTokens, MAX_TOKENS);
    if (openai) {
      if ('error' in temp) errors.temperature = temp.error;
      if ('error' in tokens) errors.maxTokens = tokens.error;
      if (!baseUrl.trim()) errors.baseUrl = 'Enter the base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.';
      if (!modelName.trim()) errors.modelName = 'Enter the model name, e.g. gpt-4o-mini or llama3.1.';
    }
    if (systemPrompt.trim().length > SYSTEM_PROMPT_MAX) {
      errors.systemPrompt = `The system prompt can be at most ${formatNumber(SYSTEM_PROMPT_MAX)} characters; shorten it.`;
    }
    setLocal(errors);
    if (Object.keys(errors).length > 0) {
      setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
      return;
    }
    save.mutate({
      providerType: provider,
      baseUrl: openai ? baseUrl.trim() : null,
      // The local model has one name; the server keeps it whatever is sent.
      modelName: openai ? modelName.trim() : saved.modelName || 'extractive-v1',
      temperature: 'value' in temp ? temp.value : saved.temperature,
      maxTokens: 'value' in tokens ? tokens.value : saved.maxTokens,
      ...(apiKey.trim() ? { apiKey: apiKey.trim() } : keyChange.kind === 'remove' ? { apiKey: null } : {}),
      retrieval: savedInput(saved).retrieval,
      systemPrompt: systemPrompt.trim(),
    });
  };

  const keyId = `${id}-key`;
  const keyError = error('apiKey');
  // The server clears a stored key whose base URL moves to another origin (it never follows the URL).
  const originMoved = saved.hasApiKey && !apiKey.trim() && originOf(saved.baseUrl) !== originOf(provider === 'local' ? null : baseUrl);
  const keyHint =
    keyChange.kind === 'remove'
      ? 'The stored key will be removed when you save.'
      : originMoved
        ? 'The stored key was for another server: it will be removed when you save. Enter the key for the new server.'
        : saved.hasApiKey
          ? `A key is stored (version ${formatNumber(saved.keyVersion ?? 1)}). Leave empty to keep it.`
          : 'No key is stored. Leave empty for servers that need none, such as a local Ollama. A key you enter is stored encrypted and never shown again.';

  return (
    <Card>
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`} className="space-y-5">
        <div>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Language model
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            The model that writes the answers in chat, always from the passages it is given.
          </p>
        </div>

        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-700 dark:text-slate-200">Provider</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {PROVIDERS.map((p) => (
              <label
                key={p.value}
                className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-indigo-500 has-[:checked]:bg-indigo-50 dark:border-slate-700 dark:has-[:checked]:border-indigo-400 dark:has-[:checked]:bg-indigo-950"
              >
                <input
                  type="radio"
                  name={`${id}-provider`}
                  value={p.value}
                  checked={provider === p.value}
                  onChange={() => setProvider(p.value)}
                  aria-describedby={`${id}-${p.value}-hint`}
                  className="mt-0.5 accent-indigo-600"
                />
                <span>
                  <span className="block font-medium">{p.label}</span>
                  <span id={`${id}-${p.value}-hint`} className="block text-xs text-slate-600 dark:text-slate-400">
                    {p.hint}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        {openai ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="sm:col-span-2">
              <BaseUrlField id={`${id}-url`} value={baseUrl} onChange={setBaseUrl} error={error('baseUrl')} />
            </div>
            <div className="sm:col-span-2">
              <ModelNameField
                id={`${id}-model`}
                hint="As the provider names it, e.g. gpt-4o-mini or llama3.1."
                placeholder="gpt-4o-mini"
                value={modelName}
                onChange={setModelName}
                error={error('modelName')}
              />
            </div>
            <NumberField
              id={`${id}-temperature`}
              label="Temperature"
              hint="0 to 2. Lower keeps answers close to the passages; higher varies the wording."
              error={error('temperature')}
              value={temperature}
              onChange={setTemperature}
              rule={TEMPERATURE}
              step={0.1}
            />
            <NumberField
              id={`${id}-max-tokens`}
              label="Max tokens"
              hint="The longest answer the model may write, in tokens (at least 16)."
              error={error('maxTokens')}
              value={maxTokens}
              onChange={setMaxTokens}
              rule={MAX_TOKENS}
              step={1}
            />
          </div>
        ) : (
          <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-700 dark:bg-slate-800/60 dark:text-slate-300">
            The local model needs no settings: it quotes the sentences of your documents that answer the question, with their sources, and
            says so when they don’t.
          </p>
        )}

        {openai || saved.hasApiKey ? (
          <div className="space-y-1">
            <label htmlFor={keyId} className="block text-sm font-medium text-slate-700 dark:text-slate-200">
              API key
            </label>
            <div className="flex flex-wrap items-start gap-2">
              <Input
                id={keyId}
                type="password"
                autoComplete="new-password"
                spellCheck={false}
                value={apiKey}
                placeholder={saved.hasApiKey && keyChange.kind === 'keep' ? 'Stored key kept' : 'sk-…'}
                onChange={(e) => {
                  setApiKey(e.target.value);
                  if (e.target.value) setKeyChange({ kind: 'keep' });
                }}
                aria-invalid={Boolean(keyError)}
                aria-describedby={keyError ? `${keyId}-error` : `${keyId}-hint`}
                className="max-w-md flex-1"
              />
              {saved.hasApiKey ? (
                keyChange.kind === 'remove' ? (
                  <Button variant="secondary" onClick={() => setKeyChange({ kind: 'keep' })}>
                    Keep key
                  </Button>
                ) : (
                  <Button
                    variant="secondary"
                    className="text-red-700 dark:text-red-400"
                    onClick={() => {
                      setApiKey('');
                      setKeyChange({ kind: 'remove' });
                    }}
                  >
                    Remove key
                  </Button>
                )
              ) : null}
            </div>
            {keyError ? (
              <p id={`${keyId}-error`} className="text-xs text-red-600 dark:text-red-400">
                {keyError}
              </p>
            ) : (
              <p
                id={`${keyId}-hint`}
                aria-live="polite"
                className={
                  keyChange.kind === 'remove'
                    ? 'text-xs font-medium text-amber-800 dark:text-amber-300'
                    : 'text-xs text-slate-500 dark:text-slate-400'
                }
              >
                {keyHint}
              </p>
            )}
          </div>
        ) : null}

        <Field
          id={`${id}-prompt`}
          label="System prompt (optional)"
          hint={`Your workspace’s instructions to the model: tone, language, who it answers. ${
            openai ? '' : 'Used once you choose an OpenAI-compatible model; the local model only quotes your documents. '
          }It comes after the built-in rules (answer only from the passages, cite every sentence), which always apply. ${formatNumber(systemPrompt.length)} of ${formatNumber(SYSTEM_PROMPT_MAX)} characters.`}
          error={error('systemPrompt')}
        >
          <Textarea
            id={`${id}-prompt`}
            rows={4}
            value={systemPrompt}
            onChange={(e) => setSystemPrompt(e.target.value)}
            placeholder="e.g. Answer in British English, briefly, for our support staff."
            aria-invalid={Boolean(error('systemPrompt'))}
            aria-describedby={describedBy(`${id}-prompt`, { hint: true, error: error('systemPrompt') })}
          />
        </Field>

        <Alert>{formErrorText(save.error, SHOWN_FIELDS)}</Alert>
        <div aria-live="polite">
          {test.data ? (
            <p
              className={
                test.data.ok
                  ? 'rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100'
                  : 'rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200'
              }
            >
              <span className="font-medium">{test.data.ok ? 'Connected. ' : 'The test failed. '}</span>
              {test.data.message}
              {test.data.latencyMs !== null ? ` It took ${formatDuration(test.data.latencyMs)}.` : ''}
            </p>
          ) : test.error ? (
            <Alert>The test could not run: {formErrorText(test.error, [])}</Alert>
          ) : null}
        </div>
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button
            variant="secondary"
            disabled={test.isPending}
            onClick={() =>
              test.mutate({
                providerType: provider,
                baseUrl: openai ? baseUrl.trim() || null : null,
                modelName: openai ? modelName.trim() : '',
                // What the form holds: a typed key, no key once "Remove key" is chosen, else the stored one.
                ...(apiKey.trim() ? { apiKey: apiKey.trim() } : keyChange.kind === 'remove' ? { apiKey: null } : {}),
              })
            }
          >
            {test.isPending ? 'Testing…' : 'Test connection'}
          </Button>
          <Button type="submit" disabled={save.isPending} aria-label={save.isPending ? undefined : 'Save language model settings'}>
            {save.isPending ? 'Saving…' : 'Save'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
