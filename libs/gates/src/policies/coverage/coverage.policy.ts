import { z } from 'zod';
import type { CheckFacts, GatePolicy, PolicyContext } from '../../policy/gate-policy.port';
import { fail, pass, wait, type Verdict } from '../../policy/verdict';
import { buildIdOf, missingBuildIdReason, readsOf } from '../shared/build-id';

const options = z.strictObject({
  /** Percent, 0–100. */
  minimum: z.number().min(0).max(100),
  /** Which coverage statistic: Lines (default), Branches, Blocks, ... as the build published it. */
  statistic: z.string().min(1).default('Lines'),
});

/** Passes when the build's published code coverage reaches the minimum; waits while none is published. */
export class CoveragePolicy implements GatePolicy {
  static readonly type = 'coverage';
  static readonly sync = false;
  static readonly description = "The build's code coverage summary reaches a minimum percentage.";
  static readonly options = options;

  readonly requiredHeaders: readonly string[] = ['BuildId'];

  constructor(private readonly config: z.infer<typeof options>) {}

  async evaluate(check: CheckFacts, context: PolicyContext): Promise<Verdict> {
    const buildId = buildIdOf(check);
    if (buildId === undefined) return fail(missingBuildIdReason);
    const stats = await readsOf(context, CoveragePolicy.type).getCoverageStats(buildId);
    const wanted = this.config.statistic.toLowerCase();
    const matching = stats.filter((stat) => stat.label.toLowerCase() === wanted);
    const total = matching.reduce((sum, stat) => sum + stat.total, 0);
    if (total === 0) return wait(`Build ${buildId} has no ${this.config.statistic} coverage published yet`);
    const covered = matching.reduce((sum, stat) => sum + stat.covered, 0);
    const percent = Math.floor((covered / total) * 10_000) / 100;
    const summary = `${this.config.statistic} coverage of build ${buildId} is ${percent}% (${covered}/${total}); minimum ${this.config.minimum}%`;
    return percent >= this.config.minimum ? pass(summary) : fail(summary);
  }
}
