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
  /**
   * The merged pull request that triggered the build. When merges were coalesced, the one whose
   * values the build got (normally the latest of the window); the others get no outcome of their own.
   */
  pullRequest: pullRequestRefSchema,
});

export type BuildQueuedData = z.infer<typeof buildQueuedDataSchema>;

export const BuildQueued = defineEvent({
  type: 'switchyard.build.queued.v1',
  topic: Topics.outcomes,
  description: 'The build trigger queued a build because a pull request merged in another repository.',
  data: buildQueuedDataSchema,
});
