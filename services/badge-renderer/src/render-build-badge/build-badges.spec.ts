import { BuildCompleted, createEvent, type DataOf } from '@switchyard/contracts';
import { buildBadgeStates } from './build-badges';

const build = (overrides: Partial<DataOf<typeof BuildCompleted>> = {}) =>
  createEvent(BuildCompleted, {
    id: 'build-41',
    source: 'urn:test',
    data: {
      organizationUrl: 'https://dev.azure.com/fabfiber/',
      project: { name: 'Fabrikam' },
      definition: { id: 4, name: 'api' },
      build: { id: 41, number: '2026.41' },
      result: 'succeeded',
      sourceBranch: 'refs/heads/main',
      finishTime: '2026-03-01T12:00:00Z',
      ...overrides,
    },
  });

describe('buildBadgeStates', () => {
  it.each([
    ['succeeded', 'succeeded', 'brightgreen'],
    ['partiallySucceeded', 'partially succeeded', 'yellow'],
    ['failed', 'failed', 'red'],
    ['canceled', 'canceled', 'lightgrey'],
  ] as const)('shows the result %s as "%s", %s, on the latest and the branch badge', (result, text, color) => {
    const states = buildBadgeStates(build({ result }));
    expect(states.map((state) => [state.path, state.message, state.color, state.status])).toEqual([
      ['fabfiber/Fabrikam/builds/api~id-4/latest', `2026.41 ${text}`, color, result],
      ['fabfiber/Fabrikam/builds/api~id-4/branches/main', `2026.41 ${text}`, color, result],
    ]);
  });

  it.each([undefined, '', '  '])('names a build without a number (%j) by its id, as release and stage badges do, never as "undefined"', (number) => {
    const [latest] = buildBadgeStates(build({ build: { id: 41, ...(number !== undefined && { number }) } }));
    expect(latest).toMatchObject({ message: '#41 succeeded', facts: { build: '#41' } });
  });
});
