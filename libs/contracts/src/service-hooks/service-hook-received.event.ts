import { z } from 'zod';
import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';
import { organizationUrlSchema } from '../common/azure-devops-refs.schema';

export const serviceHookReceivedDataSchema = z.object({
  eventType: z.string().min(1),
  organizationUrl: organizationUrlSchema.optional(),
  publisherId: z.string().optional(),
  subscriptionId: z.string().optional(),
  notificationId: z.string().optional(),
  /** The whole notification as received (minus a UTF-8 BOM); its `resource` is the event's subject. */
  payload: z.unknown(),
});

export type ServiceHookReceivedData = z.infer<typeof serviceHookReceivedDataSchema>;

export const ServiceHookReceived = defineEvent({
  type: 'azure-devops.service-hook.v1',
  topic: Topics.serviceHooks,
  description: 'Any other service-hook notification (git.push, release created, approvals, …), kept whole.',
  data: serviceHookReceivedDataSchema,
});
