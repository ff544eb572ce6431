export interface PublishFailure {
  /** HTTP status as text, or "network" when no response came back (refused, reset, timed out). */
  status: string;
  retryable: boolean;
  message: string;
}

/**
 * Decides whether a failed send is worth retrying: no response, 408, 429 and 5xx are transient;
 * other 4xx mean the request itself is wrong (bad key, too large) and retrying cannot help.
 */
export function classifyFailure(error: unknown, secret?: string): PublishFailure {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  const raw = error instanceof Error ? error.message : String(error);
  // The SDK may echo response bodies; make sure the access key can never reach a log line.
  const message = (secret ? raw.split(secret).join('[redacted]') : raw).slice(0, 300);
  if (typeof statusCode !== 'number') return { status: 'network', retryable: true, message };
  const retryable = statusCode === 408 || statusCode === 429 || statusCode >= 500;
  return { status: String(statusCode), retryable, message };
}
