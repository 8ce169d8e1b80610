import { describe, expect, it } from 'vitest';
import { attemptsText, failureAdvice, outcomeText } from './failure';

describe('job outcome wording', () => {
  it('counts attempts from the attempts made, so the count matches the list', () => {
    expect(attemptsText({ attempts: 4, maxAttempts: 4 })).toBe('4 of 4');
    expect(attemptsText({ attempts: 1, maxAttempts: 4 })).toBe('1 of 4');
    // A job that went over (an expired lease counted late) never shows "5 of 4".
    expect(attemptsText({ attempts: 5, maxAttempts: 4 })).toBe('5 of 5');
  });

  it('says a job that used its attempts failed and will not be retried', () => {
    expect(outcomeText({ status: 'failed', attempts: 4, maxAttempts: 4 })).toBe(
      'Failed after 4 attempts; it will not be retried automatically.',
    );
    expect(outcomeText({ status: 'failed', attempts: 1, maxAttempts: 4 })).toBe(
      'Failed; it will not be retried automatically, because trying again would fail the same way.',
    );
    expect(outcomeText({ status: 'failed', attempts: 2, maxAttempts: 4 })).toMatch(/^Failed on attempt 2; it will not be retried/);
    expect(outcomeText({ status: 'retrying', attempts: 2, maxAttempts: 4 })).toBe(
      'Attempt 2 of 4 failed; it will be tried again automatically.',
    );
    expect(outcomeText({ status: 'cancelled', attempts: 1, maxAttempts: 4 })).toMatch(/^Cancelled/);
    expect(outcomeText({ status: 'completed', attempts: 1, maxAttempts: 4 })).toBeNull();
  });

  it('has a short form for narrow places that says the same', () => {
    expect(outcomeText({ status: 'failed', attempts: 4, maxAttempts: 4 }, { short: true })).toBe('Not retried: all 4 attempts failed.');
    expect(outcomeText({ status: 'failed', attempts: 1, maxAttempts: 4 }, { short: true })).toBe(
      'Not retried: it would fail the same way.',
    );
    expect(outcomeText({ status: 'completed', attempts: 1, maxAttempts: 4 }, { short: true })).toBeNull();
  });

  it('tells only those who may retry to retry', () => {
    const damaged = { status: 'failed' as const, attempts: 1, maxAttempts: 4 };
    const exhausted = { status: 'failed' as const, attempts: 4, maxAttempts: 4 };
    expect(failureAdvice(exhausted, true)).toMatch(/^Choose Retry/);
    expect(failureAdvice(damaged, true)).toMatch(/Retry would fail the same way: open it, save or export it again/);
    for (const job of [damaged, exhausted, null]) {
      const advice = failureAdvice(job, false);
      expect(advice).toMatch(/^You cannot process this document again yourself/);
      expect(advice).not.toMatch(/Choose Retry/);
    }
  });
});
