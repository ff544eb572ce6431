import { z } from 'zod';
import { addHeaderAdvice, checkHeaderVariables } from '../../check/check-headers';
import type { CheckFacts, GatePolicy } from '../../policy/gate-policy.port';
import { fail, pass, type Verdict } from '../../policy/verdict';
import { headerName } from '../shared/header-name';

/** Values of the `Build.Reason` pipeline variable. */
export const buildReasons = [
  'Manual',
  'IndividualCI',
  'BatchedCI',
  'Schedule',
  'ValidateShelveset',
  'CheckInShelveset',
  'PullRequest',
  'BuildCompletion',
  'ResourceTrigger',
] as const;

const reasonSchema = z.string().transform((value, ctx) => {
  const known = buildReasons.find((reason) => reason.toLowerCase() === value.toLowerCase());
  if (!known) ctx.addIssue({ code: 'custom', message: `"${value}" is not a Build.Reason; use one of ${buildReasons.join(', ')}` });
  return known ?? value;
});

// Headers that carry credentials: a policy may never read (and so echo or forward) them.
const credentialHeaders = new Set(['authtoken', 'authorization', 'proxy-authorization', 'x-hook-key', 'cookie']);

// "Manual, Schedule" in one string reads as the list it plainly means.
const commaList = (value: unknown) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value);

const options = z.strictObject({
  allowed: z.preprocess(commaList, z.array(reasonSchema).min(1, 'list at least one allowed build reason')),
  /** The check header carrying `$(Build.Reason)`. */
  header: headerName
    .refine((name) => !credentialHeaders.has(name.toLowerCase()), { message: 'must name the header carrying $(Build.Reason), not a credential header' })
    .default('BuildReason'),
});

/** Request text shown back in a reason: short, one line. */
const shown = (value: string) => value.trim().slice(0, 64).replace(/[^\x20-\x7e]/g, '?');

/** Passes when the run was started for one of the allowed reasons (header `"BuildReason": "$(Build.Reason)"`). */
export class BuildReasonPolicy implements GatePolicy {
  static readonly type = 'build-reason';
  static readonly sync = true;
  static readonly description = 'The run was started for an allowed reason (Manual, Schedule, ...).';
  static readonly options = options;

  readonly requiredHeaders: readonly string[];

  constructor(private readonly config: z.infer<typeof options>) {
    this.requiredHeaders = [config.header];
  }

  async evaluate(check: CheckFacts): Promise<Verdict> {
    const value = check.headers[this.config.header.toLowerCase()];
    if (value === undefined || value.trim() === '') {
      return fail(`Header ${this.config.header} is missing; ${addHeaderAdvice(this.config.header, checkHeaderVariables.BuildReason)}`);
    }
    const allowed = this.config.allowed.some((reason) => reason.toLowerCase() === value.trim().toLowerCase());
    return allowed
      ? pass(`Build reason ${shown(value)} is allowed`)
      : fail(`Build reason ${shown(value)} is not allowed; allowed: ${this.config.allowed.join(', ')}`);
  }
}
