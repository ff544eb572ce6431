import { z } from 'zod';

/** Event names a rule can react to, with the Azure DevOps spelling accepted as an alias. */
export const triggerEventNames = ['pullrequest.merged', 'pullrequest.updated', 'pullrequest.created'] as const;
export type TriggerEventName = (typeof triggerEventNames)[number];

const eventSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase().replace(/^git\./, '') : value),
  z.enum(triggerEventNames, { error: `must be one of ${triggerEventNames.join(', ')}` }),
);

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const variableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name like FABRIKAM_TOKEN');
const definitionSchema = z.union([z.number().int().positive('a numeric definition id must be positive'), nonEmpty], {
  error: 'must be a build definition name or a positive numeric id',
});
const parameterValue = z.union([z.string(), z.number(), z.boolean()], {
  error: 'must be a string, number or boolean',
});

export const whenSchema = z.strictObject({
  event: eventSchema,
  repository: nonEmpty.optional(),
  targetBranch: nonEmpty.optional(),
  status: nonEmpty.optional(),
  mergeStatus: nonEmpty.optional(),
  project: nonEmpty.optional(),
});

export const targetSchema = z.strictObject({
  organization: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) organization/collection URL' }).optional(),
  project: nonEmpty,
  definition: definitionSchema,
  sourceBranch: nonEmpty.optional(),
  parameters: z.record(z.string().min(1), parameterValue).optional(),
  coalesceSeconds: z.number().int().min(0).max(86_400).default(0),
  tokenVariable: variableName.optional(),
});

export const ruleSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be 1-100 letters, digits, ".", "_" or "-"'),
  when: whenSchema,
  queue: z.array(targetSchema).min(1, 'needs at least one target'),
});

export const organizationSettingsSchema = z.strictObject({ tokenVariable: variableName });

export const rulesFileSchema = z.strictObject({
  organizations: z.record(z.url({ protocol: /^https?$/, error: 'keys must be organization URLs' }), organizationSettingsSchema).optional(),
  rules: z.array(ruleSchema),
});

export type RulesFile = z.infer<typeof rulesFileSchema>;
export type RuleDefinition = z.infer<typeof ruleSchema>;
export type TargetDefinition = z.infer<typeof targetSchema>;
