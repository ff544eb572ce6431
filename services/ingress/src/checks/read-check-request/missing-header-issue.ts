import { addHeaderAdvice, checkHeaderVariables } from '@switchyard/gates';

// Header names are case-insensitive.
const variableOf = new Map<string, string>(Object.entries(checkHeaderVariables).map(([name, variable]) => [name.toLowerCase(), variable]));

/** The pipeline variable that supplies a known check header (`$(system.PlanId)` for PlanId), whatever the name's case. */
export function headerVariableOf(name: string): string | undefined {
  return variableOf.get(name.toLowerCase());
}

/**
 * "<name> is missing", with the Headers entry that supplies it when the header is a known one (names are
 * case-insensitive), written as the JSON of the check's Headers field (docs/gate-evaluator.md).
 */
export function missingHeaderIssue(name: string): string {
  const variable = headerVariableOf(name);
  return variable ? `${name} is missing: ${addHeaderAdvice(name, variable)}` : `${name} is missing`;
}
