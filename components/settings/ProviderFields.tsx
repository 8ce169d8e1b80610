import { describedBy, Field } from '@/components/ui/Field';
import { Input } from '@/components/ui/Input';

type TextFieldProps = { id: string; value: string; onChange: (value: string) => void; error?: string | null };

/** The API root of an OpenAI-compatible provider, as the chat model and the embedder ask for it. */
export function BaseUrlField({ id, value, onChange, error }: TextFieldProps) {
  return (
    <Field
      id={id}
      label="Base URL"
      hint="The API root, e.g. https://api.openai.com/v1, or http://localhost:11434/v1 for Ollama. An address on this server’s own network works only once the platform operator allows it."
      error={error}
    >
      <Input
        id={id}
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://api.openai.com/v1"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy(id, { hint: true, error })}
      />
    </Field>
  );
}

/** The model's name as the provider spells it. */
export function ModelNameField({ id, value, onChange, error, hint, placeholder }: TextFieldProps & { hint: string; placeholder?: string }) {
  return (
    <Field id={id} label="Model name" hint={hint} error={error}>
      <Input
        id={id}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy(id, { hint: true, error })}
      />
    </Field>
  );
}
