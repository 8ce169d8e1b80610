import { describe, expect, it } from 'vitest';
import { addCalendarMonths, checkExtension, dueDateFor, effectiveDue, latestExtendedDue, urgencyOf } from './gdpr-dates';

const at = (iso: string) => new Date(iso);

describe('the legal clock of a request', () => {
  it('is due one calendar month later, on the same day and time', () => {
    expect(dueDateFor(at('2026-03-15T09:30:00Z')).toISOString()).toBe('2026-04-15T09:30:00.000Z');
    expect(dueDateFor(at('2026-12-20T23:59:59Z')).toISOString()).toBe('2027-01-20T23:59:59.000Z');
  });

  it('falls on the last day of a shorter month (31 January → 28 or 29 February)', () => {
    expect(dueDateFor(at('2026-01-31T10:00:00Z')).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(dueDateFor(at('2028-01-31T10:00:00Z')).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(dueDateFor(at('2028-01-29T10:00:00Z')).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(dueDateFor(at('2026-03-31T10:00:00Z')).toISOString()).toBe('2026-04-30T10:00:00.000Z');
    expect(dueDateFor(at('2026-08-31T00:00:00Z')).toISOString()).toBe('2026-09-30T00:00:00.000Z');
  });

  it('counts centuries the Gregorian way (2100 is not a leap year, 2000 was)', () => {
    expect(dueDateFor(at('2100-01-31T00:00:00Z')).toISOString()).toBe('2100-02-28T00:00:00.000Z');
    expect(dueDateFor(at('2000-01-31T00:00:00Z')).toISOString()).toBe('2000-02-29T00:00:00.000Z');
  });

  it('adds months across years and clamps each time from the original day', () => {
    expect(addCalendarMonths(at('2026-11-30T12:00:00Z'), 3).toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(latestExtendedDue(at('2026-02-28T12:00:00Z')).toISOString()).toBe('2026-04-28T12:00:00.000Z');
    expect(latestExtendedDue(at('2026-12-31T12:00:00Z')).toISOString()).toBe('2027-02-28T12:00:00.000Z');
  });
});

describe('an extension', () => {
  const due = at('2026-02-28T10:00:00Z');

  it('adds one or two months to the original due date', () => {
    const one = checkExtension({ dueAt: due, extendedDueAt: null }, 1, at('2026-02-01T00:00:00Z'));
    const two = checkExtension({ dueAt: due, extendedDueAt: null }, 2, at('2026-02-01T00:00:00Z'));
    expect(one).toEqual({ ok: true, extendedDueAt: at('2026-03-28T10:00:00Z') });
    expect(two).toEqual({ ok: true, extendedDueAt: at('2026-04-28T10:00:00Z') });
  });

  it('is refused after the original due date, a second time, or beyond two months', () => {
    expect(checkExtension({ dueAt: due, extendedDueAt: null }, 1, at('2026-02-28T10:00:00Z'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/before the original due date/),
    });
    expect(checkExtension({ dueAt: due, extendedDueAt: at('2026-03-28T10:00:00Z') }, 1, at('2026-02-01T00:00:00Z'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/already extended once/),
    });
    for (const months of [0, 3, 1.5, -1]) {
      expect(checkExtension({ dueAt: due, extendedDueAt: null }, months, at('2026-02-01T00:00:00Z'))).toMatchObject({ ok: false });
    }
  });

  it('becomes the due date that applies', () => {
    expect(effectiveDue({ dueAt: due, extendedDueAt: null })).toEqual(due);
    expect(effectiveDue({ dueAt: due, extendedDueAt: at('2026-03-28T10:00:00Z') })).toEqual(at('2026-03-28T10:00:00Z'));
  });
});

describe('urgency', () => {
  const now = at('2026-06-10T12:00:00Z');
  it('is overdue past the due date, due soon within 7 days, else on time', () => {
    expect(urgencyOf(at('2026-06-10T11:59:59Z'), now)).toBe('overdue');
    expect(urgencyOf(at('2026-06-17T12:00:00Z'), now)).toBe('due_soon');
    expect(urgencyOf(at('2026-06-17T12:00:01Z'), now)).toBe('on_time');
  });
});
