import { context, trace } from '@opentelemetry/api';
import { startInMemoryTracing, traceLogFields } from '@switchyard/observability';
import { Registry } from 'prom-client';
import type { InboundMessage } from '../bus/bus.port';
import { createBusMetrics } from '../metrics/create-bus-metrics';
import { settleFailureReporter } from './create-event-processor';
import type { SettlementObserver } from './event-handler';

const message: InboundMessage = {
  messageId: 'm-1',
  body: { type: 'switchyard.check.requested.v1' },
  applicationProperties: {},
  deliveryCount: 2,
  enqueuedTime: new Date(0),
  topic: 'checks',
  subscription: 'gate-evaluator',
};

describe('settleFailureReporter', () => {
  it('tells the SettlementObserver which settlement the bus could not apply, and why', () => {
    const outcomes: Parameters<SettlementObserver>[0][] = [];
    settleFailureReporter((o) => outcomes.push(o))!({ message, settlement: { kind: 'complete' }, code: 'MessageLockLost', error: 'lock lost' });
    expect(outcomes).toEqual([
      {
        messageId: 'm-1',
        type: 'switchyard.check.requested.v1',
        topic: 'checks',
        subscription: 'gate-evaluator',
        deliveryCount: 2,
        settlement: { kind: 'complete' },
        durationMs: 0,
        settleFailed: { code: 'MessageLockLost', error: 'lock lost' },
      },
    ]);
  });

  it('is absent without an observer, and the metrics observer does not count a failure twice', async () => {
    expect(settleFailureReporter(undefined)).toBeUndefined();
    const registry = new Registry();
    const metrics = createBusMetrics(registry);
    metrics({ messageId: 'm-1', type: 't', topic: 'checks', subscription: 'gate-evaluator', deliveryCount: 1, settlement: { kind: 'complete' }, durationMs: 5 });
    settleFailureReporter(metrics)!({ message, settlement: { kind: 'complete' }, code: 'MessageLockLost', error: 'lock lost' });
    expect(await registry.getSingleMetricAsString('switchyard_bus_messages_settled_total')).toContain('} 1');
    expect(await registry.getSingleMetricAsString('switchyard_bus_messages_settled_total')).not.toContain('} 2');
  });

  it("reports in the message's trace, not in the span the backend settles in (the Service Bus SDK's)", async () => {
    const tracing = startInMemoryTracing();
    try {
      const producer = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
      const traced = { ...message, applicationProperties: { traceparent: `00-${producer.traceId}-${producer.spanId}-01` } };
      const fields: ReturnType<typeof traceLogFields>[] = [];
      const sdkSpan = trace.getTracer('sdk').startSpan('ServiceBusReceiver.complete');
      context.with(trace.setSpan(context.active(), sdkSpan), () =>
        settleFailureReporter(() => fields.push(traceLogFields()))!({ message: traced, settlement: { kind: 'complete' }, code: 'MessageLockLost', error: 'lock lost' }),
      );
      sdkSpan.end();
      expect(fields).toEqual([{ trace_id: producer.traceId, span_id: producer.spanId }]);
    } finally {
      await tracing.shutdown();
    }
  });
});
