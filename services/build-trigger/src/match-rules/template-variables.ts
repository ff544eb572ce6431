import type { PullRequestData } from '@switchyard/contracts';
import { mergedAtText } from '../coalesce/coalesce-window';

/** What `${...}` in a target's parameters can refer to. */
export interface TemplateContext {
  eventId: string;
  /** The event's envelope time: the merge time when the PR has no closedDate. */
  time: string;
  pullRequest: PullRequestData;
}

// Only what the queued-build message carries (see coalesce/due-message.ts), so a value seen when the
// merge arrived is the value used when the build is queued, possibly a window later.
const variables: Record<string, (context: TemplateContext) => string | number | undefined> = {
  'pr.lastMergeCommit': ({ pullRequest }) => pullRequest.lastMergeCommit,
  'pr.pullRequestId': ({ pullRequest }) => pullRequest.pullRequestId,
  'pr.id': ({ pullRequest }) => pullRequest.pullRequestId,
  'pr.repository': ({ pullRequest }) => pullRequest.repository.name,
  'pr.targetBranch': ({ pullRequest }) => pullRequest.targetRefName,
  'pr.project': ({ pullRequest }) => pullRequest.project.name ?? pullRequest.project.id,
  'pr.organizationUrl': ({ pullRequest }) => pullRequest.organizationUrl,
  'pr.mergedAt': ({ pullRequest, time }) => mergedAtText(pullRequest.closedDate, time),
  'event.id': ({ eventId }) => eventId,
};

export const templateVariableNames: readonly string[] = Object.keys(variables);

const placeholder = /\$\{\s*([^}]*?)\s*\}/g;

/** Names used in a template, in order (for start-up validation and explain). */
export function templateVariablesIn(template: string): string[] {
  return [...template.matchAll(placeholder)].map((match) => match[1] ?? '');
}

/** A `${` that no `}` closes: it would be sent to the pipeline as written. */
export function hasUnclosedPlaceholder(template: string): boolean {
  return template.replace(placeholder, '').includes('${');
}

export function isKnownTemplateVariable(name: string): boolean {
  return Object.hasOwn(variables, name);
}

/** Fills a template; `missing` lists the variables the event did not carry (they render as ''). */
export function renderTemplate(template: string, context: TemplateContext): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = template.replace(placeholder, (_, name: string) => {
    const resolved = Object.hasOwn(variables, name) ? variables[name]?.(context) : undefined;
    if (resolved === undefined || resolved === '') missing.push(name);
    return resolved === undefined ? '' : String(resolved);
  });
  return { value, missing };
}
