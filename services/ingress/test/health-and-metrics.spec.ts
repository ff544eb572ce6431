import { readFixtureBytes, readFixtureJson } from '@switchyard/testing';
import { KEYS, postHook, startHarness, type Harness } from './ingress-harness';

describe('ingress health and metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('GET /healthz and GET /readyz answer 200 on a ready bus', async () => {
    expect((await fetch(`${h.ingress.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.ingress.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { bus: { ok: true } } });
  });

  it('GET /metrics counts hooks by event type and status and has the publish latency histogram', async () => {
    await postHook(h.hookUrl(`?code=${KEYS.prod}`), readFixtureBytes('hooks/go-playground-webhooks/build.complete.json'));
    await postHook(h.hookUrl(), readFixtureBytes('hooks/go-playground-webhooks/build.complete.json'));
    await postHook(h.hookUrl(`?code=${KEYS.prod}`), 'not json');
    await postHook(h.hookUrl(`?code=${KEYS.prod}`), 'id=1', { 'content-type': 'application/x-www-form-urlencoded' });
    await fetch(`${h.ingress.url}/healthz`);
    const response = await fetch(`${h.ingress.url}/metrics`);
    const text = await response.text();
    expect(text).toContain('switchyard_ingress_hooks_total{event_type="build.complete",status="202",code="none",service="ingress"} 1');
    expect(text).toContain('switchyard_ingress_hooks_total{event_type="unknown",status="401",code="HOOK_KEY_REJECTED",service="ingress"} 1');
    expect(text).toContain('switchyard_ingress_hooks_total{event_type="unknown",status="400",code="INVALID_JSON",service="ingress"} 1');
    expect(text).toContain('switchyard_ingress_hooks_total{event_type="unknown",status="415",code="UNSUPPORTED_MEDIA_TYPE",service="ingress"} 1');
    // Only hook answers are counted (not /healthz), and no unavailable outcome was observed.
    expect(text).not.toMatch(/switchyard_ingress_hooks_total\{[^}]*status="200"/);
    expect(text).not.toContain('outcome="unavailable"');
    expect(text).toMatch(/switchyard_ingress_publish_seconds_count\{service="ingress",outcome="accepted"\} 1/);
  });

  it('keeps sender-chosen text that does not look like an event type out of the metric labels', async () => {
    const hostile = 'x'.repeat(5_000) + '"} 1\nfake_metric 1';
    await postHook(h.hookUrl(`?code=${KEYS.prod}`), JSON.stringify({ id: 'a', eventType: hostile, resource: {} }));
    const text = await (await fetch(`${h.ingress.url}/metrics`)).text();
    expect(text).toContain('switchyard_ingress_hooks_total{event_type="invalid"');
    expect(text).not.toContain('xxxxxxxxxx');
    expect(text).not.toMatch(/^fake_metric/m);
  });

  it('GET /readyz answers 503 once the bus is closed', async () => {
    await h.bus.close();
    const response = await fetch(`${h.ingress.url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'not-ready', checks: { bus: { ok: false } } });
    expect((await fetch(`${h.ingress.url}/healthz`)).status).toBe(200);
  });
});

describe('event-type labels of the hook counter', () => {
  it('are not handed to invalid notifications', async () => {
    const h = await startHarness();
    try {
      for (let i = 0; i < 120; i++) {
        const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), JSON.stringify({ id: `junk-${i}`, eventType: `junk.type-${i}` }));
        expect(response.status).toBe(400);
      }
      expect((await postHook(h.hookUrl(`?code=${KEYS.prod}`), readFixtureBytes('hooks/go-playground-webhooks/build.complete.json'))).status).toBe(202);
      const text = await (await fetch(`${h.ingress.url}/metrics`)).text();
      expect(text).toContain('switchyard_ingress_hooks_total{event_type="build.complete",status="202",code="none",service="ingress"} 1');
      expect(text).toContain('switchyard_ingress_hooks_total{event_type="unknown",status="400",code="NOT_A_SERVICE_HOOK",service="ingress"} 120');
      expect(text).not.toContain('junk.type');
    } finally {
      await h.close();
    }
  });

  it('keep one for every event type Azure DevOps sends, however many made-up types a key holder posts first', async () => {
    const h = await startHarness();
    try {
      for (let i = 0; i < 150; i++) {
        const response = await postHook(h.hookUrl(`?code=${KEYS.prod}`), JSON.stringify({ id: `junk-${i}`, eventType: `junk.type-${i}`, resource: {} }));
        expect(response.status).toBe(202);
      }
      expect((await postHook(h.hookUrl(`?code=${KEYS.prod}`), readFixtureBytes('hooks/go-playground-webhooks/git.push.json'))).status).toBe(202);
      const push = readFixtureJson<Record<string, unknown>>('hooks/go-playground-webhooks/git.push.json');
      expect((await postHook(h.hookUrl(`?code=${KEYS.prod}`), JSON.stringify({ ...push, id: 'other-case', eventType: 'Git.Push' }))).status).toBe(202);
      const series = (await (await fetch(`${h.ingress.url}/metrics`)).text()).split('\n').filter((line) => line.startsWith('switchyard_ingress_hooks_total{'));
      expect(series).toContain('switchyard_ingress_hooks_total{event_type="git.push",status="202",code="none",service="ingress"} 2');
      // Undocumented types share a bounded set of labels, then "other".
      expect(series.filter((line) => line.includes('event_type="junk.type-'))).toHaveLength(50);
      expect(series).toContain('switchyard_ingress_hooks_total{event_type="other",status="202",code="none",service="ingress"} 100');
    } finally {
      await h.close();
    }
  });

  it('are not handed to the made-up event types of hooks refused for another organization', async () => {
    const h = await startHarness({ HOOK_KEY_ORGANIZATIONS: 'ado-prod=https://dev.azure.com/fabrikam' });
    try {
      const hook = (id: string, organization: string) => JSON.stringify({ id, eventType: `made.up-${id}`, resource: { url: `https://dev.azure.com/${organization}/_apis/x` } });
      expect((await postHook(h.hookUrl(`?code=${KEYS.prod}`), hook('a', 'contoso'))).status).toBe(403);
      expect((await postHook(h.hookUrl(`?code=${KEYS.prod}`), hook('b', 'fabrikam'))).status).toBe(202);
      const text = await (await fetch(`${h.ingress.url}/metrics`)).text();
      expect(text).toContain('switchyard_ingress_hooks_total{event_type="unknown",status="403",code="HOOK_KEY_NOT_FOR_ORGANIZATION",service="ingress"} 1');
      expect(text).toContain('switchyard_ingress_hooks_total{event_type="made.up-b",status="202",code="none",service="ingress"} 1');
      expect(text).not.toContain('made.up-a');
    } finally {
      await h.close();
    }
  });

  it('keep counting refusals of an event type already seen under its name', async () => {
    const h = await startHarness();
    try {
      await postHook(h.hookUrl(`?code=${KEYS.prod}`), readFixtureBytes('hooks/go-playground-webhooks/build.complete.json'));
      await postHook(h.hookUrl(`?code=${KEYS.prod}`), JSON.stringify({ id: 'no-resource', eventType: 'build.complete' }));
      const text = await (await fetch(`${h.ingress.url}/metrics`)).text();
      expect(text).toContain('switchyard_ingress_hooks_total{event_type="build.complete",status="400",code="NOT_A_SERVICE_HOOK",service="ingress"} 1');
    } finally {
      await h.close();
    }
  });
});
