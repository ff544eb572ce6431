import type { Bus, BusOptions } from '@switchyard/messaging';
import { formatList } from '../format/format-list';
import { formatPurge } from '../format/format-purge';
import { formatResubmit } from '../format/format-resubmit';
import { chooseSource } from '../sources/choose-source';
import { CliError } from './cli-error';
import { parseArgs } from './parse-args';
import { USAGE } from './usage';

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Test seam: how a Service Bus bus is created from env. */
  connect?: (options: BusOptions) => Bus;
}

/** Runs one command; returns the exit code (0 ok, 1 failed, 2 wrong usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseArgs(argv, io.env);
    if (command.name === 'help') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const source = chooseSource(command.target, io.env, io.connect);
    try {
      if (command.name === 'list') {
        const found = await source.list(command.subscription, command.showBody, command.page);
        io.stdout(command.json ? `${JSON.stringify({ subscriptions: found }, null, 2)}\n` : formatList(found, command.page));
      } else if (command.name === 'resubmit') {
        const result = await source.resubmit(command.subscription, command.ids).catch((error: unknown) => {
          throw runFailed(error, command);
        });
        io.stdout(command.json ? `${JSON.stringify(result, null, 2)}\n` : formatResubmit(result));
        return exitCodeOf(result, command.ids ? result.resubmitted : undefined);
      } else {
        const selection = command.ids ? { ids: command.ids } : { all: true as const };
        const result = await source.purge(command.subscription, selection).catch((error: unknown) => {
          throw runFailed(error, command);
        });
        io.stdout(command.json ? `${JSON.stringify(result, null, 2)}\n` : formatPurge(result));
        return exitCodeOf(result, command.ids ? result.purged.length : undefined);
      }
      return 0;
    } finally {
      await source.close();
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`dead-letters: ${error.message} [${error.code}]\n${error.usage ? '\nRun "dead-letters --help" for usage.\n' : ''}`);
      return error.usage ? 2 : 1;
    }
    io.stderr(`dead-letters: ${(error as Error)?.message ?? String(error)}\n`);
    return 1;
  }
}

/** 1 when the run is partly done (run it again), or when none of the given ids was done (`doneOfIds`: how many, for an --id run). */
function exitCodeOf(result: { stoppedBy?: string; moreLeft?: true; notReached?: string[] }, doneOfIds: number | undefined): number {
  if (result.stoppedBy !== undefined || result.moreLeft || result.notReached?.length) return 1;
  return doneOfIds === 0 ? 1 : 0;
}

/** A run that failed as a whole may still have done some: say that nothing else was touched and how to see what is left. */
function runFailed(error: unknown, { name, subscription }: { name: 'resubmit' | 'purge'; subscription: string }): unknown {
  if (error instanceof CliError && error.usage) return error;
  const code = error instanceof CliError ? error.code : `CLI.${name.toUpperCase()}_FAILED`;
  const message = (error as Error)?.message ?? String(error);
  const left = name === 'resubmit' ? 'every dead letter it did not put back' : 'every dead letter it did not delete';
  return new CliError(code, `${message} (${name} failed: ${left} is still dead-lettered; "list --subscription ${subscription}" shows them, then run ${name} again)`);
}
