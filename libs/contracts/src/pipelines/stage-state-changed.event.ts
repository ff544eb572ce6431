import { z } from 'zod';
import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';
import { numericIdSchema, organizationUrlSchema, projectRefSchema } from '../common/azure-devops-refs.schema';

export const stageStateChangedDataSchema = z.object({
  organizationUrl: organizationUrlSchema.optional(),
  project: projectRefSchema,
  pipeline: z.object({ id: numericIdSchema.optional(), name: z.string().optional() }),
  run: z.object({ id: numericIdSchema.optional(), name: z.string().optional() }),
  stage: z.object({
    id: z.string().optional(),
    name: z.string().min(1),
    displayName: z.string().optional(),
    /** e.g. `inProgress`, `completed` (as Azure DevOps sends it). */
    state: z.string().optional(),
    /** e.g. `succeeded`, `failed`, `canceled`, `skipped` (set once completed). */
    result: z.string().optional(),
  }),
});

export type StageStateChangedData = z.infer<typeof stageStateChangedDataSchema>;

export const StageStateChanged = defineEvent({
  type: 'azure-devops.pipelines.stage-state-changed.v1',
  topic: Topics.builds,
  description: 'A YAML pipeline run stage changed state (started, completed with a result).',
  data: stageStateChangedDataSchema,
});
