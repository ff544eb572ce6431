import type { PurgeResult, ResubmitResult } from '../sources/dead-letter-source.port';

/**
 * The line that tells what a resubmit or purge run left undone and to run `verb` again (none when it
 * finished): the ids it did not reach, or that it stopped. `failure` says which step failing stopped it.
 */
export function leftToDo(result: Pick<ResubmitResult | PurgeResult, 'notReached' | 'moreLeft' | 'stoppedBy'>, verb: 'resubmit' | 'purge', failure: string): string[] {
  const why =
    result.stoppedBy === undefined
      ? 'this run stopped at its limit (time or message count)'
      : `${failure} failed (${result.stoppedBy}), so this run stopped; the rest stay dead-lettered`;
  if (result.notReached?.length) return [`not reached: ${why}; run ${verb} again for: ${result.notReached.join(', ')}`];
  if (result.stoppedBy !== undefined || result.moreLeft) return [`stopped: ${why}; run ${verb} again`];
  return [];
}
