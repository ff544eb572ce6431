import { queuedBuilds, type ExplainedBuild, type ExplainedRule, type Explanation } from './explain-payload';

const show = (value: string | number | undefined) => (value === undefined ? '(absent)' : JSON.stringify(value));

/** The explanation as text for a terminal: the event, then every rule with each condition's verdict. */
export function formatExplanation(explanation: Explanation): string {
  const { event } = explanation;
  const lines = [`Event ${event.type} (id ${event.id})`];
  if (event.trigger) {
    lines.push(
      `  as ${event.trigger}: repository ${show(event.repository)}, PR ${event.pullRequestId}, target ${show(event.targetBranch)}, ` +
        `status ${show(event.status)}, mergeStatus ${show(event.mergeStatus)}, project ${show(event.project)}, organization ${show(event.organizationUrl)}`,
    );
  }
  if (explanation.notApplicable) lines.push(`  ${explanation.notApplicable}`);
  lines.push('');
  for (const rule of explanation.rules) lines.push(...formatRule(rule));
  lines.push(`${queuedBuilds(explanation).length} build(s) would be queued. Nothing was queued: this is an explanation only.`);
  return lines.join('\n');
}

function formatRule(rule: ExplainedRule): string[] {
  const lines = [`Rule "${rule.name}" (line ${rule.line}): ${rule.matched ? 'MATCHES' : 'does not match'}`];
  for (const c of rule.conditions) {
    lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.condition}: expected ${c.expected}, event has ${show(c.actual)}`);
  }
  for (const build of rule.builds) lines.push(...formatBuild(build));
  lines.push('');
  return lines;
}

function formatBuild(build: ExplainedBuild): string[] {
  const verdict = build.problem
    ? `NOT QUEUEABLE: ${build.problem}`
    : build.organizationAllowed === false
      ? `REFUSED: ${build.organizationUrl} is not in ALLOWED_ORG_URLS${build.organizationNamedByRule ? '; the service does not start while a rule names it' : ''}`
      : build.sameBuildAs !== undefined
        ? `same build as target ${build.sameBuildAs} (same slot, same tag): queued once`
        : `would queue ${build.queueAt}`;
  const lines = [
    `  -> target ${build.target} (line ${build.line}): ${verdict}`,
    `     definition ${show(build.definition)} in project ${show(build.project)} of ${build.organizationUrl ?? '(unknown organization)'}`,
    `     branch ${build.sourceBranch}; token from ${build.tokenVariable}; tag ${build.idempotencyTag}`,
  ];
  const parameters = Object.entries(build.parameters);
  if (parameters.length > 0) lines.push(`     parameters ${parameters.map(([k, v]) => `${k}=${show(v)}`).join(', ')}`);
  return lines;
}
