import type { TriggerEventName } from './rules-file.schema';

/** Where and what to queue, with the file's values normalised. */
export interface CompiledTarget {
  index: number;
  /** Normalised with a trailing slash; undefined means "the organization the event came from". */
  organization?: string;
  project: string;
  definition: string | number;
  sourceBranch?: string;
  /** Parameter templates, values still containing `${...}`. */
  parameters: Readonly<Record<string, string>>;
  coalesceSeconds: number;
  tokenVariable?: string;
  line: number;
}

export interface CompiledConditions {
  event: TriggerEventName;
  repository?: RegExp;
  targetBranch?: { pattern: string; regex: RegExp };
  status?: string;
  /** Defaults to `succeeded` for pullrequest.merged: a failed merge attempt (conflicts) never triggers. */
  mergeStatus?: string;
  project?: string;
  /** The organizations the event must come from: URLs as written (normalised) and their organizationKey. */
  organization?: { urls: readonly string[]; keys: ReadonlySet<string> };
}

export interface CompiledRule {
  name: string;
  line: number;
  when: CompiledConditions;
  targets: readonly CompiledTarget[];
}

export interface CompiledRules {
  file: string;
  rules: readonly CompiledRule[];
  /** Organization URL (trailing slash) → the variable holding its token. */
  organizationTokens: ReadonlyMap<string, string>;
}
