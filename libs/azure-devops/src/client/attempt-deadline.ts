/**
 * Bounds one attempt as a whole: connect, request, headers and the entire body. Node's socket timeout
 * (typed-rest-client's `socketTimeout`) only fires after that long without a byte, so a server that
 * trickles its answer would hold a call forever. When the deadline passes the request is aborted.
 */
export interface AttemptDeadline {
  /** Given to http.request as `signal`; undefined when there is no deadline. */
  readonly signal?: AbortSignal;
  /** True once the deadline passed (and the request was aborted). */
  readonly expired: boolean;
  clear(): void;
}

export function startAttemptDeadline(timeoutMs: number | undefined): AttemptDeadline {
  if (!timeoutMs || !Number.isFinite(timeoutMs) || timeoutMs <= 0) return { expired: false, clear: () => undefined };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
  return {
    signal: controller.signal,
    get expired() {
      return controller.signal.aborted;
    },
    clear: () => clearTimeout(timer),
  };
}
