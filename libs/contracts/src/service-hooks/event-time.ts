import { isNoTime } from './json-access';

// Azure DevOps writes 7 fractional digits and sometimes no offset (meaning UTC); anything else that
// Date cannot read, a year outside 0001–9999 (which an ISO-8601 event time cannot carry), or .NET's
// DateTime.MinValue (0001-01-01, "no time"), falls back to the time the hook was received.
const noOffset = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
// Only ISO-8601 date-times are read: Date also takes forms such as "2024-05-01 10:00:00" or
// "5/1/2024 10:00 AM", but as the host's local time, so one hook would get a different time on each host.
const isoDateTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The notification's createdDate, or `receivedAt` (now by default) when it has none Date can read. */
export function eventTime(createdDate: unknown, receivedAt: Date = new Date()): Date {
  if (typeof createdDate === 'string' && createdDate.length <= 40 && isoDateTime.test(createdDate) && !isNoTime(createdDate)) {
    const parsed = new Date(noOffset.test(createdDate) ? `${createdDate}Z` : createdDate);
    const year = parsed.getUTCFullYear();
    if (!Number.isNaN(parsed.getTime()) && year >= 1 && year <= 9999) return parsed;
  }
  return receivedAt;
}
