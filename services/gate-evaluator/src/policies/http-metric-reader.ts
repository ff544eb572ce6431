import { quotedUrl } from '@switchyard/contracts';
import type { MetricReader } from '@switchyard/gates';
import type { MetricAllowList } from '../config/metric-allow-list';

const MAX_BYTES = 1024 * 1024;

/** Reads JSON from allow-listed metric URLs: no redirects, a timeout and a size cap. */
export class HttpMetricReader implements MetricReader {
  constructor(
    private readonly allowList: MetricAllowList,
    private readonly timeoutMs = 5000,
  ) {}

  async readJson(url: string): Promise<unknown> {
    if (!this.allowList.isAllowed(url)) throw new Error(`${quotedUrl(url)} is not in ALLOWED_METRIC_URLS`);
    const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_BYTES) {
      await response.body?.cancel();
      throw new Error(`the answer is larger than ${MAX_BYTES} bytes`);
    }
    const text = await readCapped(response);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error('the answer is not JSON');
    }
  }
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
  return Buffer.concat(chunks).toString('utf8');
}
