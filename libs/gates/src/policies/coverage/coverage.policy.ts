import { z } from 'zod';
import type { CheckFacts, GatePolicy, PolicyContext } from '../../policy/gate-policy.port';
import { fail, pass, wait, type Verdict } from '../../policy/verdict';
import { buildIdOf, missingBuildIdReason, readsOf } from '../shared/build-id';

const minimum = z
  .number()
  .min(0)
  .max(100)
  .transform((value, ctx) => {
    if (Math.abs(value * 100 - Math.round(value * 100)) > 1e-6) {
      ctx.addIssue({ code: 'custom', message: `${value} has more than two decimals; use a percentage such as 80 or 72.5` });
    }
    return value;
  });

const options = z.strictObject({
  /** Percent, 0–100, at most two decimals (compared exactly, in hundredths of a percent). */
  minimum,
  /** Which coverage statistic: Lines (default), Branches, Blocks, ... as the build published it. */
  statistic: z.string().min(1).default('Lines'),
});

/** Summary statuses after which Azure DevOps has merged everything published so far. */
const DONE = new Set(['completed', 'finalized']);

/**
 * Passes when the build's published code coverage reaches the minimum. Waits while none is published
 * and while Azure DevOps is still computing the summary (it merges coverage files as they arrive, so an
 * unfinished summary is partial).
 */
export class CoveragePolicy implements GatePolicy {
  static readonly type = 'coverage';
  static readonly sync = false;
  static readonly description = "The build's code coverage summary reaches a minimum percentage.";
  static readonly options = options;

  readonly requiredHeaders: readonly string[] = ['BuildId'];
  private readonly minimumHundredths: bigint;

  constructor(private readonly config: z.infer<typeof options>) {
    this.minimumHundredths = BigInt(Math.round(config.minimum * 100));
  }

  async evaluate(check: CheckFacts, context: PolicyContext): Promise<Verdict> {
    const buildId = buildIdOf(check);
    if (buildId === undefined) return fail(missingBuildIdReason);
    const { status, stats } = await readsOf(context, CoveragePolicy.type).getCoverageSummary(buildId);
    const noneYet = wait(`Build ${buildId} has no ${this.config.statistic} coverage published yet`);
    // Servers that report no status at all are taken at their figures.
    if (status !== undefined && status.toLowerCase() === 'none') return noneYet;
    if (status !== undefined && !DONE.has(status.toLowerCase())) {
      return wait(`Azure DevOps is still computing the code coverage summary of build ${buildId} (status ${status})`);
    }
    const wanted = this.config.statistic.toLowerCase();
    const matching = stats.filter((stat) => stat.label.toLowerCase() === wanted);
    const total = BigInt(Math.round(matching.reduce((sum, stat) => sum + stat.total, 0)));
    if (total === 0n) {
      // A statistic the build never publishes (e.g. "Line" for "Lines") would wait until the timeout without a clue.
      const published = [...new Set(stats.filter((stat) => stat.total > 0).map((stat) => stat.label))];
      return published.length > 0 ? wait(`${noneYet.reason} (it has ${published.join(', ')})`) : noneYet;
    }
    const covered = BigInt(Math.round(matching.reduce((sum, stat) => sum + stat.covered, 0)));
    // Exact: covered/total >= minimum/100, in integers. The shown percent is rounded down, so it never
    // reads as reaching a minimum the figures miss.
    const reached = covered * 10_000n >= this.minimumHundredths * total;
    const summary = `${this.config.statistic} coverage of build ${buildId} is ${percentText((covered * 10_000n) / total)}% (${covered}/${total}); minimum ${this.config.minimum}%`;
    return reached ? pass(summary) : fail(summary);
  }
}

/** Hundredths of a percent as text: 5699 → "56.99", 8010 → "80.1", 7900 → "79". */
function percentText(hundredths: bigint): string {
  const fraction = hundredths % 100n;
  const whole = `${hundredths / 100n}`;
  return fraction === 0n ? whole : `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}
