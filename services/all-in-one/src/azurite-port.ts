import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAzurite, type RunningAzurite, type StartAzuriteOptions } from '@switchyard/azurite';

/**
 * Starts Azurite on the port it had the last time it ran on these files, when it is free: the badge
 * index and the gallery keep absolute badge URLs, which a new port each run would break. A free port
 * otherwise (and it is remembered for the next run).
 */
export async function startAzuriteOnItsPort(options: StartAzuriteOptions): Promise<RunningAzurite> {
  if (!options.location) return startAzurite(options);
  const file = join(options.location, 'blob-port');
  const remembered = readPort(file);
  let azurite: RunningAzurite;
  try {
    azurite = await startAzurite({ ...options, ...(remembered !== undefined && { blobPort: remembered }) });
  } catch (error) {
    if (remembered === undefined) throw error;
    azurite = await startAzurite(options);
  }
  writeFileSync(file, String(azurite.blobPort));
  return azurite;
}

function readPort(file: string): number | undefined {
  try {
    const port = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  } catch {
    return undefined;
  }
}
