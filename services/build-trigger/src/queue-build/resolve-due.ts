import type { BuildTriggerCoalesceDueData, PullRequestData } from '@switchyard/contracts';
import { PermanentError } from '@switchyard/messaging';
import { slotTag, targetDigestOf } from '../coalesce/coalesce-window';
import { matchTarget } from '../match-rules/match-rules';
import { digest } from '../match-rules/merge-identity';
import type { PlannedBuild } from '../match-rules/planned-build';
import type { PullRequestTrigger } from '../match-rules/pull-request-trigger';
import type { CompiledRules } from '../rules/compiled-rule';
import { BuildTriggerErrorCodes } from './build-trigger.errors';

type MergedPullRequest = BuildTriggerCoalesceDueData['pullRequests'][number];

export interface DueBuild {
  build: PlannedBuild;
  organizationUrl: string;
  /** The merge whose values fill the parameters (the latest the due message carries). */
  latest: MergedPullRequest;
  /** Build tag marking this slot as done. */
  tag: string;
}

/**
 * Finds the rule target a due message was published for in the rules loaded now. The target is
 * identified by its content (digest in the window key), so reordering targets is harmless; a rule
 * or target that no longer exists is a permanent failure a person must look at.
 */
export function resolveDue(rules: CompiledRules, due: BuildTriggerCoalesceDueData): DueBuild {
  const latest = due.pullRequests.reduce((previous, merge) => (Date.parse(merge.mergedAt ?? '') >= Date.parse(previous.mergedAt ?? '') ? merge : previous));
  const trigger = triggerOf(latest);
  const wanted = targetDigestOf(due.windowKey);
  const rule = rules.rules.find((r) => r.name === due.rule);
  const targets = rule ? [rule.targets[due.targetIndex], ...rule.targets].filter((t) => t !== undefined) : [];
  const candidates = targets.map((target) => matchTarget(rules, due.rule, target, trigger));
  const build = candidates.find((b) => digest(b.ruleName, b.targetKey) === wanted) ?? publishedBeforeParametersCounted(candidates, wanted);
  if (!build) {
    throw new PermanentError(
      BuildTriggerErrorCodes.ruleChanged,
      `Rule "${due.rule}" target ${due.targetIndex + 1} is no longer in ${rules.file} as it was when PR ${latest.repository}!${latest.pullRequestId} merged; queue that build by hand if it is still wanted.`,
    );
  }
  if (build.problem || !build.organizationUrl) {
    throw new PermanentError(BuildTriggerErrorCodes.unqueueable, `Rule "${build.ruleName}" target ${build.target.index + 1}: ${build.problem ?? 'no organization'}.`);
  }
  return { build, organizationUrl: build.organizationUrl, latest, tag: slotTag(due.rule, due.windowKey) };
}

/**
 * A message published by a release whose target key left the parameters out (still scheduled, or
 * resubmitted from the dead letters): its target, when only one target of the rule has that place.
 */
function publishedBeforeParametersCounted(candidates: PlannedBuild[], wanted: string): PlannedBuild | undefined {
  const byPlace = candidates.filter((b) => digest(b.ruleName, b.placeKey) === wanted);
  const distinct = new Set(byPlace.map((b) => b.target.index));
  return distinct.size === 1 ? byPlace[0] : undefined;
}

function triggerOf(merge: MergedPullRequest): PullRequestTrigger {
  const pullRequest: PullRequestData = {
    organizationUrl: merge.organizationUrl,
    project: { name: merge.project },
    repository: { name: merge.repository },
    pullRequestId: merge.pullRequestId,
    targetRefName: merge.targetRefName,
    lastMergeCommit: merge.mergeCommit,
    closedDate: merge.mergedAt,
  };
  return { name: 'pullrequest.merged', eventId: merge.eventId, time: merge.mergedAt ?? '', pullRequest };
}
