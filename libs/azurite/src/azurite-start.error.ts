/** Azurite did not come up; `code` says whether it failed or never answered, `message` what to check. */
export class AzuriteStartError extends Error {
  override readonly name = 'AzuriteStartError';

  constructor(
    readonly code: 'AZURITE_START_FAILED' | 'AZURITE_START_TIMEOUT',
    message: string,
  ) {
    super(message);
  }
}
