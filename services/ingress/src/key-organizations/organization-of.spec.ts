import { organizationOf } from './organization-of';

describe('organizationOf', () => {
  it.each([
    ['https://dev.azure.com/Fabrikam/', 'https://FABRIKAM.visualstudio.com/DefaultCollection/_apis/build'],
    ['https://dev.azure.com/fabrikam', 'https://vsrm.dev.azure.com/fabrikam/_apis/release'],
    ['https://tfs.corp/tfs/DefaultCollection/', 'https://TFS.corp/tfs/defaultcollection'],
    ['https://tfs.corp/tfs/DefaultCollection/', 'https://tfs.corp/tfs/DefaultCollection/Project/_apis/build/builds/1'],
    ['http://fabrikam:8080/Fabrikam-Fiber-Git/', 'http://fabrikam:8080/Fabrikam-Fiber-Git/_apis/wit/workItems/12'],
  ])('sees %s and %s as one organization', (a, b) => {
    expect(organizationOf(a)?.identity).toBe(organizationOf(b)?.identity);
  });

  it.each([
    ['https://dev.azure.com/fabrikam/', 'https://dev.azure.com/fabrikam-evil/'],
    ['https://dev.azure.com/fabrikam/', 'https://fabrikam.example.com/'],
    ['https://tfs.corp/tfs/DefaultCollection/', 'https://tfs.corp/tfs/OtherCollection/'],
    ['https://tfs.corp/tfs/DefaultCollection/', 'https://tfs.corp.evil.com/tfs/DefaultCollection/'],
    ['https://tfs.corp/tfs/DefaultCollection/', 'http://tfs.corp/tfs/DefaultCollection/'],
  ])('tells %s from %s', (a, b) => {
    expect(organizationOf(a)?.identity).not.toBe(organizationOf(b)?.identity);
  });

  it.each(['https://dev.azure.com/', 'https://app.vssps.visualstudio.com/', 'not a url', 'ftp://tfs.corp/tfs/C/'])('finds no organization in %s', (raw) => {
    expect(organizationOf(raw)).toBeUndefined();
  });

  it('shows the organization only, never the rest of a URL that a token could be pasted into', () => {
    const token = 'eyJ0eXAiOiJKV1QifQ.live-token';
    expect(organizationOf(`https://dev.azure.com/contoso/${token}/`)?.shown).toBe('https://dev.azure.com/contoso/');
    expect(organizationOf(`https://tfs.corp/tfs/Collection/${token}`)?.shown).toBe('https://tfs.corp/tfs/Collection/');
    expect(organizationOf(`https://tfs.corp/Collection/${token}/`)?.shown).toBe('https://tfs.corp/Collection/…');
    expect(organizationOf('https://tfs.corp/Collection')?.shown).toBe('https://tfs.corp/Collection/');
    expect(organizationOf('https://fabrikam.visualstudio.com/DefaultCollection/_apis')?.shown).toBe('https://fabrikam.visualstudio.com/');
  });

  // A JWT is a valid organization or collection name as far as the URL goes: where a PlanUrl holds one, it is not quoted.
  const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJuYW1laWQiOiJhYmMifQ.c2lnbmF0dXJl';
  it.each([
    [`https://dev.azure.com/${jwt}/`, 'https://dev.azure.com/…'],
    [`https://tfs.corp/tfs/${jwt}/`, 'https://tfs.corp/tfs/…'],
    [`https://tfs.corp/${jwt}/`, 'https://tfs.corp/…'],
    [`https://tfs.corp/${jwt}/_apis/build`, 'https://tfs.corp/…'],
    [`https://${jwt.slice(0, 36)}.${jwt.slice(37, 63)}.build-servers.tfs.fabrikam.example/tfs/DefaultCollection/`, '(a URL of'],
  ])('quotes %s only as %s…, telling its length', (raw, start) => {
    const { shown, identity } = organizationOf(raw) ?? { shown: '', identity: '' };
    expect(shown.startsWith(start)).toBe(true);
    expect(shown).toMatch(/\(a URL of \d+ characters\)$/);
    expect(shown).not.toContain(jwt.slice(0, 20));
    expect(identity).not.toBe('');
  });
});
