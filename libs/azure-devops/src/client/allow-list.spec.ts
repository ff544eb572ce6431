import { AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { OrgAllowList, parseAllowedOrgUrls } from './allow-list';
import { AzureDevOpsClient } from './azure-devops-client';
import { patCredential } from './credentials';

describe('parseAllowedOrgUrls', () => {
  it('normalizes entries with a trailing slash and trims blanks', () => {
    expect(parseAllowedOrgUrls(' https://dev.azure.com/fabrikam , https://tfs.example.com:8080/tfs/DefaultCollection/ ,')).toEqual([
      'https://dev.azure.com/fabrikam/',
      'https://tfs.example.com:8080/tfs/DefaultCollection/',
    ]);
  });

  it.each([
    ['', 'is required'],
    [' , ,', 'lists no URL'],
    ['dev.azure.com/fabrikam', 'not an absolute URL'],
    ['ftp://dev.azure.com/fabrikam', 'only http and https'],
    ['https://user:pw@dev.azure.com/fabrikam', 'credentials'],
    ['https://dev.azure.com/fabrikam?x=1', 'query strings'],
    ['https://dev.azure.com/fabrikam#settings', 'fragments'],
  ])('rejects %j naming ALLOWED_ORG_URLS', (value, problem) => {
    try {
      parseAllowedOrgUrls(value);
      throw new Error('should have thrown');
    } catch (error) {
      expect((error as { code: string }).code).toBe(AzureDevOpsErrorCodes.CONFIG_INVALID);
      expect((error as Error).message).toContain('ALLOWED_ORG_URLS');
      expect((error as Error).message).toContain(problem);
    }
  });
});

describe('OrgAllowList', () => {
  const list = new OrgAllowList(['https://dev.azure.com/fabrikam', 'http://tfs.local:8080/tfs/DefaultCollection/']);

  it.each([
    'https://dev.azure.com/fabrikam/',
    'https://dev.azure.com/fabrikam/Project/_apis/build/builds?api-version=7.1',
    'https://dev.azure.com/Fabrikam/_apis/ResourceAreas',
    'https://dev.azure.com:443/fabrikam/_apis/build',
    'http://tfs.local:8080/tfs/DefaultCollection/_apis/wit/workitems/1',
  ])('allows %s', (url) => {
    expect(list.isAllowed(url)).toBe(true);
  });

  it.each([
    ['prefix of another org', 'https://dev.azure.com/fabrikam-evil/_apis/build'],
    ['org name without slash', 'https://dev.azure.com/fabrikam'],
    ['look-alike host', 'https://dev.azure.com.evil.com/fabrikam/_apis/build'],
    ['other scheme', 'http://dev.azure.com/fabrikam/_apis/build'],
    ['other port', 'https://dev.azure.com:8443/fabrikam/_apis/build'],
    ['userinfo trick', 'https://dev.azure.com/fabrikam@evil.com/_apis'],
    ['credentials in URL', 'https://x:y@dev.azure.com/fabrikam/_apis'],
    ['dot-dot escape', 'https://dev.azure.com/fabrikam/../evil/_apis/build'],
    ['encoded dot-dot escape', 'https://dev.azure.com/fabrikam/%2e%2e/evil/_apis/build'],
    ['other collection', 'http://tfs.local:8080/tfs/OtherCollection/_apis/build'],
    ['not a URL', 'not a url'],
  ])('refuses %s', (_why, url) => {
    expect(list.isAllowed(url)).toBe(false);
    expect(() => list.assertAllowed(url)).toThrow(expect.objectContaining({ code: AzureDevOpsErrorCodes.ORG_NOT_ALLOWED }));
  });
});

describe('a cloud organization listed under its other host form', () => {
  const list = new OrgAllowList(['https://dev.azure.com/Fabrikam/', 'https://contoso.visualstudio.com/', 'https://tfs.contoso.local/tfs/Main/']);

  it.each([
    ['https://fabrikam.visualstudio.com/Project/_apis/build', 'https://dev.azure.com/Fabrikam/', 'https://fabrikam.visualstudio.com/'],
    ['https://dev.azure.com/contoso/Project/_apis/build', 'https://contoso.visualstudio.com/', 'https://dev.azure.com/contoso/'],
  ])('still refuses %s, and says to add that form next to %s', (url, listed, form) => {
    expect(list.isAllowed(url)).toBe(false);
    expect(() => list.assertAllowed(url)).toThrow(
      expect.objectContaining({ message: expect.stringContaining(`ALLOWED_ORG_URLS lists this organization as ${listed}; add ${form} too`) }),
    );
  });

  it.each(['https://dev.azure.com/fabrikam-evil/_apis/build', 'https://tfs.contoso.local/tfs/Other/_apis', 'https://vssps.visualstudio.com/_apis'])(
    'gives no such hint for %s, which no entry names',
    (url) => {
      expect(list.otherHostFormHint(url)).toBe('');
      expect(() => list.assertAllowed(url)).toThrow(expect.objectContaining({ message: expect.stringContaining('Add the organization/collection base URL') }));
    },
  );
});

describe('allow-list hardening', () => {
  const list = new OrgAllowList(['https://dev.azure.com/fabrikam/']);

  it('refuses encoded separators and dots that could climb out of the organization', () => {
    for (const path of ['..%2Fcontoso/_apis/x', '..%2fcontoso/', '%2e%2e/contoso/', '..%5Ccontoso/']) {
      expect(list.isAllowed(`https://dev.azure.com/fabrikam/${path}`)).toBe(false);
    }
    expect(list.isAllowed('https://dev.azure.com/fabrikam/Project/_apis/build/builds')).toBe(true);
  });

  it.each(['https://user:s3cr3t-pat@dev.azure.com/fabrikam', 'https://user:s3cr3t/pat@tfs.corp/tfs/Main', 'https://user:s3cr3t@pat@tfs.corp/tfs', 'https://:s3cr3t-pat@dev.azure.com/fabrikam'])(
    'never echoes credentials of a refused ALLOWED_ORG_URLS entry (%s)',
    (entry) => {
      expect(() => parseAllowedOrgUrls(entry)).toThrow(/ALLOWED_ORG_URLS/);
      try {
        parseAllowedOrgUrls(entry);
      } catch (error) {
        for (const part of ['s3cr3t', 'pat@']) {
          expect(String((error as Error).message)).not.toContain(part);
          expect(JSON.stringify(error)).not.toContain(part);
        }
      }
    },
  );
});

describe('a refused request URL that carries credentials', () => {
  const list = new OrgAllowList(['https://dev.azure.com/fabrikam/']);

  it.each([
    ['a string', 'https://build:s3cr3t-pat@dev.azure.com/fabrikam/_apis/build/builds'],
    ['a URL', new URL('https://build:s3cr3t-pat@dev.azure.com/fabrikam/_apis/build/builds')],
  ])('is named without them, given as %s', (_as, url) => {
    const error = (() => {
      try {
        list.assertAllowed(url, 'POST');
      } catch (thrown) {
        return thrown as Error;
      }
      throw new Error('should have thrown');
    })();
    expect(error).toMatchObject({ code: AzureDevOpsErrorCodes.ORG_NOT_ALLOWED, details: { url: 'https://dev.azure.com/fabrikam/_apis/build/builds' } });
    expect(error.message).toContain('Refused POST https://dev.azure.com/fabrikam/_apis/build/builds');
    // It says why: the organization is listed, the credentials in the URL are what is refused.
    expect(error.message).toContain('carries a user name or password');
    expect(error.message).not.toContain('ALLOWED_ORG_URLS lists this organization');
    expect(String(url)).toContain('build:s3cr3t-pat@'); // the caller's URL object is left as it was
    expect(`${error.message}\n${JSON.stringify(error)}`).not.toContain('s3cr3t');
  });

  it('is named without them even when it does not parse as a URL', () => {
    const url = 'https://build:s3cr3t-pat@dev azure.com/fabrikam/_apis';
    expect(() => list.assertAllowed(url)).toThrow(expect.objectContaining({ details: { method: 'GET', url: 'https://dev azure.com/fabrikam/_apis' } }));
    expect(() => list.assertAllowed(url)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cr3t') }));
  });
});

describe('a refused URL of a listed organization in the listed form', () => {
  it('gets no advice to add the form already listed (refused for being http)', () => {
    const list = new OrgAllowList(['https://dev.azure.com/fabrikam/']);
    expect(list.otherHostFormHint('http://dev.azure.com/fabrikam/_apis/build')).toBe('');
    expect(() => list.assertAllowed('http://dev.azure.com/fabrikam/_apis/build')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('add https://dev.azure.com/fabrikam/ too') }),
    );
  });
});

describe('AzureDevOpsClient.isAllowed', () => {
  const client = new AzureDevOpsClient({ allowedOrgUrls: ['https://dev.azure.com/fabrikam/', 'https://tfs.local:8080/tfs/DefaultCollection/'] });
  const connects = (url: string) => {
    try {
      client.forOrganization(url, patCredential('pat-value-0123456789'));
      return true;
    } catch {
      return false;
    }
  };

  it.each([
    ['https://dev.azure.com/fabrikam', true],
    ['https://dev.azure.com/Fabrikam/', true],
    ['https://tfs.local:8080/tfs/DefaultCollection', true],
    ['https://dev.azure.com/fabrikam/?api-version=7.1', false],
    ['https://dev.azure.com/fabrikam-evil', false],
    ['https://pat@dev.azure.com/fabrikam', false],
    ['not a url', false],
  ])('answers for %s what forOrganization does (%s)', (url, allowed) => {
    expect(client.isAllowed(url)).toBe(allowed);
    expect(connects(url)).toBe(allowed);
  });
});

describe('allow-list scopes', () => {
  const list = new OrgAllowList(['https://tfs.local/tfs/', 'https://tfs.local/tfs/Team/', 'https://dev.azure.com/fabrikam/']);

  it('names the most specific entry a URL is under', () => {
    expect(list.entryFor('https://tfs.local/tfs/Team/_apis/build')).toBe('https://tfs.local/tfs/Team/');
    expect(list.entryFor('https://tfs.local/tfs/Other/_apis/build')).toBe('https://tfs.local/tfs/');
    expect(list.entryFor('https://dev.azure.com/contoso/')).toBeUndefined();
  });

  it('refuses an allowed URL outside the scope it is checked against', () => {
    expect(() => list.assertAllowed('https://dev.azure.com/fabrikam/_apis/x', 'GET', 'https://dev.azure.com/fabrikam/')).not.toThrow();
    expect(() => list.assertAllowed('https://tfs.local/tfs/Other/_apis/x', 'GET', 'https://tfs.local/tfs/Team/')).toThrow(
      expect.objectContaining({ code: AzureDevOpsErrorCodes.ORG_NOT_ALLOWED, message: expect.stringContaining('not sent to another organization') }),
    );
  });
});
