import { z } from 'zod';
import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';

export const badgeKinds = ['release', 'build', 'stage', 'summary'] as const;

export const badgeRenderedDataSchema = z.object({
  kind: z.enum(badgeKinds),
  /** Blob path without extension, e.g. `fabrikam/Fabrikam/releases/Fabrikam.CD/Dev`. */
  path: z.string().min(1),
  svgUrl: z.string().min(1),
  jsonUrl: z.string().min(1),
  status: z.string(),
  label: z.string(),
  message: z.string(),
  /** Envelope id of the event the badge was rendered from. */
  sourceEventId: z.string().min(1),
});

export type BadgeRenderedData = z.infer<typeof badgeRenderedDataSchema>;

export const BadgeRendered = defineEvent({
  type: 'switchyard.badge.rendered.v1',
  topic: Topics.outcomes,
  description: 'The badge renderer wrote an SVG badge and its Shields JSON to Blob storage.',
  data: badgeRenderedDataSchema,
});
