import { defineEvent } from '@switchyard/contracts';
import { z } from 'zod';
import type { Topology } from '../bus/topology';

/** Test-only contracts on their own topic, so the suite never touches real subscriptions. */
export const ConformanceAlpha = defineEvent({
  type: 'conformance.alpha.v1',
  topic: 'conformance',
  description: 'Conformance test event taken by both subscriptions.',
  data: z.object({ run: z.string(), n: z.number(), token: z.string().optional() }),
});

export const ConformanceBeta = defineEvent({
  type: 'conformance.beta.v1',
  topic: 'conformance',
  description: 'Conformance test event taken only by the "wide" subscription.',
  data: z.object({ run: z.string(), n: z.number() }),
});

/** A type with a contract that no subscription takes. */
export const ConformanceUnrouted = defineEvent({
  type: 'conformance.unrouted.v1',
  topic: 'conformance',
  description: 'Conformance test event no subscription takes.',
  data: z.object({ run: z.string() }),
});

export const CONFORMANCE_TOPIC = 'conformance';
export const MAX_DELIVERIES = 3;

export const conformanceTopology: Topology = {
  contracts: [ConformanceAlpha, ConformanceBeta, ConformanceUnrouted],
  subscriptions: [
    { topic: CONFORMANCE_TOPIC, name: 'wide', eventTypes: [ConformanceAlpha.type, ConformanceBeta.type], maxDeliveryCount: MAX_DELIVERIES, lockDurationSeconds: 5 },
    { topic: CONFORMANCE_TOPIC, name: 'narrow', eventTypes: [ConformanceAlpha.type], maxDeliveryCount: MAX_DELIVERIES, lockDurationSeconds: 5 },
  ],
};
