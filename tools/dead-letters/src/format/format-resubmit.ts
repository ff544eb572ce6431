import type { ResubmitResult } from '../sources/dead-letter-source.port';

export function formatResubmit(result: ResubmitResult): string {
  const lines = [`${result.subscription}: resubmitted ${result.resubmitted} dead letter${result.resubmitted === 1 ? '' : 's'}`];
  if (result.notFound.length > 0) lines.push(`not found (already resubmitted, or a wrong id): ${result.notFound.join(', ')}`);
  if (result.notReached?.length) lines.push(`not reached: this run stopped at its limit (time or message count); run resubmit again for: ${result.notReached.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
