import safeRegex from 'safe-regex2';
import { repeatsAlternation } from './repeated-alternation';
import { slashProblem } from './slash-in-pattern';
import { z } from 'zod';
import { organizationIdentity, organizationPathOf, TFS_SERVER_URL_HINT } from '@switchyard/contracts';
import { hasUnclosedPlaceholder, isKnownTemplateVariable, templateVariableNames, templateVariablesIn } from '../match-rules/template-variables';

/** Event names a rule can react to, with the Azure DevOps spelling accepted as an alias. */
export const triggerEventNames = ['pullrequest.merged', 'pullrequest.updated', 'pullrequest.created'] as const;
export type TriggerEventName = (typeof triggerEventNames)[number];

const eventSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase().replace(/^git\./, '') : value),
  z.enum(triggerEventNames, { error: `must be one of ${triggerEventNames.join(', ')}` }),
);

/** A pull request's `status` and `mergeStatus` as Azure DevOps sends them (GitPullRequest in the REST API). */
export const pullRequestStatuses = ['active', 'abandoned', 'completed'] as const;
export const pullRequestMergeStatuses = ['notSet', 'queued', 'conflicts', 'succeeded', 'rejectedByPolicy', 'failure'] as const;

/**
 * One of `values` in any case, because the matcher compares case-insensitively; kept in Azure DevOps'
 * spelling. Anything else could never match, so it is refused instead of silently never triggering.
 */
function azureDevOpsValue<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  const byLowerCase = new Map(values.map((value) => [value.toLowerCase(), value]));
  return z.preprocess(
    (value) => (typeof value === 'string' ? (byLowerCase.get(value.trim().toLowerCase()) ?? value) : value),
    z.enum(values, { error: (issue) => `${JSON.stringify(issue.input)} is not a ${what}; use one of ${values.join(', ')}` }),
  );
}

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const regexSource = nonEmpty.superRefine((source, context) => {
  try {
    new RegExp(source);
  } catch (error) {
    context.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
    return;
  }
  const slash = slashProblem(source);
  if (slash) {
    context.addIssue({ code: 'custom', message: slash });
    return;
  }
  // It runs on every pull-request event: a pattern that can backtrack exponentially would stall the
  // service (and its health checks) on one unlucky repository name.
  if (!safeRegex(source)) {
    context.addIssue({
      code: 'custom',
      message: 'can take exponential time on some names (a repeated group that itself repeats, e.g. ([a-z]+-?)+); write it without nesting repetitions, e.g. ^[a-z-]+$',
    });
  } else if (repeatsAlternation(source)) {
    context.addIssue({
      code: 'custom',
      message: 'can take exponential time on some names (a repeated group with alternatives, e.g. ([a-z]|[a-z0-9])*); write the alternatives as one character class, e.g. ^[a-z0-9]*$, or repeat only part of the pattern',
    });
  }
});
// A personal access token pasted here in place of its variable's name passes the name pattern (52 or 84
// letters and digits), and the start-up check would then print it as the missing variable's name. A
// long name without an underscore is taken for such a token; neither message repeats the value.
const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name like FABRIKAM_TOKEN')
  .refine((name) => name.length <= 40 || name.includes('_'), {
    message: 'looks like a token, not an environment variable name: put the token in an environment variable (e.g. FABRIKAM_TOKEN) and name that variable here',
  });
// A name, or `\folder\name` for one of several definitions sharing a name. Azure DevOps refuses ASCII
// control characters in names; in a double-quoted YAML string `\t`, `\n`, `\f` … are escapes for them, so
// such a path arrives with control characters in it. (The `\N`, `\_`, `\L`, `\P` escapes give characters
// a name may hold: parseRules tells those apart by the source.) Checked before trimming, which would drop
// them from the ends (`"\team"` would become `eam`).
const hasControlCharacter = (text: string) => [...text].some((character) => character < ' ' || character === '\u007f');
const definitionName = z
  .string()
  .superRefine((raw, context) => {
    const name = raw.trim();
    if (hasControlCharacter(raw)) {
      context.addIssue({
        code: 'custom',
        message:
          'holds a control character, which definition names never do (in a double-quoted YAML string \\t is a tab, \\n a line break); ' +
          'write a folder path unquoted or in single quotes, e.g. \'\\team-b\\app-ci\'',
      });
    } else if (name === '') {
      context.addIssue({ code: 'custom', message: 'must not be empty' });
    } else if (name.endsWith('\\')) {
      context.addIssue({ code: 'custom', message: 'ends with "\\": write the definition\'s name after its folder, e.g. \\team-b\\app-ci' });
    }
  })
  .trim();
const definitionSchema = z.union([z.number().int().positive('a numeric definition id must be positive'), definitionName], {
  error: 'must be a build definition name, a \\folder\\name path or a positive numeric id',
});
const parameterValue = z
  .union([z.string(), z.number(), z.boolean()], { error: 'must be a string, number or boolean' })
  .superRefine((value, context) => {
    if (typeof value !== 'string') return;
    if (hasUnclosedPlaceholder(value)) {
      context.addIssue({ code: 'custom', message: 'has a ${ without its closing }; close it, e.g. ${pr.lastMergeCommit}' });
    }
    for (const variable of templateVariablesIn(value)) {
      if (!isKnownTemplateVariable(variable)) {
        context.addIssue({ code: 'custom', message: `unknown variable \${${variable}}; use one of ${templateVariableNames.map((v) => `\${${v}}`).join(', ')}` });
      }
    }
  });

/**
 * An organization or collection URL: absolute http(s), and nothing a token could hide in (user info,
 * query, fragment): tokens belong in the variable named by tokenVariable. The value is never quoted.
 * It must name an organization or collection (not https://dev.azure.com/, nor a TFS server URL …/tfs):
 * a rule comparing events with it would silently never trigger, an `organizations:` token for it would
 * never be used (the default token going to the collection instead), and a target could not be queued.
 */
const organizationUrl = (error: string) =>
  z.url({ protocol: /^https?$/, error }).superRefine((raw, context) => {
    // Zod runs refinements after a failed check too: that value is already reported as not an http(s) URL.
    if (!URL.canParse(raw)) return;
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return;
    if (url.username || url.password) {
      context.addIssue({ code: 'custom', message: 'must not hold a user name or token; put the token in an environment variable and name it with tokenVariable' });
    } else if (url.search || url.hash) {
      context.addIssue({ code: 'custom', message: 'must not have a query string or fragment' });
    } else if (organizationIdentity(raw) === undefined) {
      context.addIssue({
        code: 'custom',
        message:
          'names no organization or collection; write https://dev.azure.com/{organization}, https://{organization}.visualstudio.com or a collection URL ' +
          `(${TFS_SERVER_URL_HINT})`,
      });
    } else {
      // A project (or page) URL would stand for its whole organization: say so rather than widen it silently.
      const inside = organizationPathOf(raw);
      if (inside && inside.rest.length > 0) {
        context.addIssue({ code: 'custom', message: `is a URL inside ${inside.organizationUrl}, not an organization/collection URL; write ${inside.organizationUrl}` });
      }
    }
  });

const organizationUrlText = 'must be an absolute http(s) organization/collection URL';
const sourceOrganizationUrl = organizationUrl(organizationUrlText);

/**
 * The organizations a rule listens to: one URL or a list. A string or a list gets its own problems;
 * `error` is only for a value of neither kind. (A transform inside the union would hide them.)
 */
const sourceOrganizations = z
  .union([sourceOrganizationUrl, z.array(sourceOrganizationUrl).min(1, 'needs at least one organization/collection URL')], {
    error: 'must be an organization/collection URL or a list of them',
  })
  .transform((value) => (typeof value === 'string' ? [value] : value));

export const whenSchema = z.strictObject({
  event: eventSchema,
  repository: regexSource.optional(),
  targetBranch: nonEmpty.optional(),
  status: azureDevOpsValue(pullRequestStatuses, 'pull-request status').optional(),
  mergeStatus: azureDevOpsValue(pullRequestMergeStatuses, 'pull-request merge status').optional(),
  project: nonEmpty.optional(),
  organization: sourceOrganizations.optional(),
});

export const targetSchema = z.strictObject({
  organization: organizationUrl(organizationUrlText).optional(),
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
  organizations: z.record(organizationUrl('keys must be organization URLs'), organizationSettingsSchema).optional(),
  rules: z.array(ruleSchema),
});

export type RulesFile = z.infer<typeof rulesFileSchema>;
export type RuleDefinition = z.infer<typeof ruleSchema>;
export type TargetDefinition = z.infer<typeof targetSchema>;
