import type { Bus, BusOptions } from '@switchyard/messaging';
import { formatList } from '../format/format-list';
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
      } else {
        const result = await source.resubmit(command.subscription, command.ids).catch((error: unknown) => {
          throw resubmitFailed(error, command.subscription);
        });
        io.stdout(command.json ? `${JSON.stringify(result, null, 2)}\n` : formatResubmit(result));
        if (result.stoppedBy !== undefined || result.moreLeft || result.notReached?.length) return 1; // partly done: run again
        if (command.ids && result.resubmitted === 0) return 1; // none found, or none reached
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

/** A resubmit that failed as a whole may still have put some back: say that nothing was lost and how to see what is left. */
function resubmitFailed(error: unknown, subscription: string): unknown {
  if (error instanceof CliError && error.usage) return error;
  const code = error instanceof CliError ? error.code : 'CLI.RESUBMIT_FAILED';
  const message = (error as Error)?.message ?? String(error);
  return new CliError(code, `${message} (resubmit failed: every dead letter it did not put back is still dead-lettered; "list --subscription ${subscription}" shows them, then run resubmit again)`);
}
