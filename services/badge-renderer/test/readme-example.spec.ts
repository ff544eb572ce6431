import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeServiceHook } from '@switchyard/contracts';
import { BadgeTestEnv, readIndex, waitForHandled } from './badge-test-env';

const root = join(__dirname, '../../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe("the README's example hook", () => {
  const env = new BadgeTestEnv();
  beforeAll(() => env.start(), 60_000);
  afterAll(() => env.stop());

  it('renders the badge the README links to', async () => {
    const hookFile = readme.match(/--data-binary @(config\/examples\/hooks\/\S+\.json)/)?.[1];
    const badgePath = readme.match(/\/devstoreaccount1\/badges\/(\S+)\.svg/)?.[1];
    expect(hookFile).toBeDefined();
    expect(badgePath).toBeDefined();

    const bus = env.bus();
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name);
    await bus.publisher.publish(normalizeServiceHook(JSON.parse(readFileSync(join(root, hookFile!), 'utf8'))));
    await waitForHandled(renderer, 'stored', 1);

    expect((await readIndex(env.container(name))).badges.map((badge) => badge.path)).toContain(badgePath);
    const svg = await fetch(`${renderer.badgesUrl}/${badgePath}.svg`);
    expect(svg.status).toBe(200);
    expect(await svg.text()).toContain('aria-label="web-ci: 20261121.4 succeeded"');
  });
});
