// Azure DevOps writes 7 fractional digits and sometimes no offset (meaning UTC); anything else that
// Date cannot read falls back to the time the hook was received.
const noOffset = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** The notification's createdDate, or `receivedAt` (now by default) when it has none Date can read. */
export function eventTime(createdDate: unknown, receivedAt: Date = new Date()): Date {
  if (typeof createdDate === 'string' && createdDate.length <= 40) {
    const parsed = new Date(noOffset.test(createdDate) ? `${createdDate}Z` : createdDate);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  return receivedAt;
}
