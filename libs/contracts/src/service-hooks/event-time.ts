// Azure DevOps writes 7 fractional digits and sometimes no offset (meaning UTC); anything else that
// Date cannot read falls back to the time the hook was received.
const noOffset = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

export function eventTime(createdDate: unknown, receivedAt: Date): string {
  if (typeof createdDate === 'string' && createdDate.length <= 40) {
    const parsed = new Date(noOffset.test(createdDate) ? `${createdDate}Z` : createdDate);
    if (!Number.isNaN(parsed.getTime())) return parsed.toISOString();
  }
  return receivedAt.toISOString();
}
