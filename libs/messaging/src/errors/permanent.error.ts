import { RpcException } from '@nestjs/microservices';

const PERMANENT = Symbol.for('switchyard.messaging.permanent-error');

/**
 * Thrown by a handler when retrying cannot help (bad data, a refused request): the message is
 * dead-lettered at once with `code` as reason. Extends RpcException so Nest's exception filter
 * hands our marker through instead of turning it into "Internal server error".
 */
export class PermanentError extends RpcException {
  readonly [PERMANENT] = true;

  constructor(
    readonly code: string,
    message: string,
  ) {
    super({ status: 'error', code, message, [PERMANENT]: true });
    this.message = message;
    this.name = 'PermanentError';
  }
}

/** The reason and description of a permanent failure, whether it arrived as the error or as Nest's copy of it. */
export function asPermanentFailure(error: unknown): { code: string; message: string } | undefined {
  if (typeof error !== 'object' || error === null || !(PERMANENT in error)) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return { code: String(code), message: String(message) };
}
