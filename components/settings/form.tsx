import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';
import type { AppRouter } from '@/server/trpc/root';

export type LlmSettings = inferRouterOutputs<AppRouter>['settings']['getLlm'];
export type LlmSettingsInput = inferRouterInputs<AppRouter>['settings']['updateLlm'];
export type ProviderType = LlmSettings['providerType'];
export type RetrievalSettings = LlmSettings['retrieval'];

/** A number field's rule: its range, whether it is whole, and the sentence when it is not met. */
export type NumberRule = { min: number; max: number; integer?: boolean; unit?: string };

/** The value typed into a number field, or the sentence that says what is wrong with it. */
export function parseNumber(raw: string, rule: NumberRule): { value: number } | { error: string } {
  const text = raw.trim().replace(',', '.');
  if (text === '') return { error: 'Enter a number.' };
  const value = Number(text);
  if (!Number.isFinite(value)) return { error: 'Enter a number, e.g. 1 or 0.5.' };
  if (rule.integer && !Number.isInteger(value)) return { error: 'Enter a whole number.' };
  if (value < rule.min || value > rule.max) {
    const unit = rule.unit ? ` ${rule.unit}` : '';
    return { error: `Enter a value between ${rule.min.toLocaleString('en-US')} and ${rule.max.toLocaleString('en-US')}${unit}.` };
  }
  return { value };
}

/** The saved settings as the update expects them, with `apiKey` left out (kept as it is). */
export function savedInput(saved: LlmSettings): LlmSettingsInput {
  return {
    providerType: saved.providerType,
    baseUrl: saved.baseUrl,
    modelName: saved.modelName,
    temperature: saved.temperature,
    maxTokens: saved.maxTokens,
    retrieval: saved.retrieval,
  };
}

/** A labelled number input with its hint and error (client-side or from the server). */
export function NumberField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  rule,
  step,
}: {
  id: string;
  label: string;
  hint: string;
  error: string | null;
  value: string;
  onChange: (value: string) => void;
  rule: NumberRule;
  step: number;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <Input
        id={id}
        type="number"
        inputMode={rule.integer ? 'numeric' : 'decimal'}
        min={rule.min}
        max={rule.max}
        step={step}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy(id, { hint: true, error })}
        className="max-w-40"
      />
    </Field>
  );
}
