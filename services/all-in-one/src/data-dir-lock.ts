import { closeSync, linkSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolder } from '@switchyard/azurite';
import { LocalRunConfigError } from './azurite-options';

export interface DataDirLock {
  release(): void;
}

/**
 * One local run per data folder: two Azurite processes on the same files overwrite each other's
 * metadata, and badges go missing. The lock file holds the owner's pid (another run in this same
 * process counts too); a lock whose process is gone (a run that was killed) is taken over.
 */
export function lockDataDir(dataDir: string, pid = process.pid): DataDirLock {
  const file = join(dataDir, 'switchyard.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      makeFolder(dataDir);
      takeLock(file, pid);
      return { release: () => releaseIfOurs(file, pid) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unusable(dataDir, error);
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new LocalRunConfigError(
          'SWITCHYARD_DATA_DIR',
          // A run killed without a stop leaves its lock behind, and its pid may be some other process's by now.
          `another switchyard run (pid ${holder}) uses ${dataDir}; stop it, or give this run its own folder with SWITCHYARD_DATA_DIR (and its own PORT). ` +
            `If pid ${holder} is no switchyard run, delete ${file}.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new LocalRunConfigError('SWITCHYARD_DATA_DIR', `could not lock ${dataDir}: another run took it at the same moment; try again.`);
}

/**
 * Creates the lock file with the pid already in it: written to a file of its own and linked into place
 * (which fails with EEXIST when the lock exists), so no other run can read it empty, take it for a
 * stale one and take it over. On a file system without hard links, created exclusively and then written.
 */
function takeLock(file: string, pid: number): void {
  const own = `${file}.${pid}`;
  writeFileSync(own, String(pid));
  try {
    linkSync(own, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
    const fd = openSync(file, 'wx');
    writeFileSync(fd, String(pid));
    closeSync(fd);
  } finally {
    rmSync(own, { force: true });
  }
}

/** The folder cannot hold the run's state (not writable, or a file in its path): say which variable moves it. */
function unusable(dataDir: string, error: unknown): LocalRunConfigError {
  const reason = (error as Error | undefined)?.message ?? String(error);
  return new LocalRunConfigError(
    'SWITCHYARD_DATA_DIR',
    `cannot keep the local run's data in ${dataDir} (${reason}): make it a folder you can write to, or set SWITCHYARD_DATA_DIR to one.`,
  );
}

function releaseIfOurs(file: string, pid: number): void {
  try {
    if (Number(readFileSync(file, 'utf8').trim()) === pid) rmSync(file, { force: true });
  } catch {
    // Already gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
