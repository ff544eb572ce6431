import { checkHeaderVariables } from '@switchyard/gates';

// Header names are case-insensitive.
const variableOf = new Map<string, string>(Object.entries(checkHeaderVariables).map(([name, variable]) => [name.toLowerCase(), variable]));

/** "<name> is missing", with the Headers entry that supplies it when the header is a known one (names are case-insensitive). */
export function missingHeaderIssue(name: string): string {
  const variable = variableOf.get(name.toLowerCase());
  return variable ? `${name} is missing: add ${name}=${variable}` : `${name} is missing`;
}
