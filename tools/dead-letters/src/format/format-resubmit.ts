import type { ResubmitResult } from '../sources/dead-letter-source.port';

export function formatResubmit(result: ResubmitResult): string {
  const lines = [`${result.subscription}: resubmitted ${result.resubmitted} dead letter${result.resubmitted === 1 ? '' : 's'}`];
  if (result.notFound.length > 0) lines.push(`not found (already resubmitted, or a wrong id): ${result.notFound.join(', ')}`);
  if (isRefusal(result.stoppedBy)) {
    // Nothing was sent and running again will not help: the reason says what to fix first.
    lines.push(`refused: ${result.stoppedBy}`);
    if (result.notReached?.length) lines.push(`not resubmitted: ${result.notReached.join(', ')}`);
    return `${lines.join('\n')}\n`;
  }
  const why =
    result.stoppedBy === undefined
      ? 'this run stopped at its limit (time or message count)'
      : `putting a dead letter back failed (${result.stoppedBy}), so this run stopped; the rest stay dead-lettered`;
  if (result.notReached?.length) lines.push(`not reached: ${why}; run resubmit again for: ${result.notReached.join(', ')}`);
  else if (result.stoppedBy !== undefined || result.moreLeft) lines.push(`stopped: ${why}; run resubmit again`);
  return `${lines.join('\n')}\n`;
}

/** A run the bus refused before sending anything, because the subscription could not receive the copies. */
const isRefusal = (stoppedBy: string | undefined) =>
  stoppedBy?.startsWith('MESSAGING.RESUBMIT_RULE_MISSING') === true || stoppedBy?.startsWith('MESSAGING.RESUBMIT_RULE_UNREADABLE') === true;
