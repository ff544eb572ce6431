import type { Bus } from '@switchyard/messaging';
import type { HealthEndpoints, ServiceHealth } from '@switchyard/service-host';
import { startIngress } from '@switchyard/ingress';
import { startBadgeRenderer } from '@switchyard/badge-renderer';
import { startGateEvaluator } from '@switchyard/gate-evaluator';
import { startBuildTrigger } from '@switchyard/build-trigger';

/** What every service's start function returns (see the agreed API in each services/<name>/src/index.ts). */
export interface RunningService {
  name: string;
  url?: string;
  /** Its readiness and metrics, served with every other service's on the ingress' GET /readyz and GET /metrics. */
  health?: ServiceHealth;
  close(): Promise<void>;
}

export type StartService = (options: {
  bus: Bus;
  env?: Record<string, string | undefined>;
  /** Every service's readiness and metrics, for the service that listens on HTTP (the ingress) to answer with. */
  health?: HealthEndpoints;
}) => Promise<RunningService>;

/**
 * Every service the local run starts, in close order: the ingress stays first so it stops accepting
 * hooks before the consumers drain. They start in the reverse order, the ingress last, so it accepts
 * nothing before every consumer runs. Add yours after it.
 */
export const services: StartService[] = [startIngress, startBadgeRenderer, startGateEvaluator, startBuildTrigger];
