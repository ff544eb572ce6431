/**
 * What a request to stop does: begin the clean stop, stop at once (Azurite still gets a short grace to
 * save its database), kill Azurite too, or nothing.
 */
export type StopDecision = 'drain' | 'at-once' | 'kill' | 'ignore';

/**
 * Decides what each request to stop does. The first drains every service, the second stops at once,
 * any later one kills. A signal is not counted when it is the same signal as the last one counted,
 * within `echoMs`: one Ctrl-C that reached us twice (the terminal signals the whole process group, and
 * a parent that runs us directly, not under `sh -c` as npm does, may forward what it got too). Two
 * presses by a person are further apart. A request that is no signal (the parent exited) is never
 * repeated by anyone, so only a first one counts.
 */
export function stopRequests(now: () => number = Date.now, echoMs = 100): (signal?: NodeJS.Signals) => StopDecision {
  let last: { signal?: NodeJS.Signals; at: number } | undefined;
  let counted = 0;
  return (signal) => {
    if (last && !signal) return 'ignore';
    if (last && signal === last.signal && now() - last.at < echoMs) return 'ignore';
    last = { signal, at: now() };
    counted += 1;
    return counted === 1 ? 'drain' : counted === 2 ? 'at-once' : 'kill';
  };
}

/** The hint printed with "switchyard stopping": how to stop at once, only when the user can repeat what stopped the run. */
export function stopAtOnceHint(signal?: NodeJS.Signals): string {
  if (signal === 'SIGINT') return ' (Ctrl-C again to stop at once)';
  if (signal) return ` (${signal} again to stop at once)`;
  return '';
}
