import type { ContainerClient } from '@azure/storage-blob';
import { blobSegment } from '../src/badge-path/blob-segment';
import { appearanceOf } from '../src/badge-model/status-appearance';
import { compareOrder, parseOrder, type OrderKey } from '../src/ordering/order-key';
import { BadgeTestEnv, readIndex, readText, waitForHandled } from './badge-test-env';
import { deploymentHistory, environmentNames, seededRandom, shuffled, type DeploymentHistory } from './deployment-history';

jest.setTimeout(120_000);

const folder = `fabfiber/${blobSegment('Fabrikam Fiber')}/releases/Web.CD`;
const envPath = (name: string) => `${folder}/environments/${blobSegment(name)}`;

function latestOf(history: DeploymentHistory, environment: string | undefined) {
  const latest = environment === undefined ? undefined : history.latest.get(environment);
  if (!latest) throw new Error(`no deployment of environment ${environment}`);
  return { ...latest, appearance: appearanceOf(latest.status) };
}

async function expectExactlyLatest(container: ContainerClient, history: DeploymentHistory): Promise<void> {
  for (const name of environmentNames) {
    const latest = latestOf(history, name);
    const appearance = appearanceOf(latest.status);
    const json = JSON.parse(await readText(container, `${envPath(name)}.json`));
    expect({ env: name, ...json }).toMatchObject({ env: name, label: name, message: `${latest.release} ${appearance.text}`, color: appearance.color });
    expect(await readText(container, `${envPath(name)}.svg`)).toContain(`aria-label="${name}: ${latest.release} ${appearance.text}"`);
  }
  const index = await readIndex(container);
  const releases = index.badges.filter((entry) => entry.kind === 'release');
  expect(releases).toHaveLength(20);
  for (const entry of releases) {
    const latest = latestOf(history, entry.environment);
    expect(entry.message).toBe(`${latest.release} ${latest.appearance.text}`);
  }
  const summary = index.badges.find((entry) => entry.kind === 'summary');
  const expectedSummary = environmentNames
    .map((name) => `${name} ${latestOf(history, name).release} ${latestOf(history, name).appearance.symbol}`)
    .join(' | ');
  expect(summary?.message).toBe(expectedSummary);
  expect(JSON.parse(await readText(container, `${folder}/summary.json`)).message).toBe(expectedSummary);
}

describe('badges never regress', () => {
  const env = new BadgeTestEnv();
  beforeAll(() => env.start());
  afterAll(() => env.stop());
  afterEach(() => env.closeAll());

  it('1,000 shuffled events for 20 environments end with exactly the latest state', async () => {
    const history = deploymentHistory(25, seededRandom(1));
    expect(history.events).toHaveLength(1000);
    const bus = env.bus();
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name);
    for (const event of shuffled(history.events, seededRandom(2))) await bus.publisher.publish(event);
    await waitForHandled(renderer, 'stored', 1000, 90_000);
    await expectExactlyLatest(env.container(name), history);
  });

  it('replaying every event again changes nothing', async () => {
    const history = deploymentHistory(3, seededRandom(3));
    const bus = env.bus();
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name);
    for (const event of history.events) await bus.publisher.publish(event);
    await waitForHandled(renderer, 'stored', history.events.length, 30_000);
    const container = env.container(name);
    const before = await container.getBlobClient(`${envPath('prod / west')}.svg`).getProperties();
    const indexBefore = await readIndex(container);

    // A different bus (no duplicate detection) replays the whole history in reverse.
    const replayBus = env.bus();
    const replayer = await env.renderer(replayBus, name);
    for (const event of [...history.events].reverse()) await replayBus.publisher.publish(event);
    await waitForHandled(replayer, 'stored', history.events.length, 30_000);
    const after = await container.getBlobClient(`${envPath('prod / west')}.svg`).getProperties();
    expect(after.etag).toBe(before.etag);
    expect((await readIndex(container)).revision).toBe(indexBefore.revision);
    await expectExactlyLatest(container, history);
  });

  it('two renderer instances racing on the same badges never regress one', async () => {
    const history = deploymentHistory(25, seededRandom(4));
    const name = env.nextContainer();
    const container = env.container(name);
    const busA = env.bus();
    const busB = env.bus();
    const [a, b] = [await env.renderer(busA, name), await env.renderer(busB, name)];

    // Watch a few badges while both race: the stored ordering key may only ever move forward.
    const watched = environmentNames.slice(0, 4).map((n) => `${envPath(n)}.svg`);
    const seen = new Map<string, OrderKey>();
    const regressions: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        for (const path of watched) {
          const props = await container.getBlobClient(path).getProperties().catch(() => undefined);
          const order = parseOrder(props?.metadata?.['order']);
          if (!order) continue;
          const previous = seen.get(path);
          if (previous && compareOrder(order, previous) < 0) regressions.push(`${path}: ${JSON.stringify(previous)} → ${JSON.stringify(order)}`);
          seen.set(path, order);
        }
      }
    })();

    try {
      await Promise.all([
        (async () => {
          for (const event of shuffled(history.events, seededRandom(5))) await busA.publisher.publish(event);
        })(),
        (async () => {
          for (const event of shuffled(history.events, seededRandom(6))) await busB.publisher.publish(event);
        })(),
      ]);
      await Promise.all([waitForHandled(a, 'stored', 1000, 100_000), waitForHandled(b, 'stored', 1000, 100_000)]);
    } finally {
      watching = false;
      await watcher;
    }

    expect(regressions).toEqual([]);
    expect(seen.size).toBe(watched.length);
    await expectExactlyLatest(container, history);
  });
});
