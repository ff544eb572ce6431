import { quoteValue } from '@switchyard/env-config';
import { checkLimitText, DEAD_LETTER_PAGE_MAX, InvalidDeadLetterPageError } from '@switchyard/messaging';
import { CliError } from './cli-error';

export type Command =
  | { name: 'help' }
  | { name: 'list'; subscription?: string; showBody: boolean; json: boolean; target: Target; page: Page }
  | { name: 'resubmit' | 'purge'; subscription: string; ids?: string[]; json: boolean; target: Target };

/** Where to find the dead letters: a running process' admin API, or the bus named by env. */
export interface Target {
  url?: string;
  key?: string;
}

/** One page per subscription: `limit` dead letters (the server's default when omitted), from the cursor `after`. */
export interface Page {
  limit?: number;
  after?: string;
}

const FLAGS_WITH_VALUE = new Set(['--subscription', '--id', '--url', '--key', '--limit', '--after']);
const SWITCHES = new Set(['--all', '--show-body', '--json', '--help']);

export function parseArgs(argv: readonly string[], env: Record<string, string | undefined>): Command {
  const [name, ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') return { name: 'help' };
  if (name === undefined) throw new CliError('CLI.MISSING_COMMAND', 'No command given; use list, resubmit or purge', true);
  if (name !== 'list' && name !== 'resubmit' && name !== 'purge') throw new CliError('CLI.UNKNOWN_COMMAND', `Unknown command ${quoteValue(name)}; use list, resubmit or purge`, true);
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = splitInline(rest[i]);
    if (SWITCHES.has(flag) && inline === undefined) {
      switches.add(flag);
    } else if (FLAGS_WITH_VALUE.has(flag)) {
      const value = inline ?? rest[++i];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
        throw new CliError('CLI.MISSING_VALUE', `${flag} needs a value`, true);
      }
      values.set(flag, [...(values.get(flag) ?? []), value]);
    } else {
      // Only the flag, and a stray word only when short and plain: it may be the key given without --key.
      throw new CliError('CLI.UNKNOWN_OPTION', `Unknown option ${quoteValue(flag)} for ${name}`, true);
    }
  }
  if (switches.has('--help')) return { name: 'help' };
  const single = (flag: string) => {
    const given = values.get(flag);
    if (given && given.length > 1) throw new CliError('CLI.REPEATED_OPTION', `${flag} may be given once`, true);
    return given?.[0];
  };
  const target: Target = { url: single('--url') ?? nonEmpty(env['SWITCHYARD_URL']), key: single('--key') ?? nonEmpty(env['SWITCHYARD_ADMIN_KEY']) };
  const subscription = single('--subscription');
  if (subscription !== undefined && !/^[^/\s]+\/[^/\s]+$/.test(subscription)) {
    throw new CliError('CLI.INVALID_SUBSCRIPTION', `--subscription must be topic/name, e.g. checks/gate-evaluator (got "${subscription}")`, true);
  }
  const json = switches.has('--json');
  if (name === 'list') {
    if (values.has('--id') || switches.has('--all')) throw new CliError('CLI.UNKNOWN_OPTION', '--id and --all belong to resubmit and purge', true);
    return { name, subscription, showBody: switches.has('--show-body'), json, target, page: pageOf(single('--limit'), single('--after'), subscription) };
  }
  if (switches.has('--show-body')) throw new CliError('CLI.UNKNOWN_OPTION', '--show-body belongs to list', true);
  if (values.has('--limit') || values.has('--after')) throw new CliError('CLI.UNKNOWN_OPTION', '--limit and --after belong to list', true);
  if (!subscription) throw new CliError('CLI.MISSING_SUBSCRIPTION', `${name} needs --subscription <topic/name>`, true);
  const ids = values.get('--id');
  if (ids && switches.has('--all')) throw new CliError('CLI.AMBIGUOUS_SELECTION', 'Give either --id (one or more) or --all, not both', true);
  if (!ids && !switches.has('--all')) {
    throw new CliError('CLI.MISSING_SELECTION', `Say which dead letters to ${name}: --id <message id> (repeatable) or --all`, true);
  }
  return { name, subscription, ids, json, target };
}

function pageOf(limit: string | undefined, after: string | undefined, subscription: string | undefined): Page {
  const page: Page = {};
  if (limit !== undefined) {
    try {
      page.limit = checkLimitText(limit);
    } catch (error) {
      if (!(error instanceof InvalidDeadLetterPageError)) throw error;
      throw new CliError('CLI.INVALID_LIMIT', `--limit must be a whole number from 1 to ${DEAD_LETTER_PAGE_MAX} (got ${quoteValue(limit)})`, true);
    }
  }
  if (after !== undefined) {
    if (!subscription) throw new CliError('CLI.MISSING_SUBSCRIPTION', '--after needs --subscription <topic/name>: a cursor belongs to one subscription', true);
    page.after = after; // opaque: the bus says whether it is one of its cursors
  }
  return page;
}

function splitInline(arg: string): [string, string | undefined] {
  const at = arg.indexOf('=');
  return arg.startsWith('--') && at > 0 ? [arg.slice(0, at), arg.slice(at + 1)] : [arg, undefined];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}
