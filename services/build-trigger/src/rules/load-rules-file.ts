import { readFileSync } from 'node:fs';
import type { CompiledRules } from './compiled-rule';
import { parseRules } from './parse-rules';
import { RulesFileError } from './rules-file.error';

/**
 * Reads and validates the rules file; throws `RulesFileError` naming the file, line and problem, and
 * `setting`, where the path came from.
 */
export function loadRulesFile(path: string, setting?: string): CompiledRules {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    throw new RulesFileError(path, [{ line: 0, column: 0, path: '', message: `cannot read it: ${reason}` }], setting);
  }
  try {
    return parseRules(text.replace(/^\uFEFF/, ''), path);
  } catch (error) {
    if (error instanceof RulesFileError && setting) throw new RulesFileError(error.file, error.problems, setting);
    throw error;
  }
}
