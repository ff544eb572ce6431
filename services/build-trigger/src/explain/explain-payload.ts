import { buildSlotOf, mergedAtOf, slotTag } from '../coalesce/coalesce-window';
import type { ConditionResult } from '../match-rules/evaluate-rule';
import { matchRules } from '../match-rules/match-rules';
import type { PlannedBuild } from '../match-rules/planned-build';
import { pullRequestTriggerOf } from '../match-rules/pull-request-trigger';
import type { CompiledRules } from '../rules/compiled-rule';
import { payloadEnvelope } from './payload-envelope';

export interface ExplainedBuild {
  target: number;
  line: number;
  organizationUrl?: string;
  /** undefined when no allow-list was given to check against. */
  organizationAllowed?: boolean;
  /** The rule names the organization (rather than taking the event's): one outside the allow-list keeps the service from starting. */
  organizationNamedByRule?: true;
  project: string;
  definition: string | number;
  sourceBranch: string;
  parameters: Record<string, string>;
  tokenVariable: string;
  /** "now", or when the coalescing window closes. */
  queueAt: string;
  idempotencyTag: string;
  /** Set when an earlier target of the same rule resolves to the same slot (and tag): the service queues that build once. */
  sameBuildAs?: number;
  problem?: string;
}

export interface ExplainedRule {
  name: string;
  line: number;
  matched: boolean;
  conditions: ConditionResult[];
  builds: ExplainedBuild[];
}

export interface Explanation {
  event: { id: string; type: string; trigger?: string; repository?: string; pullRequestId?: number; targetBranch?: string; status?: string; mergeStatus?: string; project?: string; organizationUrl?: string };
  /** Set when the payload is not a pull-request event, so no rule can match it. */
  notApplicable?: string;
  rules: ExplainedRule[];
}

export interface ExplainOptions {
  isAllowed?: (organizationUrl: string) => boolean;
}

/** What the service would do with a payload (raw service hook or event envelope), without doing it. */
export function explainPayload(payload: unknown, rules: CompiledRules, options: ExplainOptions = {}): Explanation {
  const event = payloadEnvelope(payload);
  const trigger = pullRequestTriggerOf(event);
  if (!trigger) {
    return {
      event: { id: event.id, type: event.type },
      notApplicable: `${event.type} is not a pull-request event (merged, updated or created); build-trigger rules never match it`,
      rules: rules.rules.map((rule) => ({ name: rule.name, line: rule.line, matched: false, conditions: [], builds: [] })),
    };
  }
  const pr = trigger.pullRequest;
  const { evaluations, builds } = matchRules(rules, trigger);
  const mergedAt = mergedAtOf(pr.closedDate, trigger.time);
  return {
    event: {
      id: event.id,
      type: event.type,
      trigger: trigger.name,
      repository: pr.repository.name,
      pullRequestId: pr.pullRequestId,
      targetBranch: pr.targetRefName,
      status: pr.status,
      mergeStatus: pr.mergeStatus,
      project: pr.project.name ?? pr.project.id,
      organizationUrl: pr.organizationUrl,
    },
    rules: evaluations.map((evaluation) => ({
      name: evaluation.rule.name,
      line: evaluation.rule.line,
      matched: evaluation.matched,
      conditions: evaluation.conditions,
      builds: markSameBuilds(builds.filter((b) => b.ruleName === evaluation.rule.name).map((b) => explainBuild(b, mergedAt, options))),
    })),
  };
}

function explainBuild(build: PlannedBuild, mergedAt: Date, options: ExplainOptions): ExplainedBuild {
  const slot = buildSlotOf(build, mergedAt);
  return {
    target: build.target.index + 1,
    line: build.target.line,
    organizationUrl: build.organizationUrl,
    ...(options.isAllowed && build.organizationUrl && { organizationAllowed: options.isAllowed(build.organizationUrl) }),
    ...(build.target.organization !== undefined && { organizationNamedByRule: true as const }),
    project: build.project,
    definition: build.definition,
    sourceBranch: build.sourceBranch ?? "(the definition's default branch)",
    parameters: { ...build.parameters },
    tokenVariable: build.tokenVariable,
    queueAt: slot.dueAt
      ? `once per ${build.coalesceSeconds}s window from ${slot.windowStart.toISOString()} (this merge claims it at ${slot.dueAt.toISOString()}; a later merge in the window claims it first)`
      : 'at once',
    idempotencyTag: slotTag(build.ruleName, slot.windowKey),
    ...(build.problem !== undefined && { problem: build.problem }),
  };
}

/** Two targets of a rule with the same slot publish one message id (the bus keeps the first) and share the build tag. */
function markSameBuilds(builds: ExplainedBuild[]): ExplainedBuild[] {
  const firstWithTag = new Map<string, number>();
  return builds.map((build) => {
    const first = firstWithTag.get(build.idempotencyTag);
    if (first === undefined) {
      firstWithTag.set(build.idempotencyTag, build.target);
      return build;
    }
    return { ...build, sameBuildAs: first };
  });
}

/** The builds the service would queue: no problem, an allowed organization, and one per slot. */
export function queuedBuilds(explanation: Explanation): ExplainedBuild[] {
  return explanation.rules.flatMap((rule) => rule.builds.filter((b) => !b.problem && b.organizationAllowed !== false && b.sameBuildAs === undefined));
}
