import { Logger, type INestMicroservice } from '@nestjs/common';
import { createEvent, ReleaseDeploymentCompleted, type EventOf } from '@switchyard/contracts';
import { busOptionsFromEnv } from '../bus/bus-options';
import type { Bus } from '../bus/bus.port';
import { createBus } from '../bus/create-bus';
import { fakeNamespace } from '../servicebus/fake-namespace';
import { fakeServiceBusClient } from '../servicebus/fake-servicebus-client';
import { ServiceBusBus } from '../servicebus/servicebus-bus';
import { createTestBus, waitFor } from '../testing';
import { createMyTeamBus, DeploymentLog, myTeamTopology, startMyTeamConsumer } from './another-team-consumer.example';
import { DEFAULT_CONCURRENCY } from '../bus/constants';
import { docAnchors, docSnippet, docText, exampleCode } from './doc-snippet';

type Deployment = EventOf<typeof ReleaseDeploymentCompleted>;

const deployment = () =>
  createEvent(ReleaseDeploymentCompleted, {
    source: 'https://dev.azure.com/fabrikam/',
    data: { project: { name: 'Fabrikam' }, environment: { name: 'Prod' }, status: 'succeeded', originalEventType: 'ms.vss-release.deployment-completed-event' },
  });

class RecordedDeployments extends DeploymentLog {
  readonly ids: string[] = [];
  async record(event: Deployment): Promise<void> {
    this.ids.push(event.id);
  }
}

const LOCAL_NAMESPACE = 'Endpoint=sb://sb.local.test;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=not-a-real-key';

// The example keeps Nest's default logger; its start-up lines are noise here.
Logger.overrideLogger(false);

describe('docs/messaging.md "A consumer owned by another team"', () => {
  let app: INestMicroservice | undefined;
  let bus: Bus | undefined;
  afterEach(async () => {
    await app?.close();
    await bus?.close();
    app = bus = undefined;
  });

  it('shows this example verbatim, so the snippet compiles and runs as it reads', () => {
    expect(docSnippet('### A consumer owned by another team')).toBe(exampleCode('another-team-consumer.example.ts'));
  });

  it('receives under its own service name on the embedded bus that busOptionsFromEnv gives by default', async () => {
    bus = createMyTeamBus({});
    const log = new RecordedDeployments();
    app = await startMyTeamConsumer(bus, log);
    const event = deployment();
    await bus.publisher.publish(event);
    await waitFor(() => (log.ids.length > 0 ? log.ids : undefined), 'the deployment recorded');
    expect(log.ids).toEqual([event.id]);
  });

  it('handles one message at a time unless given a concurrency, as the page says', async () => {
    // A team that copies the example gets the default: it must know that one slow message holds the rest.
    expect(docText().replace(/\s+/g, ' ')).toContain(`subscription, per process; it is **${DEFAULT_CONCURRENCY}** unless you set it.`);
    const embedded = createTestBus({ topology: myTeamTopology });
    bus = embedded;
    let release!: () => void;
    const firstHeld = new Promise<void>((resolve) => (release = resolve));
    class SlowFirst extends RecordedDeployments {
      override async record(event: Deployment): Promise<void> {
        await super.record(event);
        if (this.ids.length === 1) await firstHeld;
      }
    }
    const log = new SlowFirst();
    app = await startMyTeamConsumer(bus, log);
    const [first, second] = [deployment(), deployment()];
    await bus.publisher.publish(first);
    await bus.publisher.publish(second);
    await waitFor(() => log.ids[0], 'the first deployment taken');
    // The second is queued behind the first, not handled beside it.
    expect(embedded.backlog(ReleaseDeploymentCompleted.topic, 'my-team')).toBe(1);
    expect(log.ids).toEqual([first.id]);
    release();
    await waitFor(() => log.ids[1], 'the second deployment taken');
    expect(log.ids).toEqual([first.id, second.id]);
  });

  it('receives in tests on createTestBus({ topology })', async () => {
    bus = createTestBus({ topology: myTeamTopology });
    const log = new RecordedDeployments();
    app = await startMyTeamConsumer(bus, log);
    await bus.publisher.publish(deployment());
    await waitFor(() => log.ids[0], 'the deployment recorded');
  });

  it('on Service Bus, gets its subscription and rules from SERVICEBUS_CREATE_ENTITIES, receives there, and can resubmit its dead letters', async () => {
    const namespace = fakeNamespace();
    const data = fakeServiceBusClient();
    const options = busOptionsFromEnv({ BUS: 'servicebus', SERVICEBUS_CONNECTION_STRING: LOCAL_NAMESPACE, SERVICEBUS_CREATE_ENTITIES: 'true' }, { topology: myTeamTopology });
    if (options.backend !== 'servicebus') throw new Error('BUS=servicebus gives Service Bus options');
    bus = new ServiceBusBus(options, { client: data.client, administrationClient: namespace.admin });
    const log = new RecordedDeployments();
    app = await startMyTeamConsumer(bus, log);

    expect(namespace.ruleNames('my-team', 'releases')).toEqual([ReleaseDeploymentCompleted.type, 'resubmit'].sort());
    expect(data.receiving()).toEqual(['releases/my-team']);
    const event = deployment();
    await data.deliver('releases', 'my-team', { messageId: event.id, subject: event.type, body: event });
    expect(log.ids).toEqual([event.id]);
    expect(data.settled).toEqual([`complete ${event.id}`]);

    data.addDeadLetter('releases', 'my-team', 'evt-dead', 7);
    await expect(bus.deadLetters('releases', 'my-team').resubmitAndReport()).resolves.toEqual({ resubmitted: 1, resubmittedIds: ['evt-dead'], complete: true });
    expect(data.sent).toMatchObject([{ topic: 'releases', message: { applicationProperties: { 'switchyard-resubmit-to': 'my-team' } } }]);
  });

  it('points a transport whose service has no subscription on the bus at this section, as well as at Subscriptions', async () => {
    bus = createBus({ backend: 'embedded' });
    const started = startMyTeamConsumer(bus, new RecordedDeployments());
    await expect(started).rejects.toMatchObject({ code: 'MESSAGING.CONFIG_INVALID', variable: ReleaseDeploymentCompleted.type });
    const message = ((await started.catch((error: unknown) => error)) as Error).message;
    expect(message).toContain('service "my-team" handles it but none of its subscriptions on topic "releases" takes it; add it to Subscriptions in @switchyard/contracts');
    expect(message).toContain(
      'or, for a consumer outside switchyard, run the transport on a bus whose topology includes your subscription (docs/messaging.md#a-consumer-owned-by-another-team)',
    );
    expect(docAnchors()).toContain('a-consumer-owned-by-another-team');
  });
});
