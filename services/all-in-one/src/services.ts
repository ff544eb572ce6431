import type { Bus } from '@switchyard/messaging';
import { startIngress } from '@switchyard/ingress';
import { startBadgeRenderer } from '@switchyard/badge-renderer';
import { startGateEvaluator } from '@switchyard/gate-evaluator';
import { startBuildTrigger } from '@switchyard/build-trigger';

/** What every service's start function returns (see the agreed API in each services/<name>/src/index.ts). */
export interface RunningService {
  name: string;
  url?: string;
  close(): Promise<void>;
}

export type StartService = (options: { bus: Bus; env?: Record<string, string | undefined> }) => Promise<RunningService>;

/**
 * Every service the local run starts, in start order, which is also close order: the ingress stays
 * first so it stops accepting hooks before the consumers drain. Add yours after it.
 */
export const services: StartService[] = [startIngress, startBadgeRenderer, startGateEvaluator, startBuildTrigger];
