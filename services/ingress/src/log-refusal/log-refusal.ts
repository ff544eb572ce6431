import type { FastifyRequest } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { hookKeyNameOf } from '../authenticate-hook-key/hook-key.context';
import { organizationOf } from '../key-organizations/organization-of';
import { problemCodeOf } from '../problem/problem-code.context';
import { CLOSED_BEFORE_ANSWER, CLOSED_BEFORE_ANSWER_CODE } from '../request-context/closed-before-answer';
import { requestSlot } from '../request-context/request-slot';

/** How long after a key's RATE_LIMITED warn line its further RATE_LIMITED refusals are logged at debug. */
export const RATE_LIMITED_WARN_INTERVAL_MS = 60_000;

/** What the refusal of a bound key's request for another organization adds to its line. */
const refusedOrganization = requestSlot<Record<string, unknown>>('switchyard.refusedOrganization');

/**
 * Records, for the refusal's one log line, the organization a key HOOK_KEY_ORGANIZATIONS binds claimed
 * (`url`: a hook's organization URL, a check's PlanUrl; undefined when none could be derived) and the
 * `fields` only the refusing step knows (a hook's event id and type).
 */
export function setRefusedOrganization(request: FastifyRequest, url: string | undefined, fields?: Record<string, unknown>): void {
  // Shown as in the answer: the URL is the caller's text, and a token-shaped segment is left out.
  refusedOrganization.set(request, { ...fields, organizationUrl: (url !== undefined && organizationOf(url)?.shown) || 'none' });
}

/**
 * Logs the refusals of a keyed route with their status, problem code and key name, never a header
 * value or the body: at warn when the caller had a valid hook key, since the sender (Azure DevOps,
 * Azure Pipelines) shows the refusal nowhere an operator looks; at debug otherwise, since anyone can
 * send those and a warn line each would let them fill the logs. RATE_LIMITED gets one warn line per key
 * and minute, counting the refusals since the previous one: the limit has to bound the logs of a
 * sender that is over it too, a leaked key's holder included.
 */
export class RefusalLog {
  // Only a request with a valid key can be RATE_LIMITED: one entry per configured key at most.
  private readonly rateLimited = new Map<string, { warnedAt: number; since: number }>();

  private readonly message: string;
  private readonly closedMessage: string;

  /** `subject`: what the route receives (`service hook`, in `service hook refused`); `now`: milliseconds on a monotonic clock (see KeyRateLimiter). */
  constructor(
    private readonly logger: Logger,
    subject: string,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.message = `${subject} refused`;
    this.closedMessage = `${subject} not answered: the sender closed the connection first`;
  }

  /**
   * `context` names the route's own fields (a check's policy and mode). A request whose connection closed
   * before its answer (CLOSED_BEFORE_ANSWER) gets a line of its own: it was not refused.
   */
  refused(request: FastifyRequest, status: number, context?: Record<string, unknown>): void {
    const keyName = hookKeyNameOf(request);
    if (keyName === undefined && !this.logger.isLevelEnabled('debug')) return;
    const code = status === CLOSED_BEFORE_ANSWER ? CLOSED_BEFORE_ANSWER_CODE : problemCodeOf(request);
    const fields = { ...context, ...refusedOrganization.get(request), status, code, keyName };
    if (status === CLOSED_BEFORE_ANSWER) this.logger[keyName === undefined ? 'debug' : 'warn'](fields, this.closedMessage);
    else if (keyName === undefined) this.logger.debug(fields, this.message);
    else if (code === 'RATE_LIMITED') this.rateLimitedRefusal(keyName, fields);
    else this.logger.warn(fields, this.message);
  }

  private rateLimitedRefusal(keyName: string, fields: Record<string, unknown>): void {
    const now = this.now();
    const last = this.rateLimited.get(keyName);
    // A clock that went back (now before warnedAt) would otherwise hold the key's warn lines back for as long as the step.
    if (last !== undefined && now >= last.warnedAt && now - last.warnedAt < RATE_LIMITED_WARN_INTERVAL_MS) {
      last.since += 1;
      this.logger.debug(fields, this.message);
      return;
    }
    this.rateLimited.set(keyName, { warnedAt: now, since: 0 });
    // This refusal and those logged at debug since the key's previous warn line.
    this.logger.warn({ ...fields, refusals: (last?.since ?? 0) + 1 }, this.message);
  }
}
