import type { BuildCompletedData } from '@switchyard/contracts';

// The refs Azure Pipelines builds for a pull request (Azure Repos and GitHub alike): the merge
// commit, or the pull request's own head.
const PULL_REQUEST_REF = /^refs\/pull\/\d+\/(merge|head)$/;

export function isPullRequestRef(ref: string | undefined): boolean {
  return ref !== undefined && PULL_REQUEST_REF.test(ref.trim());
}

/**
 * Why a finished build validated a pull request rather than built a branch, or undefined for any
 * other build. Such a build says nothing about the definition or any branch: one failing pull
 * request must not turn the definition's badge red, and a badge per pull request would grow
 * `index.json` forever.
 */
export function pullRequestBuildReason(data: BuildCompletedData): string | undefined {
  if (isPullRequestRef(data.sourceBranch)) return `it built the pull-request ref ${data.sourceBranch?.trim()}`;
  if (data.reason?.trim().toLowerCase() === 'pullrequest') return `its reason is ${data.reason.trim()}`;
  return undefined;
}
