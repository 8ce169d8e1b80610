/**
 * The legal clock of a data subject request (GDPR Art. 12(3)): an answer is due one calendar
 * month after receipt, and may be extended once by up to two further months. A month later is
 * the same day of the next month, or its last day when that month is shorter (31 January →
 * 28 February, or 29 in a leap year). Computed on the UTC calendar, at the same time of day.
 */

const DAY_MS = 86_400_000;

/** `at` moved by whole calendar months, the day clamped to the target month's length. */
export function addCalendarMonths(at: Date, months: number): Date {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(at.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()));
}

/** When the answer to a request received at `receivedAt` is due. */
export function dueDateFor(receivedAt: Date): Date {
  return addCalendarMonths(receivedAt, 1);
}

/** The latest due date an extension may set: two further months after the original one. */
export function latestExtendedDue(dueAt: Date): Date {
  return addCalendarMonths(dueAt, 2);
}

export type ExtensionCheck = { ok: true; extendedDueAt: Date } | { ok: false; reason: string };

/**
 * Whether a request due at `dueAt` can be extended by `months` now: once only, before the
 * original due date, by one or two months.
 */
export function checkExtension(
  request: { dueAt: Date; extendedDueAt: Date | null },
  months: number,
  now: Date = new Date(),
): ExtensionCheck {
  if (request.extendedDueAt) return { ok: false, reason: 'This request was already extended once; the law allows one extension.' };
  if (now.getTime() >= request.dueAt.getTime())
    return { ok: false, reason: 'An extension must be recorded before the original due date, which has passed.' };
  if (!Number.isInteger(months) || months < 1 || months > 2)
    return { ok: false, reason: 'A request can be extended by one or two months.' };
  return { ok: true, extendedDueAt: addCalendarMonths(request.dueAt, months) };
}

/** The due date that applies: the extended one when there is one. */
export function effectiveDue(request: { dueAt: Date; extendedDueAt: Date | null }): Date {
  return request.extendedDueAt ?? request.dueAt;
}

/** Open requests due within this many days are "due soon". */
export const DUE_SOON_DAYS = 7;

export type Urgency = 'overdue' | 'due_soon' | 'on_time';

/** How close an open request is to its due date. */
export function urgencyOf(due: Date, now: Date = new Date()): Urgency {
  const left = due.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left <= DUE_SOON_DAYS * DAY_MS ? 'due_soon' : 'on_time';
}
