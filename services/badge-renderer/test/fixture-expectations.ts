import { normalizeServiceHook, Topics } from '@switchyard/contracts';
import { waitForDeadLetter } from '@switchyard/messaging/testing';
import { listFixtures, readFixtureJson } from '@switchyard/testing';
import { readIndex, readText, waitForHandled, type BadgeTestEnv } from './badge-test-env';

interface ExpectedBadge {
  path: string;
  label: string;
  message: string;
  color: string;
  index: Record<string, unknown>;
}

type Expectation = { badges: ExpectedBadge[] } | { deadLetter: { topic: string; reason: string; mentions: string } };

const goodCompany = 'good-company.some.ssl.host~2FDefaultCollection/be9b3917-87e6-42a4-a549-2bc06a7a878f/builds/ConsumerAddressModule';
const buildBadges = (folder: string): ExpectedBadge[] => [
  {
    path: `${folder}/latest`,
    label: 'ConsumerAddressModule',
    message: 'ConsumerAddressModule_20150407.1 succeeded',
    color: 'brightgreen',
    index: { kind: 'build', project: 'be9b3917-87e6-42a4-a549-2bc06a7a878f', definition: 'ConsumerAddressModule', status: 'succeeded' },
  },
  {
    path: `${folder}/branches/master`,
    label: 'ConsumerAddressModule',
    message: 'ConsumerAddressModule_20150407.1 succeeded',
    color: 'brightgreen',
    index: { kind: 'build', branch: 'master', status: 'succeeded', updated: '2015-04-07T18:06:10.690Z' },
  },
];

// The docs samples of deployment-completed and the 2016 deployment-started carry no release
// definition at all (see the fixtures README), so there is nowhere to put their badge.
const noDefinition: Expectation = {
  deadLetter: { topic: Topics.releases, reason: 'BADGE_FIELD_MISSING', mentions: 'data.releaseDefinition' },
};

export const expectations: Record<string, Expectation> = {
  'hooks/aspnet-webhooks-vsts/build.complete.json': { badges: buildBadges(goodCompany) },
  'hooks/go-playground-webhooks/build.complete.json': {
    badges: buildBadges('fabrikam-fiber-inc/be9b3917-87e6-42a4-a549-2bc06a7a878f/builds/ConsumerAddressModule'),
  },
  'hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@09dc63ed.json': noDefinition,
  'hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@58e45a46.json': noDefinition,
  'hooks/azure-devops-docs/ms.vss-release.deployment-started-event.events-md@58e45a46.json': noDefinition,
  'hooks/azure-devops-docs/ms.vss-release.deployment-started-event.events-md@09dc63ed.json': {
    badges: [
      {
        path: 'fabfiber/Fabrikam/releases/Fabrikam.CD/environments/Dev',
        label: 'Dev',
        message: 'Release-5 in progress',
        color: 'blue',
        index: { kind: 'release', project: 'Fabrikam', definition: 'Fabrikam.CD', environment: 'Dev', release: 'Release-5', status: 'inProgress' },
      },
      {
        path: 'fabfiber/Fabrikam/releases/Fabrikam.CD/summary',
        label: 'Fabrikam.CD',
        message: 'Dev Release-5 …',
        color: 'blue',
        index: { kind: 'summary', project: 'Fabrikam', definition: 'Fabrikam.CD', status: 'inProgress' },
      },
    ],
  },
};

export const deploymentOrBuildFixtures = listFixtures('hooks').filter((file) => /build\.complete|deployment-(started|completed)/.test(file));

/** Publishes one fixture through a fresh renderer and checks its badges, index entries and public read (or its dead letter). */
export async function checkFixture(env: BadgeTestEnv, fixture: string): Promise<void> {
  const expectation = expectations[fixture];
  if (!expectation) throw new Error(`no expectation for ${fixture}`);
  const bus = env.bus();
  const name = env.nextContainer();
  const renderer = await env.renderer(bus, name);
  const event = normalizeServiceHook(readFixtureJson(fixture));
  await bus.publisher.publish(event);
  const container = env.container(name);

  if ('deadLetter' in expectation) {
    const { topic, reason, mentions } = expectation.deadLetter;
    const dead = await waitForDeadLetter(bus, topic, 'badge-renderer', { messageId: event.id });
    expect(dead.reason).toBe(reason);
    expect(dead.description).toContain(mentions);
    expect((await readIndex(container)).badges).toEqual([]);
    return;
  }

  await waitForHandled(renderer, 'stored', 1);
  const index = await readIndex(container);
  expect(index.badges.map((entry) => entry.path).sort()).toEqual(expectation.badges.map((b) => b.path).sort());
  for (const badge of expectation.badges) {
    const svgUrl = `${renderer.badgesUrl}/${badge.path.split('/').map(encodeURIComponent).join('/')}.svg`;
    // Public read: fetched anonymously, straight from Blob storage.
    const svg = await fetch(svgUrl);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('public, max-age=60');
    expect(svg.headers.get('etag')).toBeTruthy();
    const body = await svg.text();
    expect(body).toContain(`aria-label="${badge.label}: ${badge.message}"`);

    const shields = JSON.parse(await readText(container, `${badge.path}.json`));
    expect(shields).toEqual({ schemaVersion: 1, label: badge.label, message: badge.message, color: badge.color, style: 'flat', cacheSeconds: 60 });

    const entry = index.badges.find((e) => e.path === badge.path);
    expect(entry).toMatchObject({
      ...badge.index,
      label: badge.label,
      message: badge.message,
      svgUrl,
      jsonUrl: svgUrl.replace(/\.svg$/, '.json'),
      markdown: `![${badge.label} ${badge.index['kind']}](${svgUrl})`,
      sourceEventId: event.id,
    });
  }
}
