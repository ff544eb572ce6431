/** How often a degraded bus checks whether Service Bus works again. */
export const RECOVERY_PROBE_MS = 10_000;

/** Retries a cheap operation after an error took readiness away, until it works again. */
export interface RecoveryProbe {
  /** An error just degraded readiness: probe (again) after the interval. */
  failed(): void;
  /** Readiness is back by other means (a settlement, a send): no probe needed. */
  recovered(): void;
  stop(): void;
}

/**
 * The SDK reconnects a receiver by itself but tells nobody when that worked, so a quiet subscription
 * would stay unready until its next message. `probe` (peeking one message) proves that the
 * namespace, the entity and the rights to it work again; `onRecovered` is called once it succeeds
 * with no error reported since it began.
 */
export function recoveryProbe(probe: () => Promise<unknown>, onRecovered: () => void, intervalMs: number): RecoveryProbe {
  let timer: NodeJS.Timeout | undefined;
  let probing = false;
  let stopped = false;
  // Set by failed(), cleared by recovered(): a probe under way when readiness came back must not go on.
  let wanted = false;
  let errors = 0;
  const schedule = () => {
    if (stopped || !wanted || timer || probing) return;
    timer = setTimeout(run, intervalMs);
    timer.unref();
  };
  const run = async () => {
    timer = undefined;
    probing = true;
    const errorsBefore = errors;
    let ok = true;
    try {
      await probe();
    } catch {
      ok = false;
    }
    probing = false;
    if (stopped || !wanted) return;
    if (ok && errors === errorsBefore) {
      wanted = false;
      onRecovered();
    } else schedule();
  };
  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return {
    failed: () => {
      errors++;
      wanted = true;
      schedule();
    },
    recovered: () => {
      wanted = false;
      cancel();
    },
    stop: () => {
      stopped = true;
      cancel();
    },
  };
}
