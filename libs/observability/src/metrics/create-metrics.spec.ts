import { createMetrics, MetricKindConflictError } from './create-metrics';

describe('createMetrics', () => {
  it('renders Prometheus text with the service label, isolated per service', async () => {
    const ingress = createMetrics('ingress', { defaultMetrics: false });
    const badges = createMetrics('badge-renderer', { defaultMetrics: false });
    ingress.counter({ name: 'switchyard_hooks_total', help: 'Hooks', labelNames: ['status'] }).inc({ status: '202' });
    badges.counter({ name: 'switchyard_hooks_total', help: 'Hooks', labelNames: ['status'] }).inc({ status: '400' }, 2);

    const text = await ingress.render();
    expect(text).toContain('switchyard_hooks_total{status="202",service="ingress"} 1');
    expect(text).not.toContain('400');
    expect(ingress.contentType).toMatch(/^text\/plain/);
  });

  it('returns the same metric when asked twice and refuses a kind conflict', () => {
    const metrics = createMetrics('x', { defaultMetrics: false });
    const first = metrics.histogram({ name: 'latency_seconds', help: 'h', buckets: [0.1, 1] });
    expect(metrics.histogram({ name: 'latency_seconds', help: 'h' })).toBe(first);
    expect(() => metrics.counter({ name: 'latency_seconds', help: 'h' })).toThrow(MetricKindConflictError);
  });

  it('includes process metrics by default', async () => {
    const text = await createMetrics('y').render();
    expect(text).toContain('switchyard_process_resident_memory_bytes');
  });
});
