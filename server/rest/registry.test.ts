import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi';
import { restEndpoints } from './registry';

type Json = Record<string, unknown>;

/** The reference page builds its request samples from these examples: a blank one is a sample that fails. */
describe('the examples the reference page shows', () => {
  const doc = buildOpenApiDocument(restEndpoints, 'http://localhost:3000') as unknown as Json;
  const resolve = (schema: Json): Json => {
    const ref = schema.$ref as string | undefined;
    if (!ref) return schema;
    const name = ref.replace('#/components/schemas/', '');
    return ((doc.components as Json).schemas as Json)[name] as Json;
  };
  const requestSchema = (path: string, method: string) => {
    const operation = ((doc.paths as Json)[path] as Json)[method] as Json;
    const content = (operation.requestBody as Json).content as Json;
    return resolve((content['application/json'] as Json).schema as Json);
  };

  it('asks a real question', () => {
    const examples = requestSchema('/chat/sessions/{id}/questions', 'post').examples as Array<{ question: string }>;
    expect(examples?.[0]?.question.trim().length).toBeGreaterThan(10);
  });
});
