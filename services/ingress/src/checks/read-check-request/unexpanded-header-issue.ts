import { headerVariableOf } from './missing-header-issue';

// Why a reference arrives as written, and so what to do about it.
const WHY =
  'Azure Pipelines sends a $(…) reference as written when no variable of that name exists where the check runs, ' +
  'and nothing expands a call from outside Azure Pipelines (curl, a script): there, send the value itself';

// Documented variables that some pipelines lack (Microsoft's "Classic release and artifacts variables").
const WHERE_ABSENT: Readonly<Record<string, string>> = {
  buildreason:
    'Build.Reason exists in build and YAML pipeline runs, not in a classic release pipeline: a release gate can send "BuildReason": "$(Release.Reason)", ' +
    'whose values are Automated, Manual, None or Scheduled (of these, a build-reason policy accepts only Manual)',
};

/**
 * Why a header still holds a `$(…)` reference and what to write instead. Never quotes the value: for
 * AuthToken it sits where the job's token belongs. Only the documented reference is named.
 */
export function unexpandedHeaderIssue(name: string, value: string): string {
  const variable = headerVariableOf(name);
  if (variable === undefined) return `${name} was not expanded: ${WHY}; otherwise check the variable's name`;
  const documented = value.replace(/^bearer\s+/i, '').trim().toLowerCase() === variable.toLowerCase();
  if (!documented) {
    return `${name} was not expanded: it holds a $(…) reference but is not exactly ${variable}; write "${name}": "${variable}" in the check's Headers, spelled exactly so`;
  }
  const absent = WHERE_ABSENT[name.toLowerCase()];
  return `${name} arrived as the literal "${variable}": ${WHY}${absent ? `. ${absent}` : ''}`;
}
