import { appearanceOf } from '../badge-model/status-appearance';
import { badgeMarkdown, type IndexEntry } from '../badge-index/index-entry';
import type { DeriveEntries } from '../badge-index/merge-index';

const ENVIRONMENTS = '/environments/';

/** The summary badge path of the definition a release badge belongs to, e.g. `…/releases/Fabrikam.CD/summary`. */
export function summaryPathOf(releaseBadgePath: string): string | undefined {
  const at = releaseBadgePath.lastIndexOf(ENVIRONMENTS);
  return at < 0 ? undefined : `${releaseBadgePath.slice(0, at)}/summary`;
}

function byPipelineOrder(a: IndexEntry, b: IndexEntry): number {
  const rank = (a.definitionEnvironmentId ?? Number.MAX_SAFE_INTEGER) - (b.definitionEnvironmentId ?? Number.MAX_SAFE_INTEGER);
  return rank !== 0 ? rank : (a.environment ?? '').localeCompare(b.environment ?? '');
}

/**
 * All environments of a definition in one badge: `Dev Release-5 ✓ | Prod Release-4 ✓`, coloured by
 * the worst of them. Computed inside the index write from the index's own entries, so the summary
 * always matches the per-environment badges and carries the index revision as its ordering key.
 */
export function summaryEntry(environments: IndexEntry[], summaryPath: string, revision: number, urlOf: (path: string) => string): IndexEntry {
  const sorted = [...environments].sort(byPipelineOrder);
  const worst = sorted.reduce((a, b) => (appearanceOf(b.status).severity > appearanceOf(a.status).severity ? b : a));
  const latest = sorted.reduce((a, b) => (b.updated > a.updated ? b : a));
  const first = sorted[0] as IndexEntry;
  const svgUrl = urlOf(`${summaryPath}.svg`);
  return {
    kind: 'summary',
    path: summaryPath,
    ...(first.organizationUrl !== undefined && { organizationUrl: first.organizationUrl }),
    project: first.project,
    definition: first.definition,
    label: first.definition,
    message: sorted.map((env) => `${env.environment} ${env.release ?? ''} ${appearanceOf(env.status).symbol}`.replace(/ {2,}/g, ' ')).join(' | '),
    status: worst.status,
    color: appearanceOf(worst.status).color,
    updated: latest.updated,
    svgUrl,
    jsonUrl: urlOf(`${summaryPath}.json`),
    markdown: badgeMarkdown(first.definition, 'summary', svgUrl),
    sourceEventId: latest.sourceEventId,
    order: { primary: revision, phase: 0, time: Date.parse(latest.updated) },
  };
}

/** DeriveEntries for the index: one summary per release definition touched by the change. */
export function deriveSummaries(urlOf: (path: string) => string): DeriveEntries {
  return (byPath, changed, revision) => {
    const summaries = new Set(changed.filter((e) => e.kind === 'release').map((e) => summaryPathOf(e.path)));
    const derived: IndexEntry[] = [];
    for (const summaryPath of summaries) {
      if (!summaryPath) continue;
      const prefix = summaryPath.slice(0, -'summary'.length) + ENVIRONMENTS.slice(1);
      const environments = [...byPath.values()].filter((e) => e.kind === 'release' && e.path.startsWith(prefix));
      if (environments.length > 0) derived.push(summaryEntry(environments, summaryPath, revision, urlOf));
    }
    return derived;
  };
}
