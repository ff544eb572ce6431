import { ADMIN_KEY_HEADER, DEAD_LETTER_ADMIN_PATH, type SubscriptionDeadLetters } from '@switchyard/messaging';
import { CliError } from '../cli/cli-error';
import type { DeadLetterSource, ResubmitResult } from './dead-letter-source.port';

/** Talks to `registerDeadLetterAdminRoutes` in a running process (how the embedded bus is reached). */
export function adminApiSource(baseUrl: string, key: string, fetchImpl: typeof fetch = fetch): DeadLetterSource {
  const base = parseBaseUrl(baseUrl);
  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const url = new URL(path, base);
    let response: Response;
    try {
      response = await fetchImpl(url, { ...init, headers: { ...(init.headers as Record<string, string>), [ADMIN_KEY_HEADER]: key, accept: 'application/json' } });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CliError('CLI.UNREACHABLE', `Cannot reach ${base.origin} (${cause}); is the switchyard process (npm start) running there?`);
    }
    const body = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
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
    return body as T;
  };
  return {
    async list(subscription, showBody, page = {}) {
      const query = new URLSearchParams();
      if (subscription) query.set('subscription', subscription);
      if (showBody) query.set('showBody', 'true');
      if (page.limit !== undefined) query.set('limit', String(page.limit));
      if (page.after !== undefined) query.set('after', page.after);
      const suffix = query.size > 0 ? `?${query}` : '';
      const answer = await call<{ subscriptions: SubscriptionDeadLetters[] }>(`${base.pathname.replace(/\/$/, '')}${DEAD_LETTER_ADMIN_PATH}${suffix}`);
      return answer.subscriptions;
    },
    async resubmit(subscription, ids) {
      return call<ResubmitResult>(`${base.pathname.replace(/\/$/, '')}${DEAD_LETTER_ADMIN_PATH}/resubmit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ids ? { subscription, ids } : { subscription, all: true }),
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

function parseBaseUrl(value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new CliError('CLI.INVALID_URL', `--url / SWITCHYARD_URL must be an http(s) URL such as http://127.0.0.1:8080 (got "${value}")`, true);
  }
  // Errors print the URL requested (fetch would refuse credentials in it anyway); the key goes in a header.
  if (url.username || url.password) {
    throw new CliError('CLI.INVALID_URL', '--url / SWITCHYARD_URL must not contain a user name or password; pass the key in SWITCHYARD_ADMIN_KEY (or --key)', true);
  }
  return url;
}
