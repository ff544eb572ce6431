import { join } from 'node:path';
import type { StartAzuriteOptions } from '@switchyard/azurite';

/** A local-run setting is malformed; `variable` names it. */
export class LocalRunConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  override readonly name = 'LocalRunConfigError';

  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How the local run starts Azurite. By default blobs persist under `<dataDir>/azurite`.
 * `SWITCHYARD_AZURITE_MEMORY=true` keeps them in memory only (gone at exit): Azurite then never
 * pauses to save its metadata databases, which is what the badge latency bench measures against.
 */
export function azuriteOptionsFromEnv(env: Record<string, string | undefined>, dataDir: string): StartAzuriteOptions {
  const raw = env['SWITCHYARD_AZURITE_MEMORY']?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false') return { location: join(dataDir, 'azurite') };
  if (raw === 'true') return { inMemory: true };
  throw new LocalRunConfigError(
    'SWITCHYARD_AZURITE_MEMORY',
    `SWITCHYARD_AZURITE_MEMORY must be "true" or "false" (got "${env['SWITCHYARD_AZURITE_MEMORY']}").`,
  );
}
