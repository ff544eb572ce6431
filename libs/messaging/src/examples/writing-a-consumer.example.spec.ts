import { Logger, type INestMicroservice } from '@nestjs/common';
import { createEvent, ReleaseDeploymentCompleted } from '@switchyard/contracts';
import { Registry } from 'prom-client';
import { collectPublished, createTestBus, waitFor, waitForDeadLetter } from '../testing';
import { docSnippet, exampleCode } from './doc-snippet';
import { BadgeStore, startReleaseBadges } from './writing-a-consumer.example';

const deployment = (project: string) =>
  createEvent(ReleaseDeploymentCompleted, {
    source: 'https://dev.azure.com/fabrikam/',
    correlationId: 'corr-1',
    data: { project: { name: project }, environment: { name: 'Dev' }, status: 'succeeded', originalEventType: 'ms.vss-release.deployment-completed-event' },
  });

class FabrikamBadges extends BadgeStore {
  knows(project: string): boolean {
    return project === 'Fabrikam';
  }
  async render() {
    const path = 'fabrikam/Fabrikam/releases/Fabrikam.CD/Dev';
    return { kind: 'release' as const, path, svgUrl: `/badges/${path}.svg`, jsonUrl: `/badges/${path}.json`, status: 'succeeded', label: 'Dev', message: 'succeeded' };
  }
}

// The example keeps Nest's default logger; its start-up lines are noise here.
Logger.overrideLogger(false);

describe('docs/messaging.md "Writing a consumer"', () => {
  it('shows this example verbatim, so the snippet compiles and runs as it reads', () => {
    expect(docSnippet('## Writing a consumer')).toBe(exampleCode('writing-a-consumer.example.ts'));
  });

  describe('the example', () => {
    const bus = createTestBus({ onDropped: () => undefined }); // the dead letter a test leaves is expected
    const registry = new Registry();
    let app: INestMicroservice;

    beforeAll(async () => {
      app = await startReleaseBadges(bus, new FabrikamBadges(), registry);
    });
    afterAll(async () => {
      await app.close();
      await bus.close();
    });

    it('renders the badge and publishes BadgeRendered with the deployment’s correlation id', async () => {
      const outcomes = collectPublished(bus, 'outcomes');
      const event = deployment('Fabrikam');
      await bus.publisher.publish(event);
      const [rendered] = await outcomes.waitFor(1);
      outcomes.stop();
      expect(rendered).toMatchObject({ type: 'switchyard.badge.rendered.v1', correlationId: 'corr-1', data: { sourceEventId: event.id, label: 'Dev' } });
      // Counted once the handler returned, after it published.
      const counted = async () => ((await registry.getSingleMetricAsString('switchyard_bus_messages_settled_total')).includes('outcome="completed"') ? true : undefined);
      await expect(waitFor(counted, 'the completed delivery counted for /metrics')).resolves.toBe(true);
    });

    it('dead-letters a deployment of an unknown project at once, with the PermanentError code', async () => {
      const event = deployment('Contoso');
      await bus.publisher.publish(event);
      expect(await waitForDeadLetter(bus, 'releases', 'badge-renderer', { messageId: event.id })).toMatchObject({
        reason: 'BADGE.UNKNOWN_PROJECT',
        description: 'Add "Contoso" to BADGE_PROJECTS',
        deliveryCount: 1,
      });
    });
  });
});
