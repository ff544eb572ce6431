import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@switchyard/contracts';
import { EventPublisher, PermanentError } from '@switchyard/messaging';
import { loggerForEvent, type Logger } from '@switchyard/observability';
import { TRIGGER_LOGGER, TRIGGER_METRICS, TRIGGER_RULES } from '../build-trigger.di-tokens';
import { buildSlotOf, mergedAtOf } from '../coalesce/coalesce-window';
import { requestMessage } from '../coalesce/due-message';
import { matchRules } from '../match-rules/match-rules';
import { pullRequestTriggerOf } from '../match-rules/pull-request-trigger';
import type { CompiledRules } from '../rules/compiled-rule';
import { BuildTriggerErrorCodes } from './build-trigger.errors';
import type { TriggerMetrics } from './trigger-metrics';

/**
 * Turns a pull-request event into one "queue this build" message per matching rule target. The
 * message id is deterministic, so duplicates of the event collapse on the bus; queueing itself
 * happens in QueueBuildService when the message is delivered (at once, or when the window closes).
 */
@Injectable()
export class RequestBuildsService {
  constructor(
    @Inject(TRIGGER_RULES) private readonly rules: CompiledRules,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(TRIGGER_LOGGER) private readonly logger: Logger,
    @Inject(TRIGGER_METRICS) private readonly metrics: TriggerMetrics,
  ) {}

  async handle(event: EventEnvelope<unknown>): Promise<void> {
    const trigger = pullRequestTriggerOf(event);
    if (!trigger) return;
    const log = loggerForEvent(this.logger, event);
    const { evaluations, builds } = matchRules(this.rules, trigger);
    const matched = evaluations.filter((e) => e.matched).map((e) => e.rule.name);
    log.debug({ matched, rules: evaluations.length }, matched.length ? 'rules matched' : 'no rule matched');
    const problems: string[] = [];
    const mergedAt = mergedAtOf(trigger.pullRequest.closedDate, trigger.time);
    for (const build of builds) {
      if (build.problem) {
        problems.push(`rule "${build.ruleName}" target ${build.target.index + 1} (line ${build.target.line}): ${build.problem}`);
        continue;
      }
      const slot = buildSlotOf(build, mergedAt);
      const due = requestMessage(build, slot, trigger);
      await this.publisher.publish(due, slot.dueAt ? { scheduledEnqueueTime: slot.dueAt } : undefined);
      this.metrics.matches.inc({ rule: build.ruleName });
      log.info({ rule: build.ruleName, target: build.target.index, dueMessageId: due.id, dueAt: slot.dueAt?.toISOString() }, 'build requested');
    }
    if (problems.length > 0) {
      // The other targets were requested above; resubmitting this message later re-requests them harmlessly.
      throw new PermanentError(BuildTriggerErrorCodes.unqueueable, `Cannot queue: ${problems.join('; ')}`);
    }
  }
}
