/**
 * Azurite did not come up; `code` says whether it failed, never answered, or was asked for
 * something impossible, and `message` what to check.
 */
export class AzuriteStartError extends Error {
  override readonly name = 'AzuriteStartError';

  constructor(
    readonly code: 'AZURITE_START_FAILED' | 'AZURITE_START_TIMEOUT' | 'AZURITE_OPTIONS_INVALID',
    message: string,
  ) {
    super(message);
  }
}
