import { z } from 'zod';
import { timestampSchema } from '../common/azure-devops-refs.schema';

/**
 * One Azure Pipelines "Invoke REST API" check call, as the gate evaluator needs it. The pipeline's
 * AuthToken never travels in clear: `sealedAuthToken` is its AES-GCM ciphertext.
 */
export const checkEvaluationDataSchema = z.object({
  /** Name of the configured gate policy the check asked for. */
  policy: z.string().min(1),
  /** `$(system.CollectionUri)`: organization or collection URL, ending with `/`. */
  planUrl: z.string().min(1),
  projectId: z.string().min(1),
  /** `build`, `release`, `checks` or `gates` (as sent). */
  hubName: z.string().min(1),
  planId: z.string().min(1),
  jobId: z.string().min(1),
  timelineId: z.string().min(1),
  taskInstanceId: z.string().min(1),
  buildId: z.string().optional(),
  /** AES-GCM ciphertext of the pipeline AuthToken; never the token itself. */
  sealedAuthToken: z.string().min(1),
  /** Other non-secret request headers the policy may read (lower-case names). */
  headers: z.record(z.string(), z.string()),
  requestedAt: timestampSchema,
  /** 1-based count of evaluations of this check, including this one. */
  evaluation: z.number().int().positive(),
  firstEvaluatedAt: timestampSchema.optional(),
  /** Policy state carried between evaluations (e.g. consecutive passes). */
  state: z.record(z.string(), z.unknown()).optional(),
  /** The task log already created for this check, so re-evaluations append to it. */
  logId: z.number().int().nonnegative().optional(),
});

export type CheckEvaluationData = z.infer<typeof checkEvaluationDataSchema>;
