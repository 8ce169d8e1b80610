/** IANA time zones, for the workspace's usage days: shared by the settings form and the server. */

export const DEFAULT_TIME_ZONE = 'UTC';

/** Region/City names and UTC; offsets ("+05:00") and POSIX rules ("EST5EDT") are not day boundaries people recognise. */
const IANA_SHAPE = /^(UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/;

/** Every time zone this runtime knows, UTC first. */
export function timeZoneNames(): string[] {
  return [DEFAULT_TIME_ZONE, ...Intl.supportedValuesOf('timeZone').filter((z) => z !== DEFAULT_TIME_ZONE)];
}

/** Whether `name` is an IANA time zone this runtime can compute days in (aliases like Europe/Kiev too). */
export function isTimeZone(name: string): boolean {
  if (!IANA_SHAPE.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time now in `timeZone` ("Tue 14:05"), or null when the zone is not valid. */
export function timeIn(timeZone: string, now: Date = new Date()): string | null {
  if (!isTimeZone(timeZone)) return null;
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(now);
}
