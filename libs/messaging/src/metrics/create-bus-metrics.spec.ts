import { createEvent } from '@switchyard/contracts';
import { Registry } from 'prom-client';
import { ConformanceAlpha, ConformanceBeta, conformanceTopology } from '../conformance/conformance-topology';
import { consumeEvents, on } from '../consumer/consume-events';
import { EmbeddedBus } from '../embedded/embedded-bus';
import { PermanentError } from '../errors/permanent.error';
import { waitFor } from '../testing/wait-for';
import { createBusMetrics, MAX_REASON_LABELS } from './create-bus-metrics';

const alpha = (n: number) => createEvent(ConformanceAlpha, { source: 'urn:test', data: { run: 'metrics', n } });

describe('createBusMetrics', () => {
  let bus: EmbeddedBus;
  let registry: Registry;

  beforeEach(() => {
    bus = new EmbeddedBus({ topology: conformanceTopology, lockDurationMs: 1000, maxDeliveryCount: 2 });
    registry = new Registry();
  });
  afterEach(() => bus.close());

  const value = async (name: string, labels: Record<string, string>) => {
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
    const found = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
    return found?.value ?? 0;
  };

  it('counts completed, abandoned and dead-lettered settlements per subscription, type and reason, and times handlers', async () => {
    const onSettled = createBusMetrics(registry);
    let settledCount = 0;
    const receiver = await consumeEvents(
      bus,
      { topic: 'conformance', subscription: 'wide', onSettled: (o) => (onSettled(o), settledCount++) },
      [
        on(ConformanceAlpha, async (event) => {
          if (event.data.n === 2) throw new Error('transient');
          if (event.data.n === 3) throw new PermanentError('TEST.BROKEN', 'cannot be handled');
        }),
      ],
    );
    for (const n of [1, 2, 3]) await bus.publisher.publish(alpha(n));
    // n=2 is delivered twice (abandoned each time) before the bus dead-letters it.
    await waitFor(() => (settledCount >= 4 ? true : undefined), '4 settlements');
    await receiver.close();

    const subscription = 'conformance/wide';
    const type = ConformanceAlpha.type;
    expect(await value('switchyard_bus_messages_settled_total', { subscription, type, outcome: 'completed' })).toBe(1);
    expect(await value('switchyard_bus_messages_settled_total', { subscription, type, outcome: 'abandoned' })).toBe(2);
    expect(await value('switchyard_bus_messages_settled_total', { subscription, type, outcome: 'dead-lettered' })).toBe(1);
    expect(await value('switchyard_bus_dead_lettered_total', { subscription, reason: 'TEST.BROKEN' })).toBe(1);
    const text = await registry.metrics();
    expect(text).toContain(`switchyard_bus_handler_duration_seconds_count{subscription="${subscription}",type="${type}"} 4`);
  });

  it('labels a body without an event type as "unknown" with its dead-letter reason', async () => {
    const onSettled = createBusMetrics(registry);
    onSettled({
      messageId: 'm1',
      type: undefined,
      topic: 'conformance',
      subscription: 'wide',
      deliveryCount: 1,
      durationMs: 2,
      settlement: { kind: 'deadLetter', reason: 'MESSAGING.INVALID_ENVELOPE', description: 'x' },
    });
    expect(await value('switchyard_bus_messages_settled_total', { type: 'unknown', outcome: 'dead-lettered' })).toBe(1);
    expect(await value('switchyard_bus_dead_lettered_total', { reason: 'MESSAGING.INVALID_ENVELOPE' })).toBe(1);
  });

  it('labels at most MAX_REASON_LABELS dead-letter reasons, and a reason that is not a code, "other", so codes built from input cannot make a series per message', async () => {
    const onSettled = createBusMetrics(registry);
    const deadLetter = (reason: string) =>
      onSettled({ messageId: reason, type: ConformanceAlpha.type, topic: 'conformance', subscription: 'wide', deliveryCount: 1, durationMs: 1, settlement: { kind: 'deadLetter', reason, description: 'x' } });
    for (let i = 0; i < MAX_REASON_LABELS + 5; i++) deadLetter(`TEST.ORDER_${i}_GONE`);
    deadLetter('TEST.ORDER_0_GONE');
    deadLetter('order 7 is gone: "x"');
    const reasons = (await registry.getMetricsAsJSON()).find((m) => m.name === 'switchyard_bus_dead_lettered_total')?.values ?? [];
    expect(reasons).toHaveLength(MAX_REASON_LABELS + 1);
    expect(await value('switchyard_bus_dead_lettered_total', { reason: 'TEST.ORDER_0_GONE' })).toBe(2);
    expect(await value('switchyard_bus_dead_lettered_total', { reason: `TEST.ORDER_${MAX_REASON_LABELS - 1}_GONE` })).toBe(1);
    expect(await value('switchyard_bus_dead_lettered_total', { reason: 'other' })).toBe(6);
  });

  it('labels every type the consumer has no handler for "other", so stray types from a publisher cannot make new series', async () => {
    const receiver = await consumeEvents(bus, { topic: 'conformance', subscription: 'wide', onSettled: createBusMetrics(registry) }, [on(ConformanceAlpha, () => undefined)]);
    // The subscription's filter routes by subject; the consumer reads the type from the body.
    const strayTypes = ['stray.1', 'stray.2', ConformanceBeta.type];
    for (const type of strayTypes) {
      const body = { ...alpha(0), id: `stray-${type}`, type };
      await bus.send('conformance', { messageId: body.id, subject: ConformanceAlpha.type, correlationId: body.id, contentType: 'application/json', body, applicationProperties: {} });
    }
    await bus.publisher.publish(alpha(1));
    await waitFor(async () => ((await bus.deadLetters('conformance', 'wide').list()).length === 3 ? true : undefined), '3 dead letters');
    await receiver.close();

    expect(await value('switchyard_bus_messages_settled_total', { type: 'other', outcome: 'dead-lettered' })).toBe(3);
    expect(await value('switchyard_bus_messages_settled_total', { type: ConformanceAlpha.type, outcome: 'completed' })).toBe(1);
    expect(await registry.metrics()).not.toContain('stray');
    // What the type was is not lost: the dead letter says it.
    expect((await bus.deadLetters('conformance', 'wide').list()).map((d) => d.description)).toEqual([
      expect.stringContaining('"stray.1"'),
      expect.stringContaining('"stray.2"'),
      expect.stringContaining(`"${ConformanceBeta.type}"`),
    ]);
  });

  it('can be created twice on one registry (services sharing it) without a duplicate-registration error', () => {
    createBusMetrics(registry);
    expect(() => createBusMetrics(registry)).not.toThrow();
  });
});
