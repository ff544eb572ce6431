import { z } from 'zod';

/** An organization (cloud) or collection (on-prem) URL, always ending in `/`. */
export const organizationUrlSchema = z
  .string()
  .regex(/^https?:\/\/[^/\s]+\/(?:[^\s]*\/)?$/, 'an absolute http(s) URL ending with "/"');

export const projectRefSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
});

export const identityRefSchema = z.object({
  id: z.string().optional(),
  displayName: z.string().optional(),
  uniqueName: z.string().optional(),
});

/** Numeric Azure DevOps ids (builds, releases, definitions, runs) are positive-or-zero integers. */
export const numericIdSchema = z.number().int().nonnegative();

/** Timestamps are kept as Azure DevOps sent them (ISO-8601, sometimes without an offset). */
export const timestampSchema = z.string();

export type ProjectRef = z.infer<typeof projectRefSchema>;
export type IdentityRef = z.infer<typeof identityRefSchema>;
