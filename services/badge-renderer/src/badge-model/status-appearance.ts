/** Colour, words and summary symbol per canonical status (release, build and stage share them). */
interface Appearance {
  color: string;
  text: string;
  symbol: string;
  /** Higher is worse; the summary badge takes the colour of its worst environment. */
  severity: number;
}

const appearances: Record<string, Appearance> = {
  succeeded: { color: 'brightgreen', text: 'succeeded', symbol: '✓', severity: 0 },
  partiallySucceeded: { color: 'yellow', text: 'partially succeeded', symbol: '!', severity: 3 },
  failed: { color: 'red', text: 'failed', symbol: '✗', severity: 4 },
  canceled: { color: 'lightgrey', text: 'canceled', symbol: '⊘', severity: 1 },
  abandoned: { color: 'lightgrey', text: 'abandoned', symbol: '⊘', severity: 1 },
  skipped: { color: 'lightgrey', text: 'skipped', symbol: '-', severity: 1 },
  inProgress: { color: 'blue', text: 'in progress', symbol: '…', severity: 2 },
  queued: { color: 'blue', text: 'queued', symbol: '…', severity: 2 },
  notStarted: { color: 'lightgrey', text: 'not started', symbol: '-', severity: 1 },
  unknown: { color: 'lightgrey', text: 'unknown', symbol: '?', severity: 1 },
};

const unknown = appearances['unknown'] as Appearance;

export function appearanceOf(status: string): Appearance {
  return Object.hasOwn(appearances, status) ? (appearances[status] as Appearance) : unknown;
}
