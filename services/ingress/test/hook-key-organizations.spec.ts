import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { CheckRequested } from '@switchyard/contracts';
import { generateTokenKey } from '@switchyard/gates';
import { readFixtureJson } from '@switchyard/testing';
import { AUTH_TOKEN, checkCallHeaders, writePoliciesFile } from './check-call';
import { postHook, startHarness, type Harness } from './ingress-harness';

// Secrets the harness logger does not redact: a leak into a log line would show as it is.
const SECRETS = {
  cloud: 'cloud-team-secret-5f0c1e2d3b4a',
  onprem: 'onprem-team-secret-9a8b7c6d5e4f',
  platform: 'platform-secret-0a1b2c3d4e5f6',
};
const HOOK_KEYS = `cloud-team:${SECRETS.cloud},onprem-team:${SECRETS.onprem},platform:${SECRETS.platform}`;
// cloud-team: two organizations written in the dev.azure.com form, one of them in another case than the hooks use.
const HOOK_KEY_ORGANIZATIONS =
  'cloud-team=https://dev.azure.com/fabrikam-fiber-inc https://dev.azure.com/Fabrikam; onprem-team=https://good-company.some.ssl.host/tfs/GoodCompany';

// The organization each fixture names (organizationUrlOf):
const CLOUD = 'hooks/go-playground-webhooks/build.complete.json'; // https://dev.azure.com/fabrikam-fiber-inc/
const CLOUD_LEGACY_HOST = 'hooks/jenkinsci-tfs-plugin/git.push-sample.json'; // https://fabrikam-fiber-inc.visualstudio.com/
const CLOUD_OTHER_CASE = 'hooks/go-playground-webhooks/git.pullrequest.created.json'; // https://dev.azure.com/fabrikam/
const CLOUD_FOREIGN = 'hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@09dc63ed.json'; // https://fabfiber.visualstudio.com/
const ONPREM = 'hooks/aspnet-webhooks-vsts/git.push.json'; // https://good-company.some.ssl.host/tfs/GoodCompany/
const ONPREM_OTHER_COLLECTION = 'hooks/aspnet-webhooks-vsts/build.complete.json'; // https://good-company.some.ssl.host/DefaultCollection/

const problemType = 'application/problem+json';

describe('hook keys bound to organizations (HOOK_KEY_ORGANIZATIONS)', () => {
  let h: Harness;
  let sent = 0;
  /**
   * Posts a fixture under a fresh id (fixtures share ids), so each answer maps to its own event, from a
   * real subscription unless `subscriptionId` says otherwise (some fixtures carry the Test button's zeros).
   */
  const send = async (fixture: string, secret: string, subscriptionId = 'b1a2c3d4-0000-4000-8000-00000000abcd') => {
    const id = `binding-${++sent}`;
    const body = JSON.stringify({ ...readFixtureJson<Record<string, unknown>>(fixture), id, subscriptionId });
    const response = await postHook(h.hookUrl(), body, { 'x-hook-key': secret });
    return { id, response, text: await response.text() };
  };
  const published = (id: string) => h.accepted.find((event) => event.id === id);
  const sync = (headers: Record<string, string>) =>
    fetch(`${h.ingress.url}/checks/always-open/sync`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
  const callback = (headers: Record<string, string>) =>
    fetch(`${h.ingress.url}/checks/require-cmdline`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

  beforeAll(async () => {
    h = await startHarness({
      HOOK_KEYS,
      HOOK_KEY_ORGANIZATIONS,
      GATE_POLICIES_FILE: writePoliciesFile('  always-open:     { type: time-window, timezone: UTC, hours: "00:00-24:00" }\n'),
      GATE_TOKEN_KEY: generateTokenKey(),
      ALLOWED_ORG_URLS: 'https://dev.azure.com/fabrikam-fiber-inc/,https://dev.azure.com/contoso/,https://good-company.some.ssl.host/tfs/GoodCompany/',
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('says at start-up which keys are bound to which organizations and which may post for any', () => {
    const listening = h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['msg'] === 'ingress listening');
    expect(listening).toMatchObject({
      boundKeys: {
        'cloud-team': ['https://dev.azure.com/fabrikam-fiber-inc/', 'https://dev.azure.com/Fabrikam/'],
        'onprem-team': ['https://good-company.some.ssl.host/tfs/GoodCompany/'],
      },
      unboundKeys: ['platform'],
    });
    for (const secret of Object.values(SECRETS)) expect(JSON.stringify(listening)).not.toContain(secret);
  });

  it("publishes a bound key's hooks from its organizations, in either cloud host form and whatever the case", async () => {
    for (const [fixture, secret, organization] of [
      [CLOUD, SECRETS.cloud, 'https://dev.azure.com/fabrikam-fiber-inc/'],
      [CLOUD_LEGACY_HOST, SECRETS.cloud, 'https://fabrikam-fiber-inc.visualstudio.com/'],
      [CLOUD_OTHER_CASE, SECRETS.cloud, 'https://dev.azure.com/fabrikam/'],
      [ONPREM, SECRETS.onprem, 'https://good-company.some.ssl.host/tfs/GoodCompany/'],
    ]) {
      const { id, response } = await send(fixture, secret);
      expect([fixture, response.status]).toEqual([fixture, 202]);
      expect(published(id)).toMatchObject({ source: organization });
    }
  });

  it("answers 403 HOOK_KEY_NOT_FOR_ORGANIZATION to a bound key's hook from another organization or collection, publishing nothing", async () => {
    const before = h.attempts.length;
    const refusals = [
      [ONPREM, SECRETS.cloud, 'cloud-team', 'https://good-company.some.ssl.host/tfs/GoodCompany/'],
      [CLOUD_FOREIGN, SECRETS.cloud, 'cloud-team', 'https://fabfiber.visualstudio.com/'],
      [CLOUD, SECRETS.onprem, 'onprem-team', 'https://dev.azure.com/fabrikam-fiber-inc/'],
      [ONPREM_OTHER_COLLECTION, SECRETS.onprem, 'onprem-team', 'https://good-company.some.ssl.host/DefaultCollection/'],
    ];
    for (const [fixture, secret, keyName, organization] of refusals) {
      const { response, text } = await send(fixture, secret);
      expect([fixture, response.status]).toEqual([fixture, 403]);
      expect(response.headers.get('content-type')).toContain(problemType);
      expect(JSON.parse(text)).toMatchObject({
        status: 403,
        code: 'HOOK_KEY_NOT_FOR_ORGANIZATION',
        detail:
          `Hook key "${keyName}" is bound by HOOK_KEY_ORGANIZATIONS to its organizations only, and this hook is from ${organization}: ` +
          "add that organization to the key's entry in HOOK_KEY_ORGANIZATIONS, or use that organization's own key in the subscription.",
      });
      expect(text).not.toContain(secret);
    }
    expect(h.attempts.length).toBe(before);
  });

  it("refuses the Test button's sample from another organization to a bound key without advising to add that organization", async () => {
    const before = h.attempts.length;
    const { response, text } = await send(CLOUD_OTHER_CASE, SECRETS.onprem, '00000000-0000-0000-0000-000000000000');
    expect(response.status).toBe(403);
    const { code, detail } = JSON.parse(text) as { code: string; detail: string };
    expect(code).toBe('HOOK_KEY_NOT_FOR_ORGANIZATION');
    expect(detail).toBe(
      'Hook key "onprem-team" is bound by HOOK_KEY_ORGANIZATIONS to its organizations only, and this hook is from https://dev.azure.com/fabrikam/. ' +
        "It is a test notification (subscriptionId all zeros): the sample the subscription's Test button sends may name a sample organization " +
        "rather than yours, and the notifications of the subscription's own organization will pass. " +
        "Add https://dev.azure.com/fabrikam/ to the key's entry in HOOK_KEY_ORGANIZATIONS only if it is yours.",
    );
    expect(h.attempts.length).toBe(before);
  });

  it('refuses a hook that names no organization when its key is bound, saying so, and publishes it for an unbound key', async () => {
    const body = JSON.stringify({ id: 'no-organization', eventType: 'tfvc.checkin', resource: { changesetId: 7 } });
    const refused = await postHook(h.hookUrl(), body, { 'x-hook-key': SECRETS.onprem });
    expect(refused.status).toBe(403);
    const problem = (await refused.json()) as { code: string; detail: string };
    expect(problem.code).toBe('HOOK_KEY_NOT_FOR_ORGANIZATION');
    expect(problem.detail).toMatch(/^Hook key "onprem-team" is bound .*, and no organization can be derived from this hook .*Send it with a key that HOOK_KEY_ORGANIZATIONS does not bind/);
    expect(published('no-organization')).toBeUndefined();

    expect((await postHook(h.hookUrl(), body, { 'x-hook-key': SECRETS.platform })).status).toBe(202);
    expect(published('no-organization')).toMatchObject({ metadata: { hookKeyName: 'platform' } });
  });

  it('leaves a key that HOOK_KEY_ORGANIZATIONS does not name free to post for any organization', async () => {
    for (const fixture of [CLOUD, ONPREM, CLOUD_FOREIGN]) {
      const { id, response } = await send(fixture, SECRETS.platform);
      expect(response.status).toBe(202);
      expect(published(id)).toMatchObject({ metadata: { hookKeyName: 'platform' } });
    }
  });

  it("takes a bound key's check call only with a PlanUrl in one of its organizations, deciding before the body is read", async () => {
    expect((await sync({ 'x-hook-key': SECRETS.cloud, PlanUrl: 'https://fabrikam-fiber-inc.visualstudio.com/' })).status).toBe(200);
    expect((await sync({ 'x-hook-key': SECRETS.platform })).status).toBe(200);

    const foreign = await sync({ 'x-hook-key': SECRETS.cloud, PlanUrl: `https://dev.azure.com/contoso/${AUTH_TOKEN}/` });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('content-type')).toContain(problemType);
    const foreignText = await foreign.text();
    expect(JSON.parse(foreignText)).toMatchObject({
      code: 'HOOK_KEY_NOT_FOR_ORGANIZATION',
      detail:
        'Hook key "cloud-team" is bound by HOOK_KEY_ORGANIZATIONS to its organizations only, and this check\'s PlanUrl is in https://dev.azure.com/contoso/: ' +
        "add that organization to the key's entry in HOOK_KEY_ORGANIZATIONS, or use that organization's own key in the check's service connection.",
    });
    expect(foreignText).not.toContain(AUTH_TOKEN.slice(0, 12));

    const noPlanUrl = (await (await sync({ 'x-hook-key': SECRETS.cloud })).json()) as { code: string; detail: string };
    expect(noPlanUrl.code).toBe('HOOK_KEY_NOT_FOR_ORGANIZATION');
    expect(noPlanUrl.detail).toContain('this check call names no organization: send one PlanUrl header');
    // A media type the route refuses with 415 is not even looked at: the key's organization is checked first.
    const beforeBody = await fetch(`${h.ingress.url}/checks/always-open/sync`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-hook-key': SECRETS.onprem, PlanUrl: 'https://dev.azure.com/fabrikam-fiber-inc/' },
      body: 'x',
    });
    expect(beforeBody.status).toBe(403);
  });

  it('publishes a callback check of a bound key for its organization only', async () => {
    const checkEvents = () => h.accepted.filter((event) => event.type === CheckRequested.type);
    const onprem = 'https://good-company.some.ssl.host/tfs/GoodCompany/';
    const own = await callback(checkCallHeaders<string>(onprem, { 'x-hook-key': SECRETS.onprem }));
    expect(own.status).toBe(200);
    expect(checkEvents()).toHaveLength(1);

    const other = await callback(checkCallHeaders<string>('https://dev.azure.com/fabrikam-fiber-inc/', { 'x-hook-key': SECRETS.onprem, TaskInstanceId: '0c0c0c0c-1111-4222-8333-444444444444' }));
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ code: 'HOOK_KEY_NOT_FOR_ORGANIZATION', detail: expect.stringContaining('PlanUrl is in https://dev.azure.com/fabrikam-fiber-inc/') });
    expect(checkEvents()).toHaveLength(1);
  });

  it('counts each refusal by status and logs it at warn with the key name, never a secret', async () => {
    const metrics = await (await fetch(`${h.ingress.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_ingress_hooks_total\{event_type="git\.push",status="403",code="HOOK_KEY_NOT_FOR_ORGANIZATION",service="ingress"\} 1\n/);
    expect(metrics).toMatch(/switchyard_ingress_hooks_total\{event_type="build\.complete",status="403",code="HOOK_KEY_NOT_FOR_ORGANIZATION",service="ingress"\} 2\n/);
    expect(metrics).toMatch(/switchyard_check_calls_total\{policy="always-open",mode="sync",status="403",code="HOOK_KEY_NOT_FOR_ORGANIZATION"[^}]*\} 3\n/);
    expect(metrics).toMatch(/switchyard_check_calls_total\{policy="require-cmdline",mode="callback",status="403",code="HOOK_KEY_NOT_FOR_ORGANIZATION"[^}]*\} 1\n/);

    const lines = h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    // One line per refusal: the uniform one, carrying the organization and the event.
    const hookRefusals = lines.filter((line) => line['code'] === 'HOOK_KEY_NOT_FOR_ORGANIZATION' && line['msg'] !== 'check call refused');
    expect(hookRefusals.map((line) => [line['msg'], line['level'], line['keyName'], line['status'], line['organizationUrl']])).toEqual([
      ['service hook refused', 'warn', 'cloud-team', 403, 'https://good-company.some.ssl.host/tfs/GoodCompany/'],
      ['service hook refused', 'warn', 'cloud-team', 403, 'https://fabfiber.visualstudio.com/'],
      ['service hook refused', 'warn', 'onprem-team', 403, 'https://dev.azure.com/fabrikam-fiber-inc/'],
      ['service hook refused', 'warn', 'onprem-team', 403, 'https://good-company.some.ssl.host/DefaultCollection/'],
      ['service hook refused', 'warn', 'onprem-team', 403, 'https://dev.azure.com/fabrikam/'],
      ['service hook refused', 'warn', 'onprem-team', 403, 'none'],
    ]);
    for (const line of hookRefusals) expect(line).toEqual(expect.objectContaining({ eventId: expect.any(String), eventType: expect.any(String) }));
    const checkRefusals = lines.filter((line) => line['msg'] === 'check call refused' && line['code'] === 'HOOK_KEY_NOT_FOR_ORGANIZATION');
    expect(checkRefusals.map((line) => [line['level'], line['keyName'], line['status'], line['organizationUrl']])).toEqual([
      ['warn', 'cloud-team', 403, 'https://dev.azure.com/contoso/'],
      ['warn', 'cloud-team', 403, 'none'],
      ['warn', 'onprem-team', 403, 'https://dev.azure.com/fabrikam-fiber-inc/'],
      ['warn', 'onprem-team', 403, 'https://dev.azure.com/fabrikam-fiber-inc/'],
    ]);
    const log = h.logLines.join('\n');
    for (const secret of Object.values(SECRETS)) expect(log).not.toContain(secret);
    expect(log).not.toContain(AUTH_TOKEN.slice(0, 12));
  });

  it('quotes no token-shaped organization or collection name of a PlanUrl or hook, in the 403 or the log', async () => {
    for (const [planUrl, shown] of [
      [`https://dev.azure.com/${AUTH_TOKEN}/`, 'https://dev.azure.com/…'],
      [`https://tfs.corp/tfs/${AUTH_TOKEN}/`, 'https://tfs.corp/tfs/…'],
      [`https://tfs.corp/${AUTH_TOKEN}/`, 'https://tfs.corp/…'],
    ]) {
      const answer = await sync({ 'x-hook-key': SECRETS.cloud, PlanUrl: planUrl });
      expect(answer.status).toBe(403);
      const text = await answer.text();
      expect(JSON.parse(text)).toMatchObject({ code: 'HOOK_KEY_NOT_FOR_ORGANIZATION', detail: expect.stringContaining(`PlanUrl is in ${shown} (a URL of `) });
      expect(text).not.toContain(AUTH_TOKEN.slice(0, 12));
    }

    const hook = JSON.stringify({
      id: 'token-shaped-organization',
      eventType: 'tfvc.checkin',
      resource: { changesetId: 8 },
      resourceContainers: { collection: { id: 'c', baseUrl: `https://dev.azure.com/${AUTH_TOKEN}/` } },
    });
    const refused = await postHook(h.hookUrl(), hook, { 'x-hook-key': SECRETS.onprem });
    expect(refused.status).toBe(403);
    const text = await refused.text();
    expect(JSON.parse(text)).toMatchObject({ detail: expect.stringContaining('this hook is from https://dev.azure.com/… (a URL of ') });
    expect(text).not.toContain(AUTH_TOKEN.slice(0, 12));
    const logged = h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['eventId'] === 'token-shaped-organization');
    expect(logged).toEqual([expect.objectContaining({ msg: 'service hook refused', level: 'warn', keyName: 'onprem-team', organizationUrl: expect.stringMatching(/^https:\/\/dev\.azure\.com\/… \(a URL of \d+ characters\)$/) })]);
    expect(h.logLines.join('\n')).not.toContain(AUTH_TOKEN.slice(0, 12));
  });

  it("refuses a bound key's check call whose PlanUrl is sent twice, though the first names its organization", async () => {
    // fetch would join the two into one line; http.request sends each as a line of its own.
    const headers: OutgoingHttpHeaders = {
      'content-type': 'application/json',
      'x-hook-key': SECRETS.cloud,
      PlanUrl: ['https://dev.azure.com/fabrikam-fiber-inc/', 'https://dev.azure.com/contoso/'],
    };
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${h.ingress.url}/checks/always-open/sync`, { method: 'POST', headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text)).toMatchObject({ code: 'HOOK_KEY_NOT_FOR_ORGANIZATION', detail: expect.stringContaining('this check call names no organization: send one PlanUrl header') });
  });
});
