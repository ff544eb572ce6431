import type { BuildCompleted, EventOf } from '@switchyard/contracts';
import type { BadgeState } from '../badge-model/badge-state';
import { appearanceOf } from '../badge-model/status-appearance';
import { blobSegment } from '../badge-path/blob-segment';
import { definitionSegment, namedSegment } from '../badge-path/named-segment';
import { organizationSegment } from '../badge-path/organization-segment';
import { timeOf } from '../ordering/order-key';

/** `refs/heads/release/1.4` → `release/1.4`; other refs (tags) are kept whole. */
export function shortBranchName(sourceBranch: string): string {
  return sourceBranch.replace(/^refs\/heads\//, '');
}

/**
 * A finished build updates two badges: the definition's latest build (any branch) and the badge
 * of its branch. Build ids only grow, so the higher id is the newer build on both. Pull-request
 * builds never get here (see pull-request-build).
 */
export function buildBadgeStates(event: EventOf<typeof BuildCompleted>): BadgeState[] {
  const { data } = event;
  const project = namedSegment(data.project, 'data.project');
  const definition = namedSegment(data.definition, 'data.definition');
  const status = data.result ?? 'none';
  const appearance = appearanceOf(status);
  const time = timeOf(data.finishTime) ?? Date.parse(event.time);
  const folder = `${organizationSegment(data.organizationUrl)}/${project.segment}/builds/${definitionSegment(data.definition, 'data.definition')}`;
  const branch = data.sourceBranch?.trim() ? shortBranchName(data.sourceBranch.trim()) : undefined;
  // As release and stage badges name a run without a name: by its id.
  const buildName = data.build.number?.trim() || `#${data.build.id}`;
  const base = {
    kind: 'build' as const,
    label: definition.display,
    message: `${buildName} ${appearance.text}`,
    status,
    color: appearance.color,
    order: { primary: data.build.id, phase: 1, time },
    updated: new Date(time).toISOString(),
    sourceEventId: event.id,
  };
  const facts = {
    ...(data.organizationUrl !== undefined && { organizationUrl: data.organizationUrl }),
    project: project.display,
    definition: definition.display,
    build: buildName,
  };
  const latest: BadgeState = { ...base, path: `${folder}/latest`, facts };
  if (!branch) return [latest];
  return [latest, { ...base, path: `${folder}/branches/${blobSegment(branch)}`, facts: { ...facts, branch } }];
}
