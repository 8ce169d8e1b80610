import { describe, expect, it } from 'vitest';
import { failureOf, messageForReason, SSO_MESSAGES, SsoFailure } from './failures';

/** openid-client's shape: a ClientError whose cause is oauth4webapi's error, whose cause names the claim. */
function clientError(code: string, message: string, cause: unknown = {}) {
  return Object.assign(new Error('wrapped'), { code, cause: Object.assign(new Error(message), { code, cause }) });
}

describe('SSO failures', () => {
  it('names an ID token for another audience and an expired one', () => {
    expect(failureOf(clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected JWT "aud"', { claim: 'aud' })).reason).toBe(
      'wrong_audience',
    );
    expect(failureOf(clientError('OAUTH_JWT_TIMESTAMP_CHECK_FAILED', 'unexpected JWT "exp" (expiration time) claim value')).reason).toBe(
      'token_expired',
    );
    expect(failureOf(clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'unexpected JWT "iss"', { claim: 'iss' })).reason).toBe(
      'token_invalid',
    );
  });

  it('finds the egress refusal however deep openid-client wrapped it', () => {
    const refusal = Object.assign(new Error('The identity provider’s address 10.0.0.5 is a private network address.'), {
      name: 'EgressRefusal',
    });
    const failure = failureOf(Object.assign(new Error('fetch failed'), { cause: refusal }));
    expect(failure).toMatchObject({ reason: 'egress_refused', message: SSO_MESSAGES.unreachable });
    expect(failure.detail).toContain('10.0.0.5');
  });

  it('keeps the person’s sentence free of token details and passes SsoFailure through', () => {
    const failure = failureOf(clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'x', { claim: 'aud' }));
    expect(failure.message).not.toMatch(/jwt|aud|claim/i);
    const own = new SsoFailure('sso_off', SSO_MESSAGES.off);
    expect(failureOf(own)).toBe(own);
    expect(failureOf(new Error('ECONNREFUSED')).reason).toBe('provider_unreachable');
  });

  it('shows a fixed sentence per reason, never words from the URL', () => {
    expect(messageForReason('domain_not_allowed')).toMatch(/may not sign in to this workspace/);
    expect(messageForReason('<script>alert(1)</script>')).toBe(SSO_MESSAGES.providerError);
    expect(messageForReason('')).toBeNull();
  });
});
