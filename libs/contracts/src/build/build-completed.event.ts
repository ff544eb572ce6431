import { z } from 'zod';
import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';
import { numericIdSchema, organizationUrlSchema, projectRefSchema, timestampSchema } from '../common/azure-devops-refs.schema';
import { buildResultSchema } from './build-result.schema';

export const buildCompletedDataSchema = z.object({
  organizationUrl: organizationUrlSchema.optional(),
  project: projectRefSchema,
  definition: z.object({ id: numericIdSchema.optional(), name: z.string().optional() }),
  build: z.object({ id: numericIdSchema, number: z.string().optional(), url: z.string().optional() }),
  status: z.string().optional(),
  result: buildResultSchema.optional(),
  sourceBranch: z.string().optional(),
  sourceVersion: z.string().optional(),
  reason: z.string().optional(),
  startTime: timestampSchema.optional(),
  finishTime: timestampSchema.optional(),
});

export type BuildCompletedData = z.infer<typeof buildCompletedDataSchema>;

export const BuildCompleted = defineEvent({
  type: 'azure-devops.build.completed.v1',
  topic: Topics.builds,
  description: 'A build (pipeline run) finished; `result` says how.',
  data: buildCompletedDataSchema,
});
