import type { ResubmitResult } from '../sources/dead-letter-source.port';
import { leftToDo } from './left-to-do';

export function formatResubmit(result: ResubmitResult): string {
  const lines = [`${result.subscription}: resubmitted ${result.resubmitted} dead letter${result.resubmitted === 1 ? '' : 's'}`];
  if (result.notFound.length > 0) lines.push(`not found (already resubmitted, or a wrong id): ${result.notFound.join(', ')}`);
  if (isRefusal(result.stoppedBy)) {
    // Nothing was sent and running again will not help: the reason says what to fix first.
    lines.push(`refused: ${result.stoppedBy}`);
    if (result.notReached?.length) lines.push(`not resubmitted: ${result.notReached.join(', ')}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(...leftToDo(result, 'resubmit', 'putting a dead letter back'));
  return `${lines.join('\n')}\n`;
}

/** A run the bus refused before sending anything, because the subscription could not receive the copies. */
const isRefusal = (stoppedBy: string | undefined) =>
  stoppedBy?.startsWith('MESSAGING.RESUBMIT_RULE_MISSING') === true || stoppedBy?.startsWith('MESSAGING.RESUBMIT_RULE_UNREADABLE') === true;
