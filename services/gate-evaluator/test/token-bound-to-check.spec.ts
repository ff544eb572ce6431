import { Topics } from '@switchyard/contracts';
import { checkKeyOf } from '@switchyard/gates';
import { waitForDeadLetter } from '@switchyard/messaging/testing';
import { AUTH_TOKEN, CMDLINE_TASK, seedBuild, startEvaluatorHarness, type EvaluatorHarness } from './evaluator-harness';

const policies = `policies:
  require-cmdline: { type: required-task, taskId: ${CMDLINE_TASK} }
`;

jest.setTimeout(20_000);

/**
 * Someone able to write to the bus copies a sealed AuthToken from a check of one organization into a
 * message naming another organization that ALLOWED_ORG_URLS also trusts (or another project or hub).
 * The token is bound to the check's PlanUrl, ProjectId and HubName as well as its ids, so it does not
 * open there and is never sent to the other organization.
 */
describe('gate evaluator: a sealed token moved into a message for another organization, project or hub', () => {
  let h: EvaluatorHarness;
  let contosoUrl: string;
  let contosoProject: string;
  beforeAll(async () => {
    h = await startEvaluatorHarness(policies, {}, undefined, { moreAllowedOrgs: ['contoso'] });
    seedBuild(h.org, 100, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeeded', task: { id: CMDLINE_TASK.toLowerCase(), name: 'CmdLine', version: '2.0.0' } }]);
    contosoUrl = h.ado.orgUrl('contoso');
    contosoProject = h.ado.org('contoso').addProject('Contoso').id;
  });
  afterAll(async () => {
    await h.close();
  });

  const refused = async (ids: { planId: string; jobId: string; taskInstanceId: string }) => {
    const deadLetter = await waitForDeadLetter(h.bus, Topics.checks, 'gate-evaluator', { messageId: `check.${checkKeyOf(ids)}` });
    expect(deadLetter.reason).toBe('GATES.TOKEN_UNREADABLE');
    expect(deadLetter.description).toMatch(/failed authentication/);
    for (const form of [AUTH_TOKEN, 'pipeline-access-token-valid-48h']) expect(JSON.stringify(deadLetter) + h.logLines.join('\n')).not.toContain(form);
    // No call at all for this check: the token never left, to either organization.
    expect(h.ado.calls.filter((call) => call.path.includes(ids.planId))).toEqual([]);
  };

  it('another allowed organization (PlanUrl): dead-lettered as unreadable, nothing sent there', async () => {
    const ids = await h.requestCheck('require-cmdline', { buildId: '100', planUrl: contosoUrl, projectId: contosoProject, sealedFor: { planUrl: h.orgUrl, projectId: h.projectId } });
    await refused(ids);
    expect(h.ado.calls.filter((call) => call.org === 'contoso')).toEqual([]);
  });

  it('the same organization under another project or hub: dead-lettered as unreadable', async () => {
    await refused(await h.requestCheck('require-cmdline', { buildId: '100', projectId: contosoProject, sealedFor: { projectId: h.projectId } }));
    await refused(await h.requestCheck('require-cmdline', { buildId: '100', hubName: 'build', sealedFor: { hubName: 'checks' } }));
  });

  it('the PlanUrl as the organization writes it (host case, no trailing slash) still opens the token', async () => {
    const url = new URL(h.orgUrl);
    const spelled = `${url.protocol}//${url.host.toUpperCase()}${url.pathname.replace(/\/$/, '')}`;
    const ids = await h.requestCheck('require-cmdline', { buildId: '100', planUrl: spelled, sealedFor: { planUrl: h.orgUrl } });
    const [event] = await h.waitForEvents(ids);
    expect(event.result).toBe('succeeded');
  });
});
