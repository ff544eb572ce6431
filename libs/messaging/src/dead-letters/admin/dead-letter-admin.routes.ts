import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Bus } from '../../bus/bus.port';
import type { DeadLetterQueue } from '../dead-letter.port';
import { InvalidDeadLetterPageError } from '../invalid-dead-letter-page.error';
import { ADMIN_KEY_HEADER } from './admin-key';
import { toDeadLetterView, type SubscriptionDeadLetters } from './dead-letter-view';
import { InvalidAdminQueryError } from './invalid-admin-query.error';
import { listQuery } from './list-query';
import { pageQuery } from './page-query';
import { purgeDeadLetters } from './purge-dead-letters';
import { resubmitDeadLetters } from './resubmit-dead-letters';
import { refOf, resolveSubscriptions, SubscriptionRefError } from './subscription-ref';

export const DEAD_LETTER_ADMIN_PATH = '/admin/dead-letters';

export interface DeadLetterAdminOptions {
  /** Decides whether a request may list, resubmit or purge; a throw counts as "no". */
  authenticate: (request: FastifyRequest) => boolean | Promise<boolean>;
  /**
   * Fastify onRequest hook(s) run on every route before `authenticate`: for a rule that refuses with
   * its own status and body (the ingress answers plain HTTP under REQUIRE_HTTPS with its 403 problem,
   * which a false from `authenticate` would turn into a 401 asking for a key).
   */
  onRequest?: onRequestHookHandler | onRequestHookHandler[];
}

/** The body of a resubmit or purge: one subscription, and which of its dead letters. */
interface SelectionRequest {
  subscription: string;
  ids?: string[];
  all: boolean;
}

/**
 * The dead-letter admin API the `dead-letters` CLI talks to when the bus lives inside a running
 * process (the embedded bus of `npm start`); it works on a Service Bus bus too.
 * - GET  /admin/dead-letters[?subscription=topic/name][&showBody=true|false][&limit=1..1000][&after=<next>]
 *   (one page per subscription, 100 by default, each with `next` when more may follow; any other
 *   parameter is a 400)
 * - POST /admin/dead-letters/resubmit  {"subscription":"topic/name","ids":[...]} or {"subscription":…,"all":true}
 * - POST /admin/dead-letters/purge     the same body; deletes them for good (logged per dead letter)
 * Call before `listen()`.
 */
export function registerDeadLetterAdminRoutes(fastify: FastifyInstance, bus: Bus, options: DeadLetterAdminOptions): void {
  const routeOptions = options.onRequest ? { onRequest: options.onRequest } : {};
  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    let allowed = false;
    try {
      allowed = await options.authenticate(request);
    } catch {
      allowed = false;
    }
    if (!allowed) {
      const sent = request.headers[ADMIN_KEY_HEADER] !== undefined;
      const message = sent
        ? 'The key in X-Hook-Key is not one of this process\'s hook keys (HOOK_KEYS, or the key npm start printed); send one of those (the CLI: --key or SWITCHYARD_ADMIN_KEY)'
        : 'Send a hook key in an X-Hook-Key header (the CLI: --key or SWITCHYARD_ADMIN_KEY)';
      await reply.code(401).send(problem('MESSAGING.ADMIN_UNAUTHORIZED', message));
    }
    return allowed;
  };

  fastify.get(DEAD_LETTER_ADMIN_PATH, routeOptions, async (request, reply) => {
    if (!(await guard(request, reply))) return reply;
    const query = request.query as Record<string, unknown>;
    const listed = resolveOr400(reply, () => listQuery(query));
    if (!listed) return reply;
    const specs = resolveOr400(reply, () => resolveSubscriptions(bus.topology, listed.subscription));
    if (!specs) return reply;
    const page = resolveOr400(reply, () => pageQuery(query));
    if (!page) return reply;
    const { showBody } = listed;
    const subscriptions: SubscriptionDeadLetters[] = [];
    for (const spec of specs) {
      const found = await bus.deadLetters(spec.topic, spec.name).list(page);
      const listed: SubscriptionDeadLetters = { subscription: refOf(spec), deadLetters: found.map((d) => toDeadLetterView(d, showBody)) };
      if (found.next !== undefined) listed.next = found.next;
      subscriptions.push(listed);
    }
    return reply.send({ subscriptions });
  });

  /**
   * A POST route acting on the dead letters its body selects in one subscription: the key is checked,
   * then the body (400 `invalidCode` naming what to send), then the subscription (400 when unknown).
   */
  const selectionRoute = (
    verb: 'resubmit' | 'purge',
    invalidCode: string,
    act: (queue: DeadLetterQueue, subscription: string, body: SelectionRequest) => Promise<unknown>,
  ) =>
    fastify.post(`${DEAD_LETTER_ADMIN_PATH}/${verb}`, routeOptions, async (request, reply) => {
      if (!(await guard(request, reply))) return reply;
      const body = parseSelection(request.body, verb);
      if (typeof body === 'string') return reply.code(400).send(problem(invalidCode, body));
      const specs = resolveOr400(reply, () => resolveSubscriptions(bus.topology, body.subscription));
      if (!specs) return reply;
      const [spec] = specs;
      return reply.send(await act(bus.deadLetters(spec.topic, spec.name), refOf(spec), body));
    });

  selectionRoute('resubmit', 'MESSAGING.INVALID_RESUBMIT', (queue, subscription, body) =>
    resubmitDeadLetters(queue, subscription, body.all ? undefined : body.ids),
  );
  selectionRoute('purge', 'MESSAGING.INVALID_PURGE', (queue, subscription, body) =>
    purgeDeadLetters(queue, subscription, body.all ? { all: true } : { ids: body.ids ?? [] }),
  );
}

function resolveOr400<T>(reply: FastifyReply, resolve: () => T): T | undefined {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof InvalidDeadLetterPageError || error instanceof InvalidAdminQueryError) {
      void reply.code(400).send({ ...problem(error.code, error.message), parameter: error.parameter });
      return undefined;
    }
    if (!(error instanceof SubscriptionRefError)) throw error;
    void reply.code(400).send(problem(error.code, error.message));
    return undefined;
  }
}

/**
 * A resubmit or purge body, or what is wrong with it: it must name its dead letters, never select all
 * by default. The ingress hands JSON bodies over as raw bytes.
 */
function parseSelection(raw: unknown, verb: 'resubmit' | 'purge'): SelectionRequest | string {
  let body = raw;
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    try {
      body = JSON.parse(body.toString());
    } catch {
      return 'The body must be JSON: {"subscription":"topic/name","ids":["<message id>"]} or {"subscription":"topic/name","all":true}';
    }
  }
  const value = (body ?? {}) as Partial<SelectionRequest>;
  if (typeof value.subscription !== 'string' || !value.subscription) return '"subscription" (topic/name) is required';
  const ids = value.ids;
  if (ids !== undefined && (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && id))) return '"ids" must be a list of message ids';
  const hasIds = Array.isArray(ids) && ids.length > 0;
  if (value.all === true && hasIds) return 'Give either "ids" or "all": true, not both';
  if (value.all !== true && !hasIds) return `Say which dead letters to ${verb}: "ids": [...] or "all": true`;
  return { subscription: value.subscription, ids, all: value.all === true };
}

function problem(code: string, message: string) {
  return { code, message };
}
