import type { CompiledRules } from '../rules/compiled-rule';
import { organizationKey } from '../rules/organization-url';
import { defaultTokenVariable } from '../match-rules/match-rules';

/**
 * The variables that must hold a token for these rules: every `tokenVariable` named in the file, and
 * AZURE_DEVOPS_TOKEN when some target can fall back to it (no own variable and no organization entry).
 */
export function requiredTokenVariables(rules: CompiledRules): Set<string> {
  const required = new Set<string>(rules.organizationTokens.values());
  for (const rule of rules.rules) {
    for (const target of rule.targets) {
      if (target.tokenVariable) required.add(target.tokenVariable);
      else if (!target.organization || !rules.organizationTokens.has(organizationKey(target.organization))) {
        required.add(defaultTokenVariable);
      }
    }
  }
  return required;
}
