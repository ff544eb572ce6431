import type { PurgeResult } from '../sources/dead-letter-source.port';
import { leftToDo } from './left-to-do';

/** The count, then one line per deleted dead letter (id and reason: what is gone), then what is left to do. */
export function formatPurge(result: PurgeResult): string {
  const count = result.purged.length;
  const lines = [`${result.subscription}: purged ${count} dead letter${count === 1 ? '' : 's'}`];
  const width = Math.max(0, ...result.purged.map((d) => d.messageId.length));
  for (const { messageId, reason } of result.purged) lines.push(`  ${messageId.padEnd(width)}  ${reason || '-'}`);
  if (result.notFound.length > 0) lines.push(`not found (already purged or resubmitted, or a wrong id): ${result.notFound.join(', ')}`);
  lines.push(...leftToDo(result, 'purge', 'deleting a dead letter'));
  return `${lines.join('\n')}\n`;
}
