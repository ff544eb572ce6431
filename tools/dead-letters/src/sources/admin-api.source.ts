import { quoteValue, withoutCredentials } from '@switchyard/env-config';
import { ADMIN_KEY_HEADER, DEAD_LETTER_ADMIN_PATH, type SubscriptionDeadLetters } from '@switchyard/messaging';
import { CliError } from '../cli/cli-error';
import type { DeadLetterSource, PurgeResult, ResubmitResult } from './dead-letter-source.port';

/** Longer than a resubmit run may take in the process (its own bound is 60 s), so only a hung process hits it. */
export const ADMIN_API_TIMEOUT_MS = 120_000;

/** Talks to `registerDeadLetterAdminRoutes` in a running process (how the embedded bus is reached). */
export function adminApiSource(baseUrl: string, key: string, timeoutMs = ADMIN_API_TIMEOUT_MS): DeadLetterSource {
  const base = parseBaseUrl(baseUrl);
  const call = async <T>(path: string, isAnswer: (body: unknown) => body is T, init: RequestInit = {}, query = new URLSearchParams()): Promise<T> => {
    const url = adminUrl(base, path, query);
    let response: Response;
    const signal = AbortSignal.timeout(timeoutMs);
    const tooSlow = () => new CliError('CLI.UNREACHABLE', `${base.origin} did not answer within ${timeoutMs / 1000} s; is the switchyard process there responsive (its /healthz)?`);
    try {
      // Not following redirects: fetch would send the key header on to whatever host the redirect names.
      const headers = { ...(init.headers as Record<string, string>), [ADMIN_KEY_HEADER]: key, accept: 'application/json' };
      response = await fetch(url, { ...init, headers, redirect: 'manual', signal });
    } catch (error) {
      if (signal.aborted) throw tooSlow();
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CliError('CLI.UNREACHABLE', `Cannot reach ${base.origin} (${cause}); is the switchyard process (npm start) running there?`);
    }
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      const to = location && URL.canParse(location, url) ? ` to ${withoutCredentials(new URL(location, url))}` : '';
      throw new CliError('CLI.ADMIN_API_REDIRECT', `${url.href} answered ${response.status}, a redirect${to}; the key is sent only to --url / SWITCHYARD_URL itself: set it to the address the process serves on`);
    }
    const body = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
    // The head came in time, the body did not: that is no answer, not a wrong one.
    if (signal.aborted) throw tooSlow();
    if (!response.ok) {
      // The admin routes answer { code, message }; the ingress answers its own refusals (404, 403
      // HTTPS_REQUIRED) as problem+json, whose text is in `detail`.
      const text = body?.detail ?? body?.message;
      const said = text ? (body?.code ? `${body.code}: ${text}` : text) : `HTTP ${response.status}`;
      // The ingress serves the admin API only on the embedded bus (npm start); on Service Bus the CLI reads the namespace.
      const detail = response.status === 404 ? `${said} (the admin API exists only in npm start; for Service Bus run the CLI with BUS=servicebus and SERVICEBUS_FQDN)` : said;
      // A limit or cursor the process refused is wrong usage (exit 2), like one the CLI refuses itself.
      const usage = body?.code === 'MESSAGING.INVALID_PAGE';
      throw new CliError(body?.code ?? 'CLI.ADMIN_API_FAILED', `${url.href} answered ${response.status}: ${detail}`, usage);
    }
    if (!isAnswer(body)) {
      throw new CliError('CLI.ADMIN_API_FAILED', `${url.href} answered ${response.status} with something other than the dead-letter admin API's JSON; is --url / SWITCHYARD_URL the switchyard process (npm start)?`);
    }
    return body;
  };
  return {
    async list(subscription, showBody, page = {}) {
      const query = new URLSearchParams();
      if (subscription) query.set('subscription', subscription);
      if (showBody) query.set('showBody', 'true');
      if (page.limit !== undefined) query.set('limit', String(page.limit));
      if (page.after !== undefined) query.set('after', page.after);
      const answer = await call('', isListAnswer, {}, query);
      return answer.subscriptions;
    },
    async resubmit(subscription, ids) {
      return call('/resubmit', isResubmitAnswer, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ids ? { subscription, ids } : { subscription, all: true }),
      });
    },
    async purge(subscription, selection) {
      return call('/purge', isPurgeAnswer, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subscription, ...selection }),
      });
    },
    close: async () => undefined,
  };
}

interface ErrorBody {
  code?: string;
  message?: string;
  detail?: string;
}

function isListAnswer(body: unknown): body is { subscriptions: SubscriptionDeadLetters[] } {
  const subscriptions = (body as { subscriptions?: unknown } | undefined)?.subscriptions;
  return Array.isArray(subscriptions) && subscriptions.every((s: Partial<SubscriptionDeadLetters>) => typeof s?.subscription === 'string' && Array.isArray(s.deadLetters));
}

function isResubmitAnswer(body: unknown): body is ResubmitResult {
  const answer = body as Partial<ResubmitResult> | undefined;
  return typeof answer?.subscription === 'string' && typeof answer.resubmitted === 'number' && Array.isArray(answer.notFound);
}

function isPurgeAnswer(body: unknown): body is PurgeResult {
  const answer = body as Partial<PurgeResult> | undefined;
  return (
    typeof answer?.subscription === 'string' &&
    Array.isArray(answer.purged) &&
    answer.purged.every((d) => typeof d?.messageId === 'string' && typeof d.reason === 'string') &&
    Array.isArray(answer.notFound)
  );
}

/**
 * The admin API under the base URL's own path. Set field by field: resolving a path string against
 * the base (`new URL(path, base)`) reads a path starting with "//" as a new host, and the key would go there.
 */
function adminUrl(base: URL, path: string, query: URLSearchParams): URL {
  const url = new URL(base);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}${DEAD_LETTER_ADMIN_PATH}${path}`;
  url.search = query.toString();
  url.hash = '';
  return url;
}

function parseBaseUrl(value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new CliError('CLI.INVALID_URL', `--url / SWITCHYARD_URL must be an http(s) URL such as http://127.0.0.1:8080 (got ${url ? `scheme "${url.protocol.slice(0, -1)}"` : quoteValue(value)})`, true);
  }
  // Errors print the URL requested (fetch would refuse credentials in it anyway); the key goes in a header.
  if (url.username || url.password) {
    throw new CliError('CLI.INVALID_URL', '--url / SWITCHYARD_URL must not contain a user name or password; pass the key in SWITCHYARD_ADMIN_KEY (or --key)', true);
  }
  // Trailing slashes ("$BASE/" on a base that has one) are harmless. A "//" before more path is a
  // typo, or a host hidden in the path (a backslash reads as "/"): refused rather than guessed at.
  // The path is not printed: a key pasted into the wrong place may be in it.
  if (url.pathname.replace(/\/+$/, '').includes('//')) {
    throw new CliError('CLI.INVALID_URL', `--url / SWITCHYARD_URL must not have an empty segment ("//") inside its path (got ${url.origin} followed by such a path); remove the extra "/"`, true);
  }
  return url;
}
