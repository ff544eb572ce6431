import { Inject, Injectable } from '@nestjs/common';
import { AzureDevOpsErrorCodes, isAzureDevOpsError, type Build, type OrganizationClient } from '@switchyard/azure-devops';
import { EventPublisher, PermanentError } from '@switchyard/messaging';
import { loggerForEvent, type Logger } from '@switchyard/observability';
import { QUEUE_DEADLINE_MS, TRIGGER_LOGGER, TRIGGER_METRICS, TRIGGER_RULES } from '../build-trigger.di-tokens';
import type { DueEvent } from '../coalesce/due-message';
import type { CompiledRules } from '../rules/compiled-rule';
import { toHandlerError } from './azure-devops-failure';
import { buildQueuedEvent } from './build-queued-event';
import { KeyedLock } from './keyed-lock';
import { LockBudgetExceededError } from './lock-budget';
import { OrganizationClients } from './organization-clients';
import { resolveDefinition } from './resolve-definition';
import { resolveDue, type DueBuild } from './resolve-due';
import { laterCopy, maxLaterAttempts } from './retry-later';
import type { TriggerMetrics } from './trigger-metrics';

const traceTag = 'switchyard';

/**
 * Queues the build of one slot exactly once. Azure DevOps itself is the record of what was done:
 * the build carries the slot's tag, and a slot whose tag is already on a build is not queued again
 * (a redelivery after a crash between "queued" and "settled" finds it and only re-publishes the
 * outcome, whose id makes it a duplicate on the bus).
 */
@Injectable()
export class QueueBuildService {
  private readonly locks = new KeyedLock();

  constructor(
    @Inject(TRIGGER_RULES) private readonly rules: CompiledRules,
    @Inject(OrganizationClients) private readonly clients: OrganizationClients,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(TRIGGER_LOGGER) private readonly logger: Logger,
    @Inject(TRIGGER_METRICS) private readonly metrics: TriggerMetrics,
    @Inject(QUEUE_DEADLINE_MS) private readonly queueDeadlineMs: number,
  ) {}

  /** The build queued (or found already queued); undefined when it is to be tried again later. */
  async handle(due: DueEvent): Promise<Build | undefined> {
    const startedAt = Date.now();
    let slot: DueBuild;
    try {
      slot = resolveDue(this.rules, due.data);
    } catch (error) {
      loggerForEvent(this.logger, due).error({ err: error, rule: due.data.rule }, 'due message does not fit the rules loaded now; dead-lettering');
      throw error;
    }
    const log = loggerForEvent(this.logger, due).child({ rule: slot.build.ruleName, tag: slot.tag });
    try {
      return await this.locks.run(slot.tag, () => this.queueOnce(due, slot, log, startedAt + this.queueDeadlineMs));
    } catch (error) {
      const later = laterCopy(due, error);
      if (later) {
        await this.publisher.publish(later.event, { scheduledEnqueueTime: later.at });
        this.metrics.builds.inc({ rule: slot.build.ruleName, outcome: 'retry-later' });
        log.warn(
          { err: error, retryAt: later.at.toISOString(), attempt: later.attempt, of: maxLaterAttempts, laterMessageId: later.event.id },
          'Azure DevOps is throttling or unavailable; trying this build again later',
        );
        return undefined;
      }
      this.metrics.builds.inc({ rule: slot.build.ruleName, outcome: 'failed' });
      const mapped = toHandlerError(error, slot.build);
      if (mapped instanceof PermanentError) log.error({ code: mapped.code, err: mapped }, 'build cannot be queued; dead-lettering');
      else log.warn({ err: error }, 'queueing failed; the bus will redeliver');
      throw mapped;
    }
  }

  private async queueOnce(due: DueEvent, slot: DueBuild, log: Logger, queueBy: number): Promise<Build> {
    const { build: plan, tag } = slot;
    const client = this.clients.for(plan, slot.organizationUrl);
    let definition = await resolveDefinition(client, plan);
    const existing = await this.buildsTagged(client, plan.project, tag);
    let build = existing[0];
    if (build) {
      this.metrics.builds.inc({ rule: plan.ruleName, outcome: 'already-queued' });
      log.info({ buildId: build.id }, 'build already queued for this merge; not queueing again');
    } else {
      if (Date.now() > queueBy) throw new LockBudgetExceededError(Date.now() - queueBy + this.queueDeadlineMs);
      try {
        build = await this.queue(client, slot, definition.id);
      } catch (error) {
        // A definition found by name may have been deleted and re-created since (same name, new id).
        const renamed = typeof plan.definition === 'string' && isAzureDevOpsError(error) && error.code === AzureDevOpsErrorCodes.NOT_FOUND;
        if (!renamed) throw error;
        const current = await resolveDefinition(client, plan, { refresh: true });
        if (current.id === definition.id) throw error;
        log.info({ definitionId: current.id, previousDefinitionId: definition.id }, 'definition has a new id; queueing with it');
        if (Date.now() > queueBy) throw new LockBudgetExceededError(Date.now() - queueBy + this.queueDeadlineMs);
        definition = current;
        build = await this.queue(client, slot, definition.id);
      }
      log.info({ buildId: build.id, definitionId: definition.id, organizationUrl: plan.organizationUrl, project: plan.project }, 'build queued');
      if (build.tagsNotApplied) {
        // Queued all the same: failing now would have the bus redeliver, find no tagged build and queue a second one.
        this.metrics.builds.inc({ rule: plan.ruleName, outcome: 'queued-untagged' });
        log.warn(
          { buildId: build.id, code: build.tagsNotApplied.code, reason: build.tagsNotApplied.message },
          'build queued, but its tags could not be added; a later copy of this merge will not recognise it (grant "Edit build quality" if the reason is 403)',
        );
      } else {
        this.metrics.builds.inc({ rule: plan.ruleName, outcome: 'queued' });
        await this.reportDuplicates(client, plan.project, tag, build, log, plan.ruleName);
      }
    }
    await this.publisher.publish(buildQueuedEvent(due, slot, definition, build));
    return build;
  }

  private queue(client: OrganizationClient, slot: DueBuild, definitionId: number): Promise<Build> {
    const { build: plan, tag } = slot;
    return client.queueBuild({
      project: plan.project,
      definitionId,
      sourceBranch: plan.sourceBranch,
      templateParameters: Object.keys(plan.parameters).length > 0 ? plan.parameters : undefined,
      tags: [tag, traceTag, `${traceTag}-rule:${plan.ruleName}`, `pr:${slot.latest.repository}!${slot.latest.pullRequestId}`],
      // Azure DevOps has no reason for "queued by another service"; manual is what a REST queue gets by default.
      reason: 'manual',
      // Warnings (typically: the agents that could run it are offline) do not stop a queue by hand either.
      ignoreWarnings: true,
    });
  }

  /** Oldest first: when two builds ever share a tag, the first one is the one that counts. */
  private async buildsTagged(client: OrganizationClient, project: string, tag: string): Promise<Build[]> {
    const builds = await client.listBuildsByTag({ project, tags: [tag], status: 'all' });
    return [...builds].sort((a, b) => a.id - b.id);
  }

  // The bus lets one due message per slot through, so this only fires if that guarantee was broken
  // (e.g. a message redelivered after its lock expired while the first handler was still running).
  private async reportDuplicates(client: OrganizationClient, project: string, tag: string, build: Build, log: Logger, rule: string): Promise<void> {
    const tagged = await this.buildsTagged(client, project, tag).catch(() => [build]);
    if (tagged.length > 1) {
      this.metrics.builds.inc({ rule, outcome: 'duplicate-detected' });
      log.warn({ buildIds: tagged.map((b) => b.id), tag }, 'more than one build carries this merge tag; cancel all but the oldest');
    }
  }
}
