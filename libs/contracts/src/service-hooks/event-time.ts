import { isNoTime } from './json-access';

// Azure DevOps writes 7 fractional digits and sometimes no offset (meaning UTC); anything else that
// Date cannot read, a year outside 0001–9999 (which an ISO-8601 event time cannot carry), or .NET's
// DateTime.MinValue (0001-01-01, "no time"), falls back to the time the hook was received.
const noOffset = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** The notification's createdDate, or `receivedAt` (now by default) when it has none Date can read. */
export function eventTime(createdDate: unknown, receivedAt: Date = new Date()): Date {
  if (typeof createdDate === 'string' && createdDate.length <= 40 && !isNoTime(createdDate)) {
    const parsed = new Date(noOffset.test(createdDate) ? `${createdDate}Z` : createdDate);
    const year = parsed.getUTCFullYear();
    if (!Number.isNaN(parsed.getTime()) && year >= 1 && year <= 9999) return parsed;
  }
  return receivedAt;
}
