/** What a request to stop does: begin the clean stop, stop at once, or nothing. */
export type StopDecision = 'drain' | 'at-once' | 'ignore';

/**
 * Decides what each request to stop does. The first drains every service. After that, a signal stops
 * at once, unless it is the same signal again within `echoMs`: one Ctrl-C that reached us twice (the
 * terminal signals the whole process group, and a parent that runs us directly, not under `sh -c` as
 * npm does, may forward what it got too). Two presses by a person are further apart. A request that is no signal (the parent exited) is never repeated by anyone, so it never
 * stops at once.
 */
export function stopRequests(now: () => number = Date.now, echoMs = 100): (signal?: NodeJS.Signals) => StopDecision {
  let first: { signal?: NodeJS.Signals; at: number } | undefined;
  return (signal) => {
    if (!first) {
      first = { signal, at: now() };
      return 'drain';
    }
    if (!signal) return 'ignore';
    if (signal === first.signal && now() - first.at < echoMs) return 'ignore';
    return 'at-once';
  };
}

/** The hint printed with "switchyard stopping": how to stop at once, only when the user can repeat what stopped the run. */
export function stopAtOnceHint(signal?: NodeJS.Signals): string {
  if (signal === 'SIGINT') return ' (Ctrl-C again to stop at once)';
  if (signal) return ` (${signal} again to stop at once)`;
  return '';
}
