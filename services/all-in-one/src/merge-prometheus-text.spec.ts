import { createMetrics } from '@switchyard/observability';
import { mergePrometheusText } from './merge-prometheus-text';

describe('mergePrometheusText', () => {
  it("declares a name two registries share once, with both services' samples under it", async () => {
    const expositions = await Promise.all(
      ['badge-renderer', 'gate-evaluator'].map(async (service, index) => {
        const metrics = createMetrics(service, { defaultMetrics: false });
        // As the bus metrics are: the same name in every service's registry.
        metrics.counter({ name: 'switchyard_bus_messages_settled_total', help: 'Messages settled', labelNames: ['outcome'] }).inc({ outcome: 'completed' }, index + 1);
        metrics.histogram({ name: 'switchyard_bus_handler_duration_seconds', help: 'Handler time', buckets: [1] }).observe(0.5);
        if (index === 0) metrics.counter({ name: 'switchyard_badges_total', help: 'Badges' }).inc();
        return { source: service, text: await metrics.render() };
      }),
    );

    expect(mergePrometheusText(expositions)).toBe(
      [
        '# HELP switchyard_bus_messages_settled_total Messages settled',
        '# TYPE switchyard_bus_messages_settled_total counter',
        'switchyard_bus_messages_settled_total{outcome="completed",service="badge-renderer"} 1',
        'switchyard_bus_messages_settled_total{outcome="completed",service="gate-evaluator"} 2',
        '',
        '# HELP switchyard_bus_handler_duration_seconds Handler time',
        '# TYPE switchyard_bus_handler_duration_seconds histogram',
        'switchyard_bus_handler_duration_seconds_bucket{le="1",service="badge-renderer"} 1',
        'switchyard_bus_handler_duration_seconds_bucket{le="+Inf",service="badge-renderer"} 1',
        'switchyard_bus_handler_duration_seconds_sum{service="badge-renderer"} 0.5',
        'switchyard_bus_handler_duration_seconds_count{service="badge-renderer"} 1',
        'switchyard_bus_handler_duration_seconds_bucket{le="1",service="gate-evaluator"} 1',
        'switchyard_bus_handler_duration_seconds_bucket{le="+Inf",service="gate-evaluator"} 1',
        'switchyard_bus_handler_duration_seconds_sum{service="gate-evaluator"} 0.5',
        'switchyard_bus_handler_duration_seconds_count{service="gate-evaluator"} 1',
        '',
        '# HELP switchyard_badges_total Badges',
        '# TYPE switchyard_badges_total counter',
        'switchyard_badges_total{service="badge-renderer"} 1',
        '',
      ].join('\n'),
    );
  });

  it('leaves out, in a comment, a registry whose metric has another type than the same name before', () => {
    const merged = mergePrometheusText([
      { source: 'ingress', text: '# HELP things Things\n# TYPE things counter\nthings{service="ingress"} 1\n' },
      { source: 'build-trigger', text: '# HELP things Things\n# TYPE things gauge\nthings{service="build-trigger"} 5\n' },
    ]);
    expect(merged).toBe(
      '# HELP things Things\n# TYPE things counter\nthings{service="ingress"} 1\n\n# build-trigger: things is a gauge there, not a counter; left out\n',
    );
  });

  it("keeps the registry's next metrics after one it left out", () => {
    const merged = mergePrometheusText([
      { source: 'ingress', text: '# HELP things Things\n# TYPE things counter\nthings{service="ingress"} 1\n' },
      { source: 'build-trigger', text: '# HELP things Things\n# TYPE things gauge\nthings{service="build-trigger"} 5\n# HELP queued Queued\n# TYPE queued gauge\nqueued{service="build-trigger"} 2\n' },
    ]);
    expect(merged).toBe(
      '# HELP things Things\n# TYPE things counter\nthings{service="ingress"} 1\n\n' +
        '# HELP queued Queued\n# TYPE queued gauge\nqueued{service="build-trigger"} 2\n\n' +
        '# build-trigger: things is a gauge there, not a counter; left out\n',
    );
  });
});
