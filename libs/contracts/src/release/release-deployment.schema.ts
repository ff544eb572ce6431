import { z } from 'zod';
import { numericIdSchema, organizationUrlSchema, projectRefSchema, timestampSchema } from '../common/azure-devops-refs.schema';
import { deploymentStatusSchema } from './deployment-status.schema';

/** Normalized classic-release deployment, shared by the started and completed events. */
export const releaseDeploymentDataSchema = z.object({
  organizationUrl: organizationUrlSchema.optional(),
  project: projectRefSchema,
  releaseDefinition: z.object({ id: numericIdSchema.optional(), name: z.string().optional() }).optional(),
  release: z
    .object({ id: numericIdSchema.optional(), name: z.string().optional(), url: z.string().optional() })
    .optional(),
  environment: z.object({
    id: numericIdSchema.optional(),
    name: z.string().min(1),
    definitionEnvironmentId: numericIdSchema.optional(),
  }),
  deployment: z.object({ id: numericIdSchema.optional(), attempt: numericIdSchema.optional() }).optional(),
  status: deploymentStatusSchema,
  startedOn: timestampSchema.optional(),
  completedOn: timestampSchema.optional(),
  /** The eventType exactly as Azure DevOps sent it (two spellings exist). */
  originalEventType: z.string(),
});

export type ReleaseDeploymentData = z.infer<typeof releaseDeploymentDataSchema>;
