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
  /** Wait this long before answering (or before handling normally when no status is given). */
  delayMs?: number;
  /** Drop the connection without answering (the client sees ECONNRESET). */
  reset?: boolean;
  /** Error message in the Azure DevOps error body. */
  message?: string;
  /** The whole body, sent as written (e.g. JSON with \u escapes, which the real service may write). */
  rawBody?: string;
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
