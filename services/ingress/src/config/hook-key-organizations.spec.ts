import { TFS_SERVER_URL_HINT } from '@switchyard/contracts';
import { loadIngressConfig } from './ingress-config';

const PROD_SECRET = 'prod-0123456789abcdef';
const HOOK_KEYS = `ado-prod:${PROD_SECRET},tfs-onprem:fedcba9876543210,ops:00112233445566778899`;
const SERVER_URL_REFUSED = new RegExp(
  `^HOOK_KEY_ORGANIZATIONS: entry \\d, URL 1 names no organization or collection; write .*\\(${TFS_SERVER_URL_HINT.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)$`,
);
const load = (HOOK_KEY_ORGANIZATIONS: string | undefined) => loadIngressConfig({ HOOK_KEYS, HOOK_KEY_ORGANIZATIONS });

describe('HOOK_KEY_ORGANIZATIONS', () => {
  it.each([undefined, '', '  '])('leaves every key unbound when it is %j', (value) => {
    expect(load(value).hookKeyOrganizations).toEqual(new Map());
  });

  it('binds the named keys to their organization/collection URLs, normalized, and leaves the others unbound', () => {
    const config = load(
      ' ado-prod = https://dev.azure.com/fabrikam  https://Contoso.visualstudio.com,https://dev.azure.com/Tailspin/ ; tfs-onprem=http://tfs.corp:8080/tfs/DefaultCollection;',
    );
    expect(config.hookKeyOrganizations).toEqual(
      new Map([
        ['ado-prod', ['https://dev.azure.com/fabrikam/', 'https://contoso.visualstudio.com/', 'https://dev.azure.com/Tailspin/']],
        ['tfs-onprem', ['http://tfs.corp:8080/tfs/DefaultCollection/']],
      ]),
    );
    expect(config.hookKeyOrganizations.has('ops')).toBe(false);
  });

  it.each([
    ['an entry without "="', 'ado-prod https://dev.azure.com/fabrikam', /^HOOK_KEY_ORGANIZATIONS: entry 1 is not key-name=URL \[URL…\]; write e\.g\. "ado-prod=https:/],
    ['an entry without a key name', '=https://dev.azure.com/fabrikam', /^HOOK_KEY_ORGANIZATIONS: entry 1 is not key-name=URL/],
    ['a key HOOK_KEYS does not define', 'ado-prod=https://dev.azure.com/a;ado-test=https://dev.azure.com/b', /^HOOK_KEY_ORGANIZATIONS: entry 2 names a key that HOOK_KEYS does not define; use one of its key names \(ado-prod, tfs-onprem, ops\)$/],
    ['a key bound twice', 'ado-prod=https://dev.azure.com/a;tfs-onprem=https://tfs.corp/tfs/C;ado-prod=https://dev.azure.com/b', /^HOOK_KEY_ORGANIZATIONS: entry 3 binds key "ado-prod" again, after entry 1; list all of its organizations in one entry$/],
    ['a key bound to no URL', 'tfs-onprem=https://tfs.corp/tfs/C; ado-prod = , ', /^HOOK_KEY_ORGANIZATIONS: entry 2 binds key "ado-prod" to no URL; list its organization\/collection URLs after the "=", or leave the key out/],
    ['only separators', ' ; ;', /^HOOK_KEY_ORGANIZATIONS: holds no key-name=URL entry; write e\.g\. .*, or leave it unset$/],
    ['a URL that is not absolute', 'ado-prod=https://dev.azure.com/a dev.azure.com/b', /^HOOK_KEY_ORGANIZATIONS: entry 1, URL 2 is not an absolute URL; write https:\/\/dev\.azure\.com\/\{organization\}/],
    ['a URL with credentials', 'ado-prod=https://dev.azure.com/a;tfs-onprem=https://svc:p4ssw0rd@tfs.corp/tfs/C', /^HOOK_KEY_ORGANIZATIONS: entry 2, URL 1 holds credentials \(user:password@\), which must not be there; write /],
    ['a URL with a query', `ado-prod=https://dev.azure.com/a?code=${PROD_SECRET}`, /^HOOK_KEY_ORGANIZATIONS: entry 1, URL 1 has a query string or fragment, which must not be there; write /],
    ['a URL that is not http(s)', 'ado-prod=ftp://tfs.corp/tfs/C', /^HOOK_KEY_ORGANIZATIONS: entry 1, URL 1 is not an http or https URL; write /],
    ['a cloud host without an organization', 'ado-prod=https://dev.azure.com/', /^HOOK_KEY_ORGANIZATIONS: entry 1, URL 1 names no organization or collection; write /],
    // What the TFS admin console shows as "Server URL": it would bind the key to no collection, refusing all its hooks.
    ['the TFS server URL', 'ado-prod=https://dev.azure.com/a;tfs-onprem=http://tfs.corp:8080/tfs', SERVER_URL_REFUSED],
    ['the TFS server URL with a slash', 'tfs-onprem=http://tfs.corp:8080/tfs/', SERVER_URL_REFUSED],
    ['the TFS server URL in capitals', 'tfs-onprem=HTTP://TFS.CORP:8080/TFS', SERVER_URL_REFUSED],
    ['a server URL without a virtual directory', 'tfs-onprem=https://ado.corp', SERVER_URL_REFUSED],
    ['a project URL', 'ado-prod=https://dev.azure.com/fabrikam/Fabrikam-Fiber-Git', /^HOOK_KEY_ORGANIZATIONS: entry 1, URL 1 is a URL inside https:\/\/dev\.azure\.com\/fabrikam\/, not an organization\/collection URL; write https:\/\/dev\.azure\.com\/fabrikam\/$/],
    ['a project URL on-prem', 'tfs-onprem=https://tfs.corp/tfs/DefaultCollection/Project', /^HOOK_KEY_ORGANIZATIONS: entry 1, URL 1 is a URL inside https:\/\/tfs\.corp\/tfs\/DefaultCollection\/.*; write https:\/\/tfs\.corp\/tfs\/DefaultCollection\/$/],
  ])('stops start-up for %s, naming the variable, the entry and what to write', (_what, value, message) => {
    expect(() => load(value)).toThrow(message);
  });

  it('never echoes a secret or user info from an entry', () => {
    const attempts = [
      `${PROD_SECRET}=https://dev.azure.com/fabrikam`,
      `ado-prod:${PROD_SECRET}=https://dev.azure.com/fabrikam`,
      `ado-prod=https://dev.azure.com/fabrikam?code=${PROD_SECRET}`,
      `ado-prod=https://user:${PROD_SECRET}@dev.azure.com/fabrikam`,
      `ado-prod=https://ado-prod:${PROD_SECRET}`,
    ];
    for (const value of attempts) {
      expect(() => load(value)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(PROD_SECRET) }));
      expect(() => load(value)).toThrow(/^HOOK_KEY_ORGANIZATIONS: entry 1/);
    }
  });
});
