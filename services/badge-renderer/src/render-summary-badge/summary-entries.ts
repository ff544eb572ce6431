import { appearanceOf } from '../badge-model/status-appearance';
import { badgeMarkdown, type IndexEntry } from '../badge-index/index-entry';
import type { DeriveEntries } from '../badge-index/merge-index';
import { compareOrder } from '../ordering/order-key';

const ENVIRONMENTS = '/environments/';

/**
 * The summary badge path of the definition a release badge belongs to, e.g.
 * `…/releases/Fabrikam.CD/summary`; undefined for other kinds and for a badge whose definition is
 * unknown (there is nothing to summarize it with).
 */
export function summaryPathOf(entry: Pick<IndexEntry, 'kind' | 'path' | 'definition'>): string | undefined {
  if (entry.kind !== 'release' || entry.definition === undefined) return undefined;
  const at = entry.path.lastIndexOf(ENVIRONMENTS);
  return at < 0 ? undefined : `${entry.path.slice(0, at)}/summary`;
}

function byPipelineOrder(a: IndexEntry, b: IndexEntry): number {
  const rank = (a.definitionEnvironmentId ?? Number.MAX_SAFE_INTEGER) - (b.definitionEnvironmentId ?? Number.MAX_SAFE_INTEGER);
  return rank !== 0 ? rank : (a.environment ?? '').localeCompare(b.environment ?? '');
}

/**
 * All environments of a definition in one badge: `Dev Release-5 ✓ | Prod Release-4 ✓`, coloured by
 * the worst of them. Computed inside the index write from the index's own entries, so the summary
 * always matches the per-environment badges and carries the index revision as its ordering key
 * (revisions follow the clock, so a summary from a re-created index still beats the older ones).
 */
export function summaryEntry(environments: IndexEntry[], summaryPath: string, revision: number, urlOf: (path: string) => string): IndexEntry {
  const sorted = [...environments].sort(byPipelineOrder);
  const worst = sorted.reduce((a, b) => (appearanceOf(b.status).severity > appearanceOf(a.status).severity ? b : a));
  const latest = sorted.reduce((a, b) => (b.updated > a.updated ? b : a));
  const first = sorted[0] as IndexEntry;
  const definition = first.definition ?? '';
  const svgUrl = urlOf(`${summaryPath}.svg`);
  return {
    kind: 'summary',
    path: summaryPath,
    ...(first.organizationUrl !== undefined && { organizationUrl: first.organizationUrl }),
    project: first.project,
    definition,
    label: definition,
    message: sorted.map((env) => `${env.environment} ${env.release ?? ''} ${appearanceOf(env.status).symbol}`.replace(/ {2,}/g, ' ')).join(' | '),
    status: worst.status,
    color: appearanceOf(worst.status).color,
    updated: latest.updated,
    svgUrl,
    jsonUrl: urlOf(`${summaryPath}.json`),
    markdown: badgeMarkdown(definition, 'summary', svgUrl),
    sourceEventId: latest.sourceEventId,
    order: { primary: revision, phase: 0, time: Date.parse(latest.updated) },
  };
}

/**
 * The environments the definition has now. Renaming an environment starts a badge at a new path
 * while its definition environment id stays, so of the entries sharing an id only the newest
 * deployment counts: the old name would otherwise stay in the summary, and colour it, for ever.
 */
function currentEnvironments(entries: IndexEntry[]): IndexEntry[] {
  const byId = new Map<number, IndexEntry>();
  const withoutId: IndexEntry[] = [];
  for (const entry of entries) {
    const id = entry.definitionEnvironmentId;
    if (id === undefined) {
      withoutId.push(entry);
      continue;
    }
    const seen = byId.get(id);
    if (!seen || compareOrder(entry.order, seen.order) > 0) byId.set(id, entry);
  }
  return [...byId.values(), ...withoutId];
}

/** DeriveEntries for the index: one summary per release definition touched by the change. */
export function deriveSummaries(urlOf: (path: string) => string): DeriveEntries {
  return (byPath, changed, revision) => {
    const summaries = new Set(changed.map(summaryPathOf));
    const derived: IndexEntry[] = [];
    for (const summaryPath of summaries) {
      if (!summaryPath) continue;
      const environments = currentEnvironments([...byPath.values()].filter((e) => summaryPathOf(e) === summaryPath));
      if (environments.length > 0) derived.push(summaryEntry(environments, summaryPath, revision, urlOf));
    }
    return derived;
  };
}
