import { readFileSync } from 'node:fs';

/** The payload as JSON; an error names the file, since `JSON.parse` and `ENOENT` alone do not say which. */
export function readPayloadFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`Payload file not found: ${path}`);
    throw new Error(`Cannot read payload file ${path}: ${(error as Error).message}`);
  }
  try {
    // Several Azure DevOps samples start with a BOM, which JSON.parse refuses.
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new Error(`Payload file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}
