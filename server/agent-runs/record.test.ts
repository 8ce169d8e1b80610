import { describe, expect, it } from 'vitest';
import { ProviderError, REFUSED_AT_REQUEST } from '@/server/ai/openai';
import { modelFailure } from './record';

describe('modelFailure', () => {
  it.each([
    [new ProviderError('answered 503.', 'http', 503), 'http_503', true],
    [new ProviderError('answered 429.', 'http', 429), 'http_429', true],
    [new ProviderError('answered 400.', 'http', 400), 'http_400', false],
    [new ProviderError('answered 404.', 'http', 404), 'http_404', false],
    [new ProviderError('The language model did not answer in time.', 'timeout'), 'timeout', true],
    [new ProviderError('could not be reached.', 'unreachable'), 'unreachable', true],
    [new ProviderError('broke off.', 'broken_off'), 'broken_off', true],
    [new ProviderError('redirect.', 'redirect', 302), 'redirect', false],
    [new ProviderError(REFUSED_AT_REQUEST, 'address_refused'), 'address_refused', false],
  ])('classifies %s as %s (retryable %s)', (error, errorCode, retryable) => {
    expect(modelFailure(error)).toEqual({ stage: 'model', errorCode, message: error.userMessage, retryable });
  });

  it('keeps the text of an error of our own out of the record', () => {
    expect(modelFailure(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'))).toEqual({
      stage: 'model',
      errorCode: 'internal',
      message: 'The answer failed on our side.',
      retryable: false,
    });
  });
});
