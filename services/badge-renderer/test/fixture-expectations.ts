import { normalizeServiceHook } from '@switchyard/contracts';
import { listFixtures, readFixtureJson } from '@switchyard/testing';
import { readIndex, waitForHandled, type BadgeTestEnv } from './badge-test-env';

interface ExpectedBadge {
  path: string;
  label: string;
  message: string;
  color: string;
  /** Fields the badge's index entry must have. */
  index: Record<string, unknown>;
  /** Fields the index entry must not have at all. */
  absent?: string[];
}

const goodCompany = 'good-company.some.ssl.host~2FDefaultCollection/be9b3917-87e6-42a4-a549-2bc06a7a878f/builds/ConsumerAddressModule~id-2';
const buildBadges = (folder: string): ExpectedBadge[] => [
  {
    path: `${folder}/latest`,
    label: 'ConsumerAddressModule',
    message: 'ConsumerAddressModule_20150407.1 succeeded',
    color: 'brightgreen',
    index: { kind: 'build', project: 'be9b3917-87e6-42a4-a549-2bc06a7a878f', definition: 'ConsumerAddressModule', build: 'ConsumerAddressModule_20150407.1', status: 'succeeded', updated: '2015-04-07T18:06:10.690Z' },
    absent: ['branch'],
  },
  {
    path: `${folder}/branches/master`,
    label: 'ConsumerAddressModule',
    message: 'ConsumerAddressModule_20150407.1 succeeded',
    color: 'brightgreen',
    index: { kind: 'build', project: 'be9b3917-87e6-42a4-a549-2bc06a7a878f', definition: 'ConsumerAddressModule', branch: 'master', status: 'succeeded', updated: '2015-04-07T18:06:10.690Z' },
  },
];

// The docs samples of deployment-completed and the 2016 deployment-started carry no release
// definition (see the fixtures README). Their badge goes under the reserved `~unknown-definition`
// segment, keyed by environment and definition environment id, with no summary badge.
export const UNKNOWN_DEFINITION_DEV = 'fabfiber/Fabrikam/releases/~unknown-definition/environments/Dev~env-1';
const unknownDefinition = (message: string, color: string, status: string, updated: string): ExpectedBadge[] => [
  {
    path: UNKNOWN_DEFINITION_DEV,
    label: 'Dev',
    message,
    color,
    index: { kind: 'release', project: 'Fabrikam', environment: 'Dev', definitionEnvironmentId: 1, release: 'Release-1', status, updated },
    absent: ['definition'],
  },
];
const docsCompleted = unknownDefinition('Release-1 succeeded', 'brightgreen', 'succeeded', '2016-09-19T13:03:28.534Z');

export const expectations: Record<string, ExpectedBadge[]> = {
  'hooks/aspnet-webhooks-vsts/build.complete.json': buildBadges(goodCompany),
  'hooks/go-playground-webhooks/build.complete.json': buildBadges('fabrikam-fiber-inc/be9b3917-87e6-42a4-a549-2bc06a7a878f/builds/ConsumerAddressModule~id-2'),
  'hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@09dc63ed.json': docsCompleted,
  'hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@58e45a46.json': docsCompleted,
  'hooks/azure-devops-docs/ms.vss-release.deployment-started-event.events-md@58e45a46.json': unknownDefinition(
    'Release-1 in progress',
    'blue',
    'inProgress',
    '2016-09-19T13:03:28.453Z',
  ),
  'hooks/azure-devops-docs/ms.vss-release.deployment-started-event.events-md@09dc63ed.json': [
    {
      path: 'fabfiber/Fabrikam/releases/Fabrikam.CD/environments/Dev',
      label: 'Dev',
      message: 'Release-5 in progress',
      color: 'blue',
      index: { kind: 'release', project: 'Fabrikam', definition: 'Fabrikam.CD', environment: 'Dev', definitionEnvironmentId: 1, release: 'Release-5', status: 'inProgress', updated: '2019-10-10T17:49:39.157Z' },
    },
    {
      path: 'fabfiber/Fabrikam/releases/Fabrikam.CD/summary',
      label: 'Fabrikam.CD',
      message: 'Dev Release-5 …',
      color: 'blue',
      index: { kind: 'summary', project: 'Fabrikam', definition: 'Fabrikam.CD', status: 'inProgress' },
    },
  ],
};

export const deploymentOrBuildFixtures = listFixtures('hooks').filter((file) => /build\.complete|deployment-(started|completed)/.test(file));

/** Publishes one fixture through a fresh renderer and checks its badges, index entries and public read. */
export async function checkFixture(env: BadgeTestEnv, fixture: string): Promise<void> {
  const expected = expectations[fixture];
  if (!expected) throw new Error(`no expectation for ${fixture}`);
  const bus = env.bus();
  const name = env.nextContainer();
  const renderer = await env.renderer(bus, name);
  const event = normalizeServiceHook(readFixtureJson(fixture));
  await bus.publisher.publish(event);
  const container = env.container(name);

  await waitForHandled(renderer, 'stored', 1);
  const index = await readIndex(container);
  // index.json as the gallery and other readers fetch it: JSON, cached for BADGE_MAX_AGE (60 s by default).
  const indexResponse = await fetch(`${renderer.badgesUrl}/index.json`);
  expect(indexResponse.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(indexResponse.headers.get('cache-control')).toBe('public, max-age=60');
  expect(index.badges.map((entry) => entry.path).sort()).toEqual(expected.map((b) => b.path).sort());
  for (const badge of expected) {
    const svgUrl = `${renderer.badgesUrl}/${badge.path.split('/').map(encodeURIComponent).join('/')}.svg`;
    // Public read: fetched anonymously, straight from Blob storage.
    const svg = await fetch(svgUrl);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('public, max-age=60');
    expect(svg.headers.get('etag')).toBeTruthy();
    const body = await svg.text();
    expect(body).toContain(`aria-label="${badge.label}: ${badge.message}"`);

    // The Shields endpoint document, read anonymously as shields.io reads it: JSON, cached as the SVG is.
    const json = await fetch(svgUrl.replace(/\.svg$/, '.json'));
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.headers.get('cache-control')).toBe('public, max-age=60');
    const shields = await json.json();
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
    for (const field of badge.absent ?? []) expect(entry).not.toHaveProperty(field);
  }
}
