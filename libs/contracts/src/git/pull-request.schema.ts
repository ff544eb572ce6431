import { z } from 'zod';
import { identityRefSchema, organizationUrlSchema, projectRefSchema, timestampSchema } from '../common/azure-devops-refs.schema';

/** Normalized pull request, shared by the created, updated and merged events. */
export const pullRequestDataSchema = z.object({
  organizationUrl: organizationUrlSchema.optional(),
  project: projectRefSchema,
  repository: z.object({
    id: z.string().optional(),
    name: z.string().min(1),
    url: z.string().optional(),
    remoteUrl: z.string().optional(),
  }),
  pullRequestId: z.number().int().positive(),
  status: z.string().optional(),
  mergeStatus: z.string().optional(),
  sourceRefName: z.string().optional(),
  targetRefName: z.string().optional(),
  title: z.string().optional(),
  /** Commit ids (the payload's `lastMerge*Commit.commitId`). */
  lastMergeCommit: z.string().optional(),
  lastMergeSourceCommit: z.string().optional(),
  lastMergeTargetCommit: z.string().optional(),
  closedDate: timestampSchema.optional(),
  createdBy: identityRefSchema.optional(),
  url: z.string().optional(),
});

export type PullRequestData = z.infer<typeof pullRequestDataSchema>;
