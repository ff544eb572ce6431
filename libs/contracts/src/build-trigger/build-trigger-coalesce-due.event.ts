import { z } from 'zod';
import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';
import { organizationUrlSchema, timestampSchema } from '../common/azure-devops-refs.schema';

const mergedPullRequestSchema = z.object({
  /** Envelope id of the PullRequestMerged/Updated event that reported the merge. */
  eventId: z.string().min(1),
  organizationUrl: organizationUrlSchema.optional(),
  project: z.string().optional(),
  repository: z.string().min(1),
  pullRequestId: z.number().int().positive(),
  targetRefName: z.string().optional(),
  mergeCommit: z.string().optional(),
  mergedAt: timestampSchema.optional(),
});

export const buildTriggerCoalesceDueDataSchema = z.object({
  /** Name of the build-trigger rule. */
  rule: z.string().min(1),
  /** Index of the target (build definition) within the rule's targets. */
  targetIndex: z.number().int().nonnegative(),
  /** Start of the coalescing window (ISO-8601). */
  windowStart: timestampSchema,
  /** Stable key of the window (rule + target + window start), used as the dedupe key. */
  windowKey: z.string().min(1),
  /** The merges seen in the window; one build is queued for all of them. */
  pullRequests: z.array(mergedPullRequestSchema).min(1),
});

export type BuildTriggerCoalesceDueData = z.infer<typeof buildTriggerCoalesceDueDataSchema>;

export const BuildTriggerCoalesceDue = defineEvent({
  type: 'switchyard.build-trigger.coalesce-due.v1',
  topic: Topics.buildTrigger,
  description: 'A scheduled message: the coalescing window of a build-trigger rule target closed; queue one build.',
  data: buildTriggerCoalesceDueDataSchema,
});
