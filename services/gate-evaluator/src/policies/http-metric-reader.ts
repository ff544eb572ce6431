import { quotedUrl } from '@switchyard/contracts';
import type { MetricReader } from '@switchyard/gates';
import type { MetricAllowList } from '../config/metric-allow-list';

const MAX_BYTES = 1024 * 1024;

/**
 * Reads JSON from allow-listed metric URLs: no redirects, a timeout and a size cap. Its errors become
 * the check's "waiting" reason on the run page, so each says what happened (and, where the policy can
 * change it, what to do): fetch's own "fetch failed" would read the same for a redirect, a name that
 * does not resolve and a refused connection.
 */
export class HttpMetricReader implements MetricReader {
  constructor(
    private readonly allowList: MetricAllowList,
    private readonly timeoutMs = 5000,
  ) {}

  async readJson(url: string): Promise<unknown> {
    if (!this.allowList.isAllowed(url)) throw new Error(`${quotedUrl(url)} is not in ALLOWED_METRIC_URLS`);
    // Redirects are answered, not followed: their target may lie outside ALLOWED_METRIC_URLS.
    const response = await this.transport(fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } }));
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new Error(redirectReason(response));
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_BYTES) {
      await response.body?.cancel();
      throw new Error(`the answer is larger than ${MAX_BYTES} bytes`);
    }
    const text = await this.transport(readCapped(response));
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error('the answer is not JSON');
    }
  }

  /** The request or the reading of its answer, whose timeout or connection failure is told with its cause. */
  private async transport<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      throw this.transportError(error);
    }
  }

  /** A timeout or a connection failure, with its cause (never the URL's query: causes name hosts and errno codes only). */
  private transportError(error: unknown): Error {
    const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: { message?: unknown } };
    if (name === 'TimeoutError') return new Error(`no complete answer within ${this.timeoutMs} ms`);
    if (typeof cause?.message === 'string' && cause.message) return new Error(`the request failed: ${cause.message}`);
    return error instanceof Error ? error : new Error(String(message ?? error));
  }
}

function redirectReason(response: Response): string {
  const location = response.headers.get('location');
  let target = '';
  if (location) {
    try {
      // Origin and path only: a redirect's query may carry a key, as the policy's own URL may.
      const url = new URL(location, response.url);
      target = ` to ${url.origin}${url.pathname}`;
    } catch {
      target = '';
    }
  }
  return `it answered HTTP ${response.status}, a redirect${target}; redirects are not followed: set the policy's url to the final URL (allowed by ALLOWED_METRIC_URLS)`;
}

// Counts bytes as they arrive: a chunked answer without Content-Length must not grow without bound.
async function readCapped(response: Response): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (!reader) return '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`the answer is larger than ${MAX_BYTES} bytes`);
    }
    chunks.push(value);
  }
  // TextDecoder drops a leading byte order mark, as Response.json() does: JSON.parse refuses one.
  return new TextDecoder().decode(Buffer.concat(chunks));
}
