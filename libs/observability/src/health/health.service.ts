import { scrubText } from '../logging/secret-redaction';
import type { ServiceMetrics } from '../metrics/create-metrics';

/** The part of a Bus that readiness needs (kept structural so this lib does not depend on messaging). */
export interface BusStatusSource {
  readonly status$: {
    subscribe(observer: (status: { state: string; error?: unknown }) => void): { unsubscribe(): void };
  };
}

/** An extra readiness condition: ready when `check` resolves to anything but `false`. */
export interface ReadinessCheck {
  name: string;
  check(): unknown;
  /** Default 2000 ms; a check slower than this counts as failed. */
  timeoutMs?: number;
}

export interface CheckResult {
  ok: boolean;
  detail?: string;
}

export interface ReadinessReport {
  status: 'ready' | 'not-ready';
  checks: Record<string, CheckResult>;
}

export interface HealthOptions {
  bus?: BusStatusSource;
  checks?: ReadinessCheck[];
  /** Where `switchyard_bus_ready` goes (with a bus only). */
  metrics?: ServiceMetrics;
}

/** An Error, or the `{ code, message }` a bus reports its state with, as `code: message`. */
function describeError(error: unknown): string {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  const text =
    typeof message === 'string'
      ? typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message
      : String(error);
  return scrubText(text).slice(0, 300);
}

/**
 * Liveness and readiness for one service: ready when the bus reports `ready` and every extra check
 * passes. The bus state is followed from `status$`, so `/readyz` answers without I/O.
 */
export class HealthService {
  private busState = 'starting';
  private busError: unknown;
  private readonly subscription?: { unsubscribe(): void };

  constructor(private readonly options: HealthOptions = {}) {
    // The bus's part of readiness as a metric. A replica whose bus is not ready fails its readiness probe
    // and gets no traffic, so in a Service Bus outage the ingress answers and counts nothing: only this
    // gauge (/metrics answers all the same) shows that no replica can publish.
    const ready =
      options.bus &&
      options.metrics?.gauge({ name: 'switchyard_bus_ready', help: '1 while the bus is ready (what /readyz reports for it), 0 while it is starting, degraded or closed.' });
    ready?.set(0);
    this.subscription = options.bus?.status$.subscribe((status) => {
      this.busState = status.state;
      this.busError = status.error;
      ready?.set(status.state === 'ready' ? 1 : 0);
    });
  }

  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  async readiness(): Promise<ReadinessReport> {
    const checks: Record<string, CheckResult> = {};
    if (this.options.bus) {
      checks['bus'] =
        this.busState === 'ready'
          ? { ok: true, detail: 'ready' }
          : { ok: false, detail: this.busError ? `${this.busState}: ${describeError(this.busError)}` : this.busState };
    }
    const results = await Promise.all((this.options.checks ?? []).map((check) => runCheck(check)));
    (this.options.checks ?? []).forEach((check, index) => (checks[check.name] = results[index]));
    const ready = Object.values(checks).every((result) => result.ok);
    return { status: ready ? 'ready' : 'not-ready', checks };
  }

  close(): void {
    this.subscription?.unsubscribe();
  }
}

async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  const timeoutMs = check.timeoutMs ?? 2000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `timed out after ${timeoutMs} ms` }), timeoutMs);
  });
  const run = (async (): Promise<CheckResult> => {
    try {
      return (await check.check()) === false ? { ok: false, detail: 'check failed' } : { ok: true };
    } catch (error) {
      return { ok: false, detail: describeError(error) };
    }
  })();
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
