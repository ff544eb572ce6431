import { AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { PROJECT, TOKEN, addCiBuild, caught, everyRendering, startHarness, type Harness } from '../spec-support/harness';
import { AzureDevOpsClient } from './azure-devops-client';
import { bearerCredential, patCredential } from './credentials';

describe('authentication headers', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({}, { acceptTokens: [TOKEN] });
    h.ado.org('fabrikam').addDefinition({ project: PROJECT, name: 'CI' });
  });
  afterEach(() => h.ado.close());

  it('sends a PAT as Basic with an empty user name on every call, discovery included', async () => {
    await h.org(patCredential(TOKEN)).findBuildDefinition(PROJECT, 'CI');
    const expected = `Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}`;
    expect(h.ado.calls.length).toBeGreaterThanOrEqual(4);
    expect(h.ado.calls.map((call) => call.headers.authorization)).toEqual(h.ado.calls.map(() => expected));
    expect(h.ado.calls.every((call) => call.headers['x-tfs-fedauthredirect'] === 'Suppress')).toBe(true);
  });

  it('sends a pipeline AuthToken as Bearer', async () => {
    await h.org(bearerCredential(TOKEN)).findBuildDefinition(PROJECT, 'CI');
    expect(new Set(h.ado.calls.map((call) => call.headers.authorization))).toEqual(new Set([`Bearer ${TOKEN}`]));
  });

  it('keeps credentials of two organizations apart', async () => {
    const other = h.ado.orgUrl('contoso');
    h.ado.org('contoso').addDefinition({ project: PROJECT, name: 'CI' });
    const client = new AzureDevOpsClient({ allowedOrgUrls: [h.orgUrl, other] });
    await client.forOrganization(h.orgUrl, bearerCredential(TOKEN)).findBuildDefinition(PROJECT, 'CI');
    await caught(client.forOrganization(other, bearerCredential('other-org-token-xyz')).findBuildDefinition(PROJECT, 'CI'));
    const byOrg = (org: string) => new Set(h.ado.calls.filter((call) => call.org === org).map((call) => call.headers.authorization));
    expect(byOrg('fabrikam')).toEqual(new Set([`Bearer ${TOKEN}`]));
    expect(byOrg('contoso')).toEqual(new Set(['Bearer other-org-token-xyz']));
  });

  it('keeps two tokens for one organization apart: a reused connection never lends one caller another\'s token', async () => {
    const other = 'other-check-token-that-is-rejected-7';
    const buildId = addCiBuild(h);
    await h.org(bearerCredential(TOKEN)).getBuild(PROJECT, buildId);
    h.ado.clearCalls();
    const error = await caught(h.org(bearerCredential(other)).getBuild(PROJECT, buildId));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.UNAUTHORIZED });
    expect(h.ado.calls.length).toBeGreaterThan(0);
    expect(new Set(h.ado.calls.map((call) => call.headers.authorization))).toEqual(new Set([`Bearer ${other}`]));
  });

  it('refuses an empty token (a check call without AuthToken) before any request', () => {
    for (const credential of [bearerCredential(''), patCredential('')]) {
      expect(() => h.client.forOrganization(h.orgUrl, credential)).toThrow(expect.objectContaining({ code: AzureDevOpsErrorCodes.INVALID_ARGUMENT, message: expect.stringContaining('No credential') }));
    }
    expect(h.ado.calls).toHaveLength(0);
  });

  it('turns a 203 sign-in page (a token rejected where the redirect is not suppressed) into UNAUTHORIZED without retrying', async () => {
    h.ado.inject({ path: '/', status: 203, rawBody: '<html><head><title>Azure DevOps Services | Sign In</title></head></html>' });
    const error = await caught(h.org().findBuildDefinition(PROJECT, 'CI'));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.UNAUTHORIZED, retryable: false, details: { status: 203, attempts: 1 } });
    expect((error as Error).message).toMatch(/PAT|AuthToken/);
    expect(h.ado.calls).toHaveLength(1);
  });

  it('turns a rejected token into UNAUTHORIZED without retrying and without the token', async () => {
    const wrong = 'wrong-token-that-must-stay-secret-42';
    const error = await caught(h.org(patCredential(wrong)).findBuildDefinition(PROJECT, 'CI'));
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.UNAUTHORIZED, retryable: false, details: { status: 401, attempts: 1 } });
    expect((error as Error).message).toMatch(/PAT|AuthToken/);
    expect(h.ado.calls).toHaveLength(1);
    const rendered = everyRendering(error);
    expect(rendered).not.toContain(wrong);
    expect(rendered).not.toContain(Buffer.from(`:${wrong}`).toString('base64'));
  });
});

describe('the token never appears in errors', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ timeoutMs: 100, retry: { maxAttempts: 2 } });
    h.ado.org('fabrikam').addDefinition({ project: PROJECT, name: 'CI' });
  });
  afterEach(() => h.ado.close());

  const basic = Buffer.from(`:${TOKEN}`).toString('base64');
  const jsonEscaped = (text: string) => [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

  it.each([
    ['a server message that echoes the token', { path: '/definitions', status: 400, message: `Bad token ${TOKEN} / ${basic}` }],
    ['a 500 echoing the token', { path: '/definitions', status: 500, times: 2, message: `boom ${TOKEN}` }],
    ['a 429', { path: '/definitions', status: 429, times: 2, retryAfter: 0 }],
    ['a timeout', { path: '/definitions', delayMs: 400, times: 2 }],
    ['a reset connection', { path: '/definitions', reset: true, times: 2 }],
    ['a failed discovery', { path: '/_apis/build', method: 'OPTIONS', status: 404, message: `no area for ${TOKEN}` }],
    ['a long server message with the token where it is shortened', { path: '/definitions', status: 400, message: `${'x'.repeat(280)} ${TOKEN}` }],
    ['a server message with the token written in JSON escapes', { path: '/definitions', status: 400, rawBody: `{"message":"bad token ${jsonEscaped(TOKEN)}"}` }],
    ['a JSON error of another shape with the token and its Basic form in escapes', { path: '/definitions', status: 400, rawBody: `{"Message":"bad ${jsonEscaped(TOKEN)}","auth":"${jsonEscaped(basic)}"}` }],
    ['a 3xx answer without Location, its body echoing the token in escapes', { path: '/definitions', status: 300, rawBody: `{"Message":"moved ${jsonEscaped(TOKEN)}"}` }],
  ])('for %s', async (_why, fault) => {
    h.ado.inject(fault);
    const error = await caught(h.org().findBuildDefinition(PROJECT, 'CI'));
    expect(error).toHaveProperty('code');
    const rendered = everyRendering(error);
    expect(rendered).not.toContain(TOKEN);
    expect(rendered).not.toContain(TOKEN.slice(0, 8));
    expect(rendered).not.toContain(basic);
  });

  it('for a refused organization and for the client objects themselves', async () => {
    const error = await caught(Promise.resolve().then(() => h.client.forOrganization(`${h.ado.url}/evil/`, patCredential(TOKEN))));
    expect(everyRendering(error)).not.toContain(TOKEN);
    const org = h.org();
    await org.findBuildDefinition(PROJECT, 'CI');
    expect(require('node:util').inspect(org, { depth: 20 })).not.toContain(TOKEN);
    expect(require('node:util').inspect(org, { depth: 20 })).not.toContain(basic);
  });
});
