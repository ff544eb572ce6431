import type { CompiledTarget } from '../rules/compiled-rule';

/** A build a matching rule asks for, fully resolved from the event (what explain prints and queue-build does). */
export interface PlannedBuild {
  ruleName: string;
  target: CompiledTarget;
  /** Trailing slash; undefined when neither the target nor the event names one (see `problem`). */
  organizationUrl?: string;
  project: string;
  definition: string | number;
  sourceBranch?: string;
  parameters: Readonly<Record<string, string>>;
  /** Environment variable holding the token for `organizationUrl`. */
  tokenVariable: string;
  coalesceSeconds: number;
  /** Stable identity of (organization, project, definition, branch). */
  targetKey: string;
  /** Organization, project, definition and branch: the whole target key of earlier releases. */
  placeKey: string;
  mergeKey: string;
  /** Why this build cannot be queued as configured (a person must fix the rule or the event source). */
  problem?: string;
}
