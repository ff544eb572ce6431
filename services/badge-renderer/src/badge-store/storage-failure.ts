import { RestError } from '@azure/storage-blob';
import { BlobContainerMissingError } from '../errors/blob-container-missing.error';
import { BlobRequestRejectedError } from '../errors/blob-request-rejected.error';
import { BlobUnavailableError } from '../errors/blob-unavailable.error';
import { StorageDeadlineError } from './storage-deadline.error';
import type { StorageOrigin } from './storage-origin';
import { storageSettingHint } from './storage-setting-hint';

/** The service's error code; a HEAD response has no body, so it comes from `x-ms-error-code` then. */
export function storageCodeOf(error: unknown): string | undefined {
  if (!(error instanceof RestError)) return undefined;
  return error.code ?? (error.details as { errorCode?: string } | undefined)?.errorCode;
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : undefined;
}

export function isContainerMissing(error: unknown): boolean {
  return statusOf(error) === 404 && storageCodeOf(error) === 'ContainerNotFound';
}

// 401/403: credentials or role assignments, which someone can fix; 408 and 429: timeout and
// throttling. 404, 409 and 412 are answers the callers handle (absent blob, failed condition).
const RETRYABLE_CLIENT_ERRORS = new Set([401, 403, 404, 408, 409, 412, 429]);

// Only the status and the service's error code go into our errors: a RestError's message and
// request can carry the URL, and with a SAS connection string the URL carries the signature.
function describe(error: unknown): string {
  if (error instanceof RestError) return `${error.statusCode ?? 'no response'} ${storageCodeOf(error) ?? error.name}`;
  if (error instanceof StorageDeadlineError) return error.message;
  if (error instanceof Error && 'code' in error) return String((error as { code: unknown }).code);
  return error instanceof Error ? error.name : 'unknown error';
}

/**
 * The error to throw for a failed storage request: the container is gone (re-created, then
 * retried), the request itself is invalid (dead-lettered), or anything else (retried), which says
 * what to check in the storage settings of `origin` when it points at them.
 */
export function storageFailure(container: string, operation: string, path: string, error: unknown, origin?: StorageOrigin): Error {
  if (isContainerMissing(error)) return new BlobContainerMissingError(container, operation, path);
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500 && !RETRYABLE_CLIENT_ERRORS.has(status)) {
    return new BlobRequestRejectedError(operation, path, status, storageCodeOf(error));
  }
  const hint = origin && storageSettingHint(error, origin, container);
  return new BlobUnavailableError(operation, path, describe(error), origin && hint ? { variable: origin.variable, hint } : undefined);
}
