import type { IndexEntry } from '../badge-index/index-entry';
import { deriveSummaries, summaryPathOf } from './summary-entries';

const release = (path: string, environment: string, definition: string | undefined, status = 'succeeded'): IndexEntry => ({
  kind: 'release',
  path,
  project: 'Fabrikam',
  ...(definition !== undefined && { definition }),
  environment,
  release: 'Release-1',
  label: environment,
  message: `Release-1 ${status}`,
  status,
  color: 'brightgreen',
  updated: '2026-01-01T00:00:00.000Z',
  svgUrl: `${path}.svg`,
  jsonUrl: `${path}.json`,
  markdown: '',
  sourceEventId: path,
  order: { phase: 1, time: 0 },
});

describe('summary badges', () => {
  const known = release('o/p/releases/Web.CD/environments/dev', 'dev', 'Web.CD');
  const unknown = release('o/p/releases/~unknown-definition/environments/dev~env-1', 'dev', undefined, 'failed');

  it('belong to the definition of a release badge, and to nothing when the definition is unknown', () => {
    expect(summaryPathOf(known)).toBe('o/p/releases/Web.CD/summary');
    expect(summaryPathOf(unknown)).toBeUndefined();
    expect(summaryPathOf({ ...known, kind: 'build' })).toBeUndefined();
  });

  it('are derived only for known definitions, and never include an unknown-definition environment', () => {
    const byPath = new Map([known, unknown].map((e) => [e.path, e]));
    const derived = deriveSummaries((path) => path)(byPath, [known, unknown], 7);
    expect(derived).toEqual([
      expect.objectContaining({ kind: 'summary', path: 'o/p/releases/Web.CD/summary', definition: 'Web.CD', message: 'dev Release-1 ✓', color: 'brightgreen' }),
    ]);
    expect(deriveSummaries((path) => path)(new Map([[unknown.path, unknown]]), [unknown], 8)).toEqual([]);
  });

  it('show a renamed environment once, by its new name and newest deployment, not the old name and colour for ever', () => {
    const deployed = (name: string, deployment: number, status: string, definitionEnvironmentId?: number): IndexEntry => ({
      ...release(`o/p/releases/Web.CD/environments/${name}`, name, 'Web.CD', status),
      release: `Release-${deployment}`,
      ...(definitionEnvironmentId !== undefined && { definitionEnvironmentId }),
      order: { primary: deployment, phase: 1, time: 0 },
    });
    const dev = deployed('Dev', 9, 'succeeded', 1);
    const qa = deployed('QA', 10, 'failed', 2);
    const test = deployed('Test', 12, 'succeeded', 2);
    const byPath = new Map([dev, qa, test].map((e) => [e.path, e]));
    expect(deriveSummaries((path) => path)(byPath, [test], 9)).toEqual([
      expect.objectContaining({ message: 'Dev Release-9 ✓ | Test Release-12 ✓', status: 'succeeded', color: 'brightgreen' }),
    ]);
    // Environments without a definition environment id (the docs samples) are each their own.
    const a = deployed('a', 3, 'failed');
    const b = deployed('b', 4, 'succeeded');
    expect(deriveSummaries((path) => path)(new Map([a, b].map((e) => [e.path, e])), [b], 10)).toEqual([
      expect.objectContaining({ message: 'a Release-3 ✗ | b Release-4 ✓', color: 'red' }),
    ]);
  });

  it.each([
    ['failed', 'partiallySucceeded', 'red'],
    ['partiallySucceeded', 'inProgress', 'yellow'],
    ['inProgress', 'canceled', 'blue'],
    ['queued', 'notStarted', 'blue'],
    ['skipped', 'succeeded', 'lightgrey'],
    ['unknown', 'succeeded', 'lightgrey'],
  ])('take the colour of the worse environment: %s over %s is %s', (worse, better, color) => {
    const a = { ...release('o/p/releases/Web.CD/environments/a', 'a', 'Web.CD', better), definitionEnvironmentId: 1 };
    const b = { ...release('o/p/releases/Web.CD/environments/b', 'b', 'Web.CD', worse), definitionEnvironmentId: 2 };
    for (const [first, second] of [[a, b], [b, a]]) {
      const [summary] = deriveSummaries((path) => path)(new Map([first, second].map((e) => [e.path, e])), [second!], 11);
      expect(summary).toMatchObject({ status: worse, color });
    }
  });
});
