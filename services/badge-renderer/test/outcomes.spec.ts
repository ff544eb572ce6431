import { BadgeRendered, createEvent, ReleaseDeploymentCompleted, Topics, type EventOf } from '@switchyard/contracts';
import { collectPublished } from '@switchyard/messaging/testing';
import { BadgeTestEnv, waitForHandled } from './badge-test-env';

jest.setTimeout(30_000);

const deployment = createEvent(ReleaseDeploymentCompleted, {
  id: 'deployment-77',
  source: 'urn:test',
  correlationId: 'corr-77',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  data: {
    organizationUrl: 'https://dev.azure.com/fabfiber/',
    project: { name: 'Fabrikam' },
    releaseDefinition: { id: 1, name: 'Fabrikam.CD' },
    release: { id: 77, name: 'Release-77' },
    environment: { name: 'prod' },
    deployment: { id: 77, attempt: 1 },
    status: 'failed',
    originalEventType: 'ms.vss-release.deployment-completed-event',
  },
});

describe('BadgeRendered outcomes', () => {
  const env = new BadgeTestEnv();
  beforeAll(() => env.start());
  afterAll(() => env.stop());
  afterEach(() => env.closeAll());

  it('announces each badge it stored on the outcomes topic, continuing the correlation and trace', async () => {
    const bus = env.bus();
    const outcomes = collectPublished(bus, Topics.outcomes);
    const renderer = await env.renderer(bus, env.nextContainer());
    await bus.publisher.publish(deployment);
    await waitForHandled(renderer, 'stored', 1);
    const events = (await outcomes.waitFor(2)) as EventOf<typeof BadgeRendered>[];
    outcomes.stop();
    expect(events.map((e) => BadgeRendered.envelope.parse(e).data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'release',
          path: 'fabfiber/Fabrikam/releases/Fabrikam.CD/environments/prod',
          svgUrl: `${renderer.badgesUrl}/fabfiber/Fabrikam/releases/Fabrikam.CD/environments/prod.svg`,
          status: 'failed',
          label: 'prod',
          message: 'Release-77 failed',
          sourceEventId: 'deployment-77',
        }),
        expect.objectContaining({ kind: 'summary', message: 'prod Release-77 ✗', status: 'failed' }),
      ]),
    );
    for (const event of events) {
      expect(event.correlationId).toBe('corr-77');
      expect(event.traceparent).toBe(deployment.traceparent);
    }
  });

  it('announces nothing for an event older than the badge it would have changed (it is stale, the badge unchanged)', async () => {
    const bus = env.bus();
    const outcomes = collectPublished(bus, Topics.outcomes);
    const renderer = await env.renderer(bus, env.nextContainer());
    const newer = { ...deployment, id: 'deployment-78', data: { ...deployment.data, release: { id: 78, name: 'Release-78' }, deployment: { id: 78, attempt: 1 }, status: 'succeeded' as const } };
    await bus.publisher.publish(newer);
    await waitForHandled(renderer, 'stored', 1);
    await bus.publisher.publish(deployment);
    // Its BadgeRendered events, if any, are published before it counts as stored.
    await waitForHandled(renderer, 'stored', 2);
    outcomes.stop();
    const announced = outcomes.events.map((e) => BadgeRendered.envelope.parse(e).data);
    expect(announced.map((data) => [data.kind, data.sourceEventId, data.message]).sort()).toEqual([
      ['release', 'deployment-78', 'Release-78 succeeded'],
      ['summary', 'deployment-78', 'prod Release-78 ✓'],
    ]);
  });
});
