/** A storage operation that got no answer in time (the SDK's own error says only "aborted"). */
export class StorageDeadlineError extends Error {
  override readonly name = 'StorageDeadlineError';

  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000} s`);
  }
}
