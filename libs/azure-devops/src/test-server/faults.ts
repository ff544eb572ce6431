export interface FaultSpec {
  /** Matched against the request path (without query); a string matches when the path contains it. */
  path: string | RegExp;
  /** Only this HTTP method (any when omitted). */
  method?: string;
  /** How many matching calls the fault applies to (default 1). */
  times?: number;
  /** Answer with this status instead of handling the call. */
  status?: number;
  /** Retry-After header value (seconds or an HTTP date). */
  retryAfter?: string | number;
  /**
   * Wait this long before answering (or before handling normally when no status is given). Unless
   * `afterProcessing` is set, a call whose client gave up meanwhile is not handled at all.
   */
  delayMs?: number;
  /** Drop the connection without answering (the client sees ECONNRESET). */
  reset?: boolean;
  /**
   * Handle the call first (its effects happen: a queued build, a recorded TaskCompleted), then apply
   * `delayMs`, `reset` or `status`: the server did the work but its answer is late, lost or an error,
   * as when a response is lost on the way back or a gateway answers 503 for a backend that succeeded.
   */
  afterProcessing?: boolean;
  /**
   * Answer as usual, announcing the whole body in Content-Length, but send only its first N bytes and
   * then drop the connection (a response cut off in transit).
   */
  truncateBodyAt?: number;
  /** Answer as usual, but send the body one byte every `trickleMs` ms (a server that never stalls long enough to trip an idle timeout). */
  trickleMs?: number;
  /** Error message in the Azure DevOps error body. */
  message?: string;
  /** The whole body, sent as written (e.g. JSON with \u escapes, which the real service may write). */
  rawBody?: string;
  /** Content-Type of `rawBody` (default application/json), e.g. text/html for a proxy's sign-in page answered 200. */
  contentType?: string;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

/** Fault rules are consumed in insertion order, each for `times` matching calls. */
export class FaultPlan {
  private readonly faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.faults.length = 0;
  }

  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (!candidate.method || candidate.method.toUpperCase() === method) &&
        (typeof candidate.path === 'string' ? path.toLowerCase().includes(candidate.path.toLowerCase()) : candidate.path.test(path)),
    );
    if (fault) fault.remaining -= 1;
    return fault;
  }

  get pending(): number {
    return this.faults.reduce((sum, fault) => sum + fault.remaining, 0);
  }
}
