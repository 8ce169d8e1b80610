import { SIGN_IN_MESSAGES } from '@/server/auth/sign-in';

/**
 * Why an SSO attempt failed: a short reason for the audit log and tests, and a sentence for the
 * person (no stack, no token contents). Pure, so the mapping of openid-client's errors is tested
 * without a provider.
 */

export type SsoFailureReason =
  | 'flow_missing'
  | 'state_mismatch'
  | 'provider_error'
  | 'provider_unreachable'
  | 'egress_refused'
  | 'wrong_audience'
  | 'token_expired'
  | 'token_invalid'
  | 'sso_off'
  | 'tenant_suspended'
  | 'email_missing'
  | 'email_unverified'
  | 'domain_not_allowed'
  | 'unknown_account'
  | 'user_deactivated'
  | 'tester_signed_out';

export class SsoFailure extends Error {
  override name = 'SsoFailure';
  /** Set when the failure ends an admin's Test sign-in: the result goes back to the Settings page. */
  inTest = false;
  constructor(
    readonly reason: SsoFailureReason,
    message: string,
    /** For the admin's Test sign-in only: what exactly went wrong (never shown on the sign-in page). */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export const SSO_MESSAGES = {
  flowMissing: 'This sign-in attempt has expired or was already used. Start again from the sign-in page.',
  verifyFailed:
    'Your identity provider’s answer could not be verified, so you were not signed in. Try again, or ask an admin of your workspace.',
  unreachable: 'The identity provider could not be reached. Try again in a moment, or ask an admin of your workspace.',
  providerError: 'Your identity provider did not sign you in. Try again, or ask an admin of your workspace.',
  off: 'Single sign-on is not turned on for this workspace. Sign in with your password.',
  emailMissing:
    'Your identity provider did not tell us your e-mail address, so you cannot be signed in here. Ask an admin of your workspace.',
  emailUnverified: 'Your identity provider has not verified your e-mail address, so it cannot sign you in here.',
  unknownAccount: 'There is no account for you in this workspace. Ask an admin of the workspace to invite you.',
  testerSignedOut: 'Sign in as an admin of this workspace to run a Test sign-in.',
} as const;

export function domainNotAllowed(domain: string | null): string {
  return `E-mail addresses at ${domain ?? 'your domain'} may not sign in to this workspace. Ask an admin of your workspace.`;
}

/**
 * The sentence the sign-in page shows for a failure, looked up by its reason: the URL carries
 * only the reason, so nobody can put words of their own on the page through a link.
 */
export function messageForReason(reason: string | null | undefined): string | null {
  if (!reason) return null;
  const byReason: Partial<Record<SsoFailureReason, string>> = {
    flow_missing: SSO_MESSAGES.flowMissing,
    state_mismatch: SSO_MESSAGES.flowMissing,
    provider_error: SSO_MESSAGES.providerError,
    provider_unreachable: SSO_MESSAGES.unreachable,
    egress_refused: SSO_MESSAGES.unreachable,
    wrong_audience: SSO_MESSAGES.verifyFailed,
    token_expired: SSO_MESSAGES.verifyFailed,
    token_invalid: SSO_MESSAGES.verifyFailed,
    sso_off: SSO_MESSAGES.off,
    tenant_suspended: SIGN_IN_MESSAGES.suspended,
    email_missing: SSO_MESSAGES.emailMissing,
    email_unverified: SSO_MESSAGES.emailUnverified,
    domain_not_allowed: domainNotAllowed(null),
    unknown_account: SSO_MESSAGES.unknownAccount,
    user_deactivated: SIGN_IN_MESSAGES.deactivated,
    tester_signed_out: SSO_MESSAGES.testerSignedOut,
  };
  return byReason[reason as SsoFailureReason] ?? SSO_MESSAGES.providerError;
}

type OAuthLike = { code?: unknown; cause?: unknown; error?: unknown; error_description?: unknown; message?: unknown };

/** openid-client's (oauth4webapi's) errors as a reason and a detail for the admin. */
export function failureOf(error: unknown): SsoFailure {
  if (error instanceof SsoFailure) return error;
  const e = (error ?? {}) as OAuthLike;
  const code = typeof e.code === 'string' ? e.code : '';
  // openid-client wraps oauth4webapi's error, whose own cause names the claim that failed.
  const inner = (e.cause ?? {}) as { cause?: { claim?: unknown }; claim?: unknown; message?: unknown };
  const claim = inner.cause?.claim ?? inner.claim;
  const message = typeof inner.message === 'string' ? inner.message : typeof e.message === 'string' ? e.message : String(error);
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim === 'aud')
    return new SsoFailure(
      'wrong_audience',
      SSO_MESSAGES.verifyFailed,
      'The ID token was issued for another client (its audience is not this client ID).',
    );
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED')
    return new SsoFailure(
      'token_expired',
      SSO_MESSAGES.verifyFailed,
      `The ID token is expired or not yet valid (${message}). Check the clocks of the provider and this server.`,
    );
  if (code === 'OAUTH_AUTHORIZATION_RESPONSE_ERROR') {
    const said = [e.error, e.error_description].filter((v) => typeof v === 'string').join(': ');
    return new SsoFailure('provider_error', SSO_MESSAGES.providerError, `The provider answered: ${said.slice(0, 300) || 'an error'}.`);
  }
  if (code === 'OAUTH_INVALID_RESPONSE' && /state/i.test(message))
    return new SsoFailure('state_mismatch', SSO_MESSAGES.flowMissing, 'The answer belongs to another sign-in attempt (state mismatch).');
  if (code === 'OAUTH_RESPONSE_BODY_ERROR') {
    const said = [e.error, e.error_description].filter((v) => typeof v === 'string').join(': ');
    return new SsoFailure(
      'token_invalid',
      SSO_MESSAGES.verifyFailed,
      `The provider refused the code: ${said.slice(0, 300) || 'an error'}. Check the client ID and secret.`,
    );
  }
  const refusal = egressRefusalIn(error);
  if (refusal) return new SsoFailure('egress_refused', SSO_MESSAGES.unreachable, refusal);
  if (code.startsWith('OAUTH_'))
    return new SsoFailure(
      'token_invalid',
      SSO_MESSAGES.verifyFailed,
      `The provider’s answer did not pass the checks: ${message.slice(0, 300)}`,
    );
  return new SsoFailure('provider_unreachable', SSO_MESSAGES.unreachable, `The provider could not be reached: ${message.slice(0, 300)}`);
}

/** openid-client may wrap what its fetch threw; the egress guard's refusal is found in the causes. */
function egressRefusalIn(error: unknown): string | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error && e.name === 'EgressRefusal') return e.message;
  }
  return null;
}
