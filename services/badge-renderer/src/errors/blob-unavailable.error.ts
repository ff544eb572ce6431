/** What a storage failure says about the settings: the variable to check, and what to check in it. */
export interface StorageSettingHint {
  variable: string;
  hint: string;
}

/** Blob storage could not be reached or refused a request for a transient reason; retrying may help. */
export class BlobUnavailableError extends Error {
  readonly code = 'BLOB_UNAVAILABLE';
  override readonly name = 'BlobUnavailableError';
  /** The storage variable to check, when the failure points at one (a refused credential, an endpoint that does not answer). */
  readonly variable?: string;

  constructor(
    readonly operation: string,
    readonly path: string,
    detail: string,
    setting?: StorageSettingHint,
  ) {
    super(`Blob storage ${operation} of "${path}" failed: ${detail}${setting ? `: ${setting.hint}` : ''}`);
    if (setting) this.variable = setting.variable;
  }
}
