import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AzuriteStartError, startAzurite, type RunningAzurite, type StartAzuriteOptions } from '@switchyard/azurite';

/**
 * Starts Azurite on the port it had the last time it ran on these files, when it is free: the badge
 * index and the gallery keep absolute badge URLs, which a new port each run would break. A free port
 * when another process holds it (remembered for the next run), with a warning: the stored URLs still
 * name the old port. Any other failure stops the start.
 */
export async function startAzuriteOnItsPort(options: StartAzuriteOptions, warn: (line: string) => void): Promise<RunningAzurite> {
  if (!options.location) return startAzurite(options);
  const file = join(options.location, 'blob-port');
  const remembered = readPort(file);
  let azurite: RunningAzurite;
  try {
    azurite = await startAzurite({ ...options, ...(remembered !== undefined && { blobPort: remembered }) });
  } catch (error) {
    if (remembered === undefined || !/EADDRINUSE/.test((error as Error).message)) throw dataDirHint(error, options.location);
    azurite = await startAzurite(options).catch((again: unknown) => {
      throw dataDirHint(again, options.location as string);
    });
    warn(
      `azurite's port ${remembered} is in use by another process, so it listens on ${azurite.blobPort} this run: badge URLs ` +
        `stored earlier (index.json, the gallery, copied markdown) still name port ${remembered}. To keep them working, free ` +
        `port ${remembered} and restart switchyard.`,
    );
  }
  writeFileSync(file, String(azurite.blobPort));
  return azurite;
}

/** Azurite's folder lies under SWITCHYARD_DATA_DIR: name the setting that moves it. */
function dataDirHint(error: unknown, location: string): unknown {
  if (!(error instanceof AzuriteStartError) || error.code !== 'AZURITE_START_FAILED') return error;
  return Object.assign(
    new Error(`${error.message.trimEnd()} (Azurite's folder ${location} is under SWITCHYARD_DATA_DIR: set it to another folder to start with no badges.)`, { cause: error }),
    { code: error.code },
  );
}

function readPort(file: string): number | undefined {
  try {
    const port = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  } catch {
    return undefined;
  }
}
