import type { PurgeResult } from '../sources/dead-letter-source.port';

/** The count, then one line per deleted dead letter (id and reason: what is gone), then what is left to do. */
export function formatPurge(result: PurgeResult): string {
  const count = result.purged.length;
  const lines = [`${result.subscription}: purged ${count} dead letter${count === 1 ? '' : 's'}`];
  const width = Math.max(0, ...result.purged.map((d) => d.messageId.length));
  for (const { messageId, reason } of result.purged) lines.push(`  ${messageId.padEnd(width)}  ${reason || '-'}`);
  if (result.notFound.length > 0) lines.push(`not found (already purged or resubmitted, or a wrong id): ${result.notFound.join(', ')}`);
  const why =
    result.stoppedBy === undefined
      ? 'this run stopped at its limit (time or message count)'
      : `deleting a dead letter failed (${result.stoppedBy}), so this run stopped; the rest stay dead-lettered`;
  if (result.notReached?.length) lines.push(`not reached: ${why}; run purge again for: ${result.notReached.join(', ')}`);
  else if (result.stoppedBy !== undefined || result.moreLeft) lines.push(`stopped: ${why}; run purge again`);
  return `${lines.join('\n')}\n`;
}
