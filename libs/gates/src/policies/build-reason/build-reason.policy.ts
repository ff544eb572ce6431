import { z } from 'zod';
import type { CheckFacts, GatePolicy } from '../../policy/gate-policy.port';
import { fail, pass, type Verdict } from '../../policy/verdict';

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

const options = z.strictObject({
  allowed: z.array(reasonSchema).min(1, 'list at least one allowed build reason'),
  /** The check header carrying `$(Build.Reason)`. */
  header: z.string().min(1).default('BuildReason'),
});

/** Passes when the run was started for one of the allowed reasons (header `BuildReason=$(Build.Reason)`). */
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
      return fail(`Header ${this.config.header} is missing; add ${this.config.header}=$(Build.Reason) to the check's headers`);
    }
    const allowed = this.config.allowed.some((reason) => reason.toLowerCase() === value.trim().toLowerCase());
    return allowed
      ? pass(`Build reason ${value} is allowed`)
      : fail(`Build reason ${value} is not allowed; allowed: ${this.config.allowed.join(', ')}`);
  }
}
