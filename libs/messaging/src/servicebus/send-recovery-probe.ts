import type { ServiceBusClient } from '@azure/service-bus';
import { openSenderLinks } from './open-sender-links';
import { RECOVERY_PROBE_MS, recoveryProbe } from './recovery-probe';
import { SenderCache } from './sender-cache';

export interface SendRecoveryProbe {
  /** Sending on (or opening a link to) these topics degraded readiness: check them again after the interval, until they work. */
  failed(...topics: string[]): void;
  /** A send worked: no check needed. */
  recovered(): void;
  stop(): void;
}

/**
 * Otherwise only a successful send makes a failed send's degraded state ready again, and a replica
 * that is not ready gets no traffic to send: a publish-only process (the ingress) would stay out of
 * its Service until restarted. So after such a failure a new sender link is opened on each failed
 * topic every interval and closed again; the cached sender reconnects by itself. A check that gets no
 * answer gives up after `timeoutMs`, so that a namespace that hung once is checked again.
 */
export function sendRecoveryProbe(client: ServiceBusClient, onRecovered: () => void, timeoutMs: number, intervalMs = RECOVERY_PROBE_MS): SendRecoveryProbe {
  const topics = new Set<string>();
  const stopping = new AbortController();
  const probe = recoveryProbe(
    async () => {
      const fresh = new SenderCache(client);
      try {
        const failure = await openSenderLinks(fresh, [...topics], timeoutMs, stopping.signal);
        if (failure) throw failure.error;
      } finally {
        // Not awaited: closing a link that never attached may hang as its attach did.
        void fresh.closeAll();
      }
    },
    () => {
      topics.clear();
      onRecovered();
    },
    intervalMs,
  );
  return {
    failed: (...failedTopics) => {
      for (const topic of failedTopics) topics.add(topic);
      probe.failed();
    },
    recovered: () => {
      topics.clear();
      probe.recovered();
    },
    stop: () => {
      probe.stop();
      stopping.abort();
    },
  };
}
