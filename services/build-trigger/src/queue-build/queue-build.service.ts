import { Inject, Injectable } from '@nestjs/common';
import { AzureDevOpsErrorCodes, isAzureDevOpsError, isPermanent, type Build, type OrganizationClient } from '@switchyard/azure-devops';
import { EventPublisher, PermanentError } from '@switchyard/messaging';
import { loggerForEvent, type Logger } from '@switchyard/observability';
import { QUEUE_DEADLINE_MS, TRIGGER_LOGGER, TRIGGER_METRICS, TRIGGER_RULES } from '../build-trigger.di-tokens';
import type { DueEvent } from '../coalesce/due-message';
import type { CompiledRules } from '../rules/compiled-rule';
import { toHandlerError } from './azure-devops-failure';
import { buildQueuedEvent, pullRequestTag, slotMerge, taggedMerge } from './build-queued-event';
import { KeyedLock } from './keyed-lock';
import { LockBudgetExceededError } from './lock-budget';
import { OrganizationClients } from './organization-clients';
import { resolveDefinition } from './resolve-definition';
import { resolveDue, type DueBuild } from './resolve-due';
import { laterCopy, maxLaterAttempts } from './retry-later';
import type { TriggerMetrics } from './trigger-metrics';
import { findUncertainBuild, isOutcomeUnknown, uncertainSinceOf } from './uncertain-queue';

const traceTag = 'switchyard';

/** What one handler run learnt that a later copy of the slot needs. */
interface AttemptState {
  /** Handler's clock just before a queue request whose outcome is unknown (it may have queued a build). */
  uncertainSince?: number;
}

/**
 * Queues the build of one slot exactly once. Azure DevOps itself is the record of what was done:
 * the build carries the slot's tag, and a slot whose tag is already on a build is not queued again
 * (a redelivery after a crash between "queued" and "settled" finds it and only re-publishes the
 * outcome, whose id makes it a duplicate on the bus, naming the merge the build was queued with).
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
    const attempt: AttemptState = {};
    try {
      return await this.locks.run(slot.tag, () => this.queueOnce(due, slot, log, startedAt + this.queueDeadlineMs, attempt));
    } catch (error) {
      const later = laterCopy(due, error, Date.now(), attempt.uncertainSince);
      if (later) {
        await this.publisher.publish(later.event, { scheduledEnqueueTime: later.at });
        this.metrics.builds.inc({ rule: slot.build.ruleName, outcome: 'retry-later' });
        log.warn(
          {
            err: error,
            retryAt: later.at.toISOString(),
            attempt: later.attempt,
            of: maxLaterAttempts,
            laterMessageId: later.event.id,
            ...(attempt.uncertainSince !== undefined && { uncertainSince: new Date(attempt.uncertainSince).toISOString() }),
          },
          error instanceof LockBudgetExceededError
            ? 'Azure DevOps answered too slowly to queue inside the message lock; trying this build again later'
            : 'Azure DevOps is throttling or unavailable; trying this build again later',
        );
        return undefined;
      }
      this.metrics.builds.inc({ rule: slot.build.ruleName, outcome: 'failed' });
      const mapped = toHandlerError(error, slot.build, this.clients.isAllowed(slot.organizationUrl));
      // The cause too: the mapped message says what to change, the original what Azure DevOps answered.
      if (mapped instanceof PermanentError) log.error({ code: mapped.code, err: mapped, ...(mapped !== error && { cause: error }) }, 'build cannot be queued; dead-lettering');
      else log.warn({ err: error }, 'queueing failed; the bus will redeliver');
      throw mapped;
    }
  }

  private async queueOnce(due: DueEvent, slot: DueBuild, log: Logger, queueBy: number, attempt: AttemptState): Promise<Build> {
    const { build: plan, tag } = slot;
    const client = this.clients.for(plan, slot.organizationUrl);
    let definition = await resolveDefinition(client, plan);
    const existing = await this.buildsTagged(client, plan.project, tag);
    let build = existing[0];
    let pullRequest = slotMerge(slot);
    // Only after an earlier try's queue request whose outcome is unknown: the build it may have made.
    const uncertain = build ? undefined : await this.uncertainBuild(client, due, plan, definition.id);
    if (build) {
      this.metrics.builds.inc({ rule: plan.ruleName, outcome: 'already-queued' });
      log.info({ buildId: build.id }, 'build already queued for this merge; not queueing again');
      const queuedWith = taggedMerge(build, slot);
      if (!queuedWith) {
        // Naming this message's merge could contradict the outcome sent when the build was queued.
        log.warn({ buildId: build.id, tags: build.tags }, 'the build carries no single pr:<repository>!<id> tag, so which merge it was queued with is unknown; BuildQueued is not sent again');
        return build;
      }
      pullRequest = queuedWith;
    } else if (uncertain) {
      build = await this.adopt(client, slot, uncertain.build, uncertain.since, log);
    } else {
      if (Date.now() > queueBy) throw new LockBudgetExceededError(Date.now() - queueBy + this.queueDeadlineMs);
      try {
        build = await this.queue(client, slot, definition.id, attempt);
      } catch (error) {
        // A definition found by name may have been deleted and re-created since (same name, new id).
        const renamed = typeof plan.definition === 'string' && isAzureDevOpsError(error) && error.code === AzureDevOpsErrorCodes.NOT_FOUND;
        if (!renamed) throw error;
        const current = await resolveDefinition(client, plan, { refresh: true });
        if (current.id === definition.id) throw error;
        log.info({ definitionId: current.id, previousDefinitionId: definition.id }, 'definition has a new id; queueing with it');
        if (Date.now() > queueBy) throw new LockBudgetExceededError(Date.now() - queueBy + this.queueDeadlineMs);
        definition = current;
        build = await this.queue(client, slot, definition.id, attempt);
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
    await this.publisher.publish(buildQueuedEvent(due, slot, definition, build, pullRequest));
    return build;
  }

  private async queue(client: OrganizationClient, slot: DueBuild, definitionId: number, attempt: AttemptState): Promise<Build> {
    const { build: plan } = slot;
    const requestedAt = Date.now();
    try {
      return await client.queueBuild({
        project: plan.project,
        definitionId,
        sourceBranch: plan.sourceBranch,
        templateParameters: Object.keys(plan.parameters).length > 0 ? plan.parameters : undefined,
        tags: slotTags(slot),
        // Azure DevOps has no reason for "queued by another service"; manual is what a REST queue gets by default.
        reason: 'manual',
        // Warnings (typically: the agents that could run it are offline) do not stop a queue by hand either.
        ignoreWarnings: true,
      });
    } catch (error) {
      // The build may exist, untagged: the later copy looks for it (uncertain-queue.ts) before queueing.
      if (isOutcomeUnknown(error)) attempt.uncertainSince ??= requestedAt;
      throw error;
    }
  }

  private async uncertainBuild(client: OrganizationClient, due: DueEvent, plan: DueBuild['build'], definitionId: number): Promise<{ build: Build; since: Date } | undefined> {
    const since = uncertainSinceOf(due);
    if (!since) return undefined;
    const build = await findUncertainBuild(client, { project: plan.project, definitionId, sourceBranch: plan.sourceBranch, templateParameters: plan.parameters, since });
    return build && { build, since };
  }

  /**
   * Takes over the build an earlier, uncertain queue request of this slot created: tags it as queueBuild
   * would have. A tag call that fails for now is thrown, and the slot is tried again later, which finds
   * the same untagged build (the uncertainty is kept in the later copy's metadata). One refused for good
   * (403: no "Edit build quality") leaves the build adopted but untagged, as queueBuild does.
   */
  private async adopt(client: OrganizationClient, slot: DueBuild, found: Build, uncertainSince: Date, log: Logger): Promise<Build> {
    const { build: plan } = slot;
    let adopted: Build;
    try {
      adopted = { ...found, tags: await client.addBuildTags(plan.project, found.id, slotTags(slot)) };
    } catch (error) {
      if (!isAzureDevOpsError(error) || !isPermanent(error)) throw error;
      adopted = { ...found, tagsNotApplied: { code: error.code, message: error.message } };
    }
    this.metrics.builds.inc({ rule: plan.ruleName, outcome: 'adopted' });
    log.info(
      { buildId: found.id, queueTime: found.queueTime, uncertainSince: uncertainSince.toISOString(), organizationUrl: plan.organizationUrl, project: plan.project },
      'adopted the build the uncertain queue request created',
    );
    if (adopted.tagsNotApplied) {
      log.warn(
        { buildId: found.id, code: adopted.tagsNotApplied.code, reason: adopted.tagsNotApplied.message },
        'adopted build, but its tags could not be added; a later copy of this merge will not recognise it (grant "Edit build quality" if the reason is 403)',
      );
    } else {
      await this.reportDuplicates(client, plan.project, slot.tag, adopted, log, plan.ruleName);
    }
    return adopted;
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

/** The tags that mark a build as this slot's (the first is the idempotency tag). */
function slotTags(slot: DueBuild): string[] {
  const { build: plan, tag } = slot;
  return [tag, traceTag, `${traceTag}-rule:${plan.ruleName}`, pullRequestTag(slot.latest)];
}
