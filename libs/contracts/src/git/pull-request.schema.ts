import { z } from 'zod';
import { identityRefSchema, organizationUrlSchema, projectRefSchema, timestampSchema } from '../common/azure-devops-refs.schema';

// Far above what Azure DevOps allows (repository names 64 characters, ref names a few hundred), and
// low enough that consumers can run operator-written regexes over these fields at a bounded cost.
export const MAX_REPOSITORY_NAME_LENGTH = 256;
export const MAX_REF_NAME_LENGTH = 1024;
const refName = z.string().max(MAX_REF_NAME_LENGTH);

/** Normalized pull request, shared by the created, updated and merged events. */
export const pullRequestDataSchema = z.object({
  organizationUrl: organizationUrlSchema.optional(),
  project: projectRefSchema,
  repository: z.object({
    id: z.string().optional(),
    name: z.string().min(1).max(MAX_REPOSITORY_NAME_LENGTH),
    url: z.string().optional(),
    remoteUrl: z.string().optional(),
  }),
  pullRequestId: z.number().int().positive(),
  status: z.string().optional(),
  mergeStatus: z.string().optional(),
  sourceRefName: refName.optional(),
  targetRefName: refName.optional(),
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
