/**
 * A signal that aborts, with its reason, when the first of `signals` does; `dispose` lets go of them.
 * Not AbortSignal.any: the bus's closing signal lives as long as the bus, and signals combined with a
 * long-lived one by AbortSignal.any have leaked on Node versions this project runs on (nodejs/node#55351).
 */
export function abortOnEither(...signals: Array<AbortSignal | undefined>): { signal: AbortSignal; dispose(): void } {
  const combined = new AbortController();
  const removals: Array<() => void> = [];
  for (const source of signals) {
    if (!source) continue;
    if (source.aborted) {
      combined.abort(source.reason);
      break;
    }
    const onAbort = () => combined.abort(source.reason);
    source.addEventListener('abort', onAbort, { once: true });
    removals.push(() => source.removeEventListener('abort', onAbort));
  }
  return { signal: combined.signal, dispose: () => removals.forEach((remove) => remove()) };
}
