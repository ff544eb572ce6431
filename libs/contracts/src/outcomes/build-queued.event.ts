import { z } from 'zod';
import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';
import { numericIdSchema, organizationUrlSchema } from '../common/azure-devops-refs.schema';

const pullRequestRefSchema = z.object({
  repository: z.string().min(1),
  pullRequestId: z.number().int().positive(),
  mergeCommit: z.string().optional(),
});

export const buildQueuedDataSchema = z.object({
  /** Name of the build-trigger rule that fired. */
  rule: z.string().min(1),
  organizationUrl: organizationUrlSchema,
  /** Project (name or id) the build was queued in. */
  project: z.string().min(1),
  definition: z.object({ id: numericIdSchema, name: z.string().optional() }),
  buildId: numericIdSchema,
  buildNumber: z.string().optional(),
  url: z.string().optional(),
  /** The merged pull request that triggered the build (the latest one when several were coalesced). */
  pullRequest: pullRequestRefSchema,
  /** Every pull request this one build covers when merges were coalesced. */
  coalescedPullRequests: z.array(pullRequestRefSchema).optional(),
});

export type BuildQueuedData = z.infer<typeof buildQueuedDataSchema>;

export const BuildQueued = defineEvent({
  type: 'switchyard.build.queued.v1',
  topic: Topics.outcomes,
  description: 'The build trigger queued a build because a pull request merged in another repository.',
  data: buildQueuedDataSchema,
});
