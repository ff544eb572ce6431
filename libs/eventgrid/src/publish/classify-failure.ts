import { isCredentialFailure } from '@switchyard/env-config';
import { retryAfterMs } from './retry-after';

export interface PublishFailure {
  /**
   * HTTP status as text; "network" when no response came back (refused, reset, timed out);
   * "credential" when no Entra ID token could be had, so no request was sent at all.
   */
  status: string;
  retryable: boolean;
  message: string;
  /** How long the answer asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
}

/**
 * Decides whether a failed send is worth retrying: no response, 408, 429 and 5xx are transient;
 * other 4xx mean the request itself is wrong (bad key, too large) and retrying cannot help.
 * `secret` is the access key when one is used: it is masked out, and it decides the hint on 401/403.
 */
export function classifyFailure(error: unknown, secret?: string): PublishFailure {
  const raw = error instanceof Error ? error.message : String(error);
  // The SDK may echo response bodies; make sure the access key can never reach a log line.
  const masked = (secret ? raw.split(secret).join('[redacted]') : raw).slice(0, 300);
  if (isCredentialFailure(error)) {
    return { status: 'credential', retryable: true, message: `no Entra ID token for Event Grid (EVENTGRID_KEY is unset, so DefaultAzureCredential is used): ${masked}` };
  }
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode !== 'number') return { status: 'network', retryable: true, message: masked };
  const retryable = statusCode === 408 || statusCode === 429 || statusCode >= 500;
  const hint = hintFor(statusCode, secret !== undefined);
  const message = [hint, masked].filter(Boolean).join('; ');
  const wait = retryable ? retryAfterMs(error) : undefined;
  return { status: String(statusCode), retryable, message, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
}

// What an operator has to change; Event Grid's own message (often empty on 404) rarely says.
function hintFor(statusCode: number, withKey: boolean): string | undefined {
  if (statusCode === 401 || statusCode === 403) {
    return withKey
      ? 'the topic refused EVENTGRID_KEY: set it to a current access key of the topic, or unset it to use workload identity'
      : 'the topic refused the Entra ID token; give the workload identity the "EventGrid Data Sender" role on the topic';
  }
  if (statusCode === 404) return 'no topic at EVENTGRID_ENDPOINT: set it to the topic endpoint shown by `az eventgrid topic show --query endpoint`';
  return undefined;
}
