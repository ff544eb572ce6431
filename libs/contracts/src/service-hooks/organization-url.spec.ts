import { cloudOrganizationOf, organizationIdentity, organizationPathOf, organizationUrlFromUrl, organizationUrlOf, sameOrganization } from './organization-url';

describe('organizationUrlFromUrl', () => {
  it.each([
    ['https://dev.azure.com/fabrikam/Project/_apis/build/builds/1', 'https://dev.azure.com/fabrikam/'],
    ['https://dev.azure.com/fabrikam/DefaultCollection/_git/Repo', 'https://dev.azure.com/fabrikam/'],
    ['http://vsrm.dev.azure.com/fabfiber/DefaultCollection/P/_apis/Release/releases/1', 'https://dev.azure.com/fabfiber/'],
    ['https://vssps.dev.azure.com/fabrikam/_apis/Identities/54d1', 'https://dev.azure.com/fabrikam/'],
    ['https://fabrikam.visualstudio.com/DefaultCollection/_apis/git/repositories/4b', 'https://fabrikam.visualstudio.com/'],
    ['http://fabfiber.vsrm.visualstudio.com/DefaultCollection/P/_apis/Release/releases/1', 'https://fabfiber.visualstudio.com/'],
    ['https://FabFiber.VisualStudio.com/', 'https://fabfiber.visualstudio.com/'],
    ['https://tfs.contoso.com:8080/tfs/DefaultCollection/Project/_apis/build', 'https://tfs.contoso.com:8080/tfs/DefaultCollection/'],
    ['http://fabrikam:8080/tfs/Fabrikam%20Collection/_apis/projects', 'http://fabrikam:8080/tfs/Fabrikam%20Collection/'],
    ['https://good-company.some.ssl.host/DefaultCollection/71777fbc/_apis/build/Builds/2', 'https://good-company.some.ssl.host/DefaultCollection/'],
  ])('%s → %s', (url, expected) => {
    expect(organizationUrlFromUrl(url)).toBe(expected);
  });

  it.each([
    ['not a url'],
    ['ftp://dev.azure.com/fabrikam/'],
    ['https://dev.azure.com/'],
    ['https://dev.azure.com/_apis/resourceAreas'],
    ['https://app.vssps.visualstudio.com/_apis/profile'],
    // On-prem links without a route segment cannot tell the collection apart from a web page.
    ['https://good-company.some.ssl.host/web/build.aspx?id=1'],
    [`https://dev.azure.com/${'a'.repeat(5000)}/`],
    // The Azure DevOps Server / TFS server URL and its own routes: no collection.
    ['http://tfs.corp:8080/tfs/_apis/connectionData'],
    ['http://tfs.corp:8080/TFS/_home'],
  ])('gives no organization for %s', (url) => {
    expect(organizationUrlFromUrl(url)).toBeUndefined();
  });
});

describe('organizationUrlOf', () => {
  it('prefers resourceContainers.collection.baseUrl and keeps an on-prem collection path as is', () => {
    const payload = {
      resourceContainers: { collection: { id: 'c', baseUrl: 'https://tfs.contoso.com/Collection1' } },
      resource: { url: 'https://dev.azure.com/other/_apis/x' },
    };
    expect(organizationUrlOf(payload)).toBe('https://tfs.contoso.com/Collection1/');
  });

  it('prefers the collection over the account: on Azure DevOps Server the account is the server, with its virtual directory', () => {
    const payload = {
      resourceContainers: {
        account: { id: 'a', baseUrl: 'https://ado.corp/devops/' },
        collection: { id: 'c', baseUrl: 'https://ado.corp/devops/DefaultCollection/' },
      },
    };
    expect(organizationUrlOf(payload)).toBe('https://ado.corp/devops/DefaultCollection/');
  });

  // The source is where badges are written and builds queued from, while the bound-key check reads only
  // the collection in it: a baseUrl that goes on past the collection must not carry that path along.
  it.each([
    ['https://tfs.corp/tfs/Coll/Project/', 'https://tfs.corp/tfs/Coll/'],
    ['https://tfs.corp/tfs/Coll/_apis/', 'https://tfs.corp/tfs/Coll/'],
    ['https://tfs.corp/tfs/Coll//', 'https://tfs.corp/tfs/Coll/'],
    ['http://10.1.2.3:8080/TFS/DefaultCollection/_apis/projects', 'http://10.1.2.3:8080/TFS/DefaultCollection/'],
    ['https://ado.corp/Coll/_apis/', 'https://ado.corp/Coll/'],
    ['https://ado.corp/devops/Coll/_apis/projects', 'https://ado.corp/devops/Coll/'],
  ])('writes an on-prem baseUrl %s as its collection URL %s, nothing after it', (baseUrl, organizationUrl) => {
    expect(organizationUrlOf({ resourceContainers: { collection: { baseUrl } } })).toBe(organizationUrl);
  });

  it('passes over a baseUrl that holds only server routes ({origin}/_apis/…), naming no collection', () => {
    const payload = {
      resourceContainers: { collection: { baseUrl: 'https://ado.corp/_apis/' } },
      resource: { url: 'https://ado.corp/DefaultCollection/_apis/git/repositories/4b' },
    };
    expect(organizationUrlOf(payload)).toBe('https://ado.corp/DefaultCollection/');
  });

  it.each([
    ['https://dev.azure.com/contoso', 'https://dev.azure.com/contoso/'],
    ['https://vsrm.dev.azure.com/contoso/', 'https://dev.azure.com/contoso/'],
    ['https://Fabrikam.visualstudio.com/DefaultCollection/', 'https://fabrikam.visualstudio.com/'],
    ['https://fabrikam.vsrm.visualstudio.com/', 'https://fabrikam.visualstudio.com/'],
  ])('writes a cloud baseUrl %s as the organization URL %s', (baseUrl, organizationUrl) => {
    expect(organizationUrlOf({ resourceContainers: { collection: { baseUrl } } })).toBe(organizationUrl);
  });

  // Each place a payload kind carries its own link (release events have no resource.url).
  it.each([
    ['resource', 'url'],
    ['resource', 'repository', 'url'],
    ['resource', 'repository', 'remoteUrl'],
    ['resource', 'deployment', 'release', 'url'],
    ['resource', 'release', 'url'],
    ['resource', 'environment', 'release', 'url'],
    ['resource', 'release', '_links', 'web', 'href'],
    ['resource', 'environment', 'release', '_links', 'web', 'href'],
    ['resource', 'run', '_links', 'web', 'href'],
    ['resource', 'pipeline', 'url'],
    ['resource', 'stage', '_links', 'web', 'href'],
    ['resource', 'stage', '_links', 'pipeline.web', 'href'],
    ['resource', 'definition', 'url'],
    ['resource', 'approval', 'release', 'url'],
    ['resource', '_links', 'web', 'href'],
  ])('finds the organization in a link at %s.%s…, the only one in the payload', (...path) => {
    const payload = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), 'https://dev.azure.com/fabrikam/P/_apis/x/1');
    expect(organizationUrlOf(payload)).toBe('https://dev.azure.com/fabrikam/');
  });

  it('uses account.baseUrl when the collection has none', () => {
    expect(organizationUrlOf({ resourceContainers: { account: { baseUrl: 'https://dev.azure.com/fabrikam/' } } })).toBe(
      'https://dev.azure.com/fabrikam/',
    );
  });

  it('falls back to the links in the message when the resource has no URL', () => {
    const payload = {
      resource: {},
      message: { html: "Build <a href='https://dev.azure.com/fabrikam/web/build.aspx?id=1'>1</a> succeeded" },
    };
    expect(organizationUrlOf(payload)).toBe('https://dev.azure.com/fabrikam/');
  });

  it('passes over a baseUrl that is a TFS server URL, naming no collection, for the resource URL', () => {
    const payload = {
      resourceContainers: { account: { baseUrl: 'http://tfs.corp:8080/tfs/' } },
      resource: { url: 'http://tfs.corp:8080/tfs/DefaultCollection/_apis/git/repositories/4b' },
    };
    expect(organizationUrlOf(payload)).toBe('http://tfs.corp:8080/tfs/DefaultCollection/');
  });

  it('passes over a baseUrl that is a server root, naming no collection, for the resource URL', () => {
    const payload = {
      resourceContainers: { account: { baseUrl: 'https://ado.corp/' } },
      resource: { url: 'https://ado.corp/DefaultCollection/_apis/git/repositories/4b' },
    };
    expect(organizationUrlOf(payload)).toBe('https://ado.corp/DefaultCollection/');
  });

  it('gives no organization for a hook whose URLs are all under a TFS server URL without a collection', () => {
    const payload = {
      resourceContainers: { account: { baseUrl: 'http://tfs.corp:8080/tfs' } },
      resource: { url: 'http://tfs.corp:8080/tfs/_apis/connectionData' },
      message: { html: "See <a href='http://tfs.corp:8080/tfs/_home'>the server</a>" },
    };
    expect(organizationUrlOf(payload)).toBeUndefined();
  });

  it('is undefined when nothing names an organization', () => {
    expect(organizationUrlOf({ resource: { url: 42 }, message: { text: 'hello' } })).toBeUndefined();
    expect(organizationUrlOf(null)).toBeUndefined();
  });
});

describe('cloudOrganizationOf', () => {
  it.each([
    ['https://dev.azure.com/Fabrikam/', 'fabrikam'],
    ['https://vsrm.dev.azure.com/fabrikam/', 'fabrikam'],
    ['https://fabrikam.visualstudio.com/', 'fabrikam'],
    ['https://fabrikam.vsrm.visualstudio.com/', 'fabrikam'],
  ])('names the organization of %s', (url, organization) => {
    expect(cloudOrganizationOf(url)?.name.toLowerCase()).toBe(organization);
  });

  it.each(['https://dev.azure.com/', 'https://dev.azure.com/_apis/', 'https://vssps.visualstudio.com/', 'https://vsrm.visualstudio.com/_apis/Release', 'https://marketplace.visualstudio.com/items', 'https://tfs.corp/tfs/DefaultCollection/', 'https://dev.azure.com.evil.com/fabrikam/', 'not a url'])(
    'has no organization for %s',
    (url) => {
      expect(cloudOrganizationOf(url)).toBeUndefined();
    },
  );
});

describe('organizationPathOf', () => {
  it.each([
    ['https://dev.azure.com/fabrikam/P/_apis/build/builds/1', ['P', '_apis', 'build', 'builds', '1']],
    ['https://dev.azure.com/fabrikam/DefaultCollection/P/_git/Repo', ['P', '_git', 'Repo']],
    ['https://fabrikam.visualstudio.com/defaultcollection/P/_git/Repo', ['P', '_git', 'Repo']],
    ['https://fabrikam.visualstudio.com/P/_build', ['P', '_build']],
    ['https://tfs.contoso.com:8080/tfs/DefaultCollection/P/_apis/build', ['P', '_apis', 'build']],
    ['https://good-company.some.ssl.host/DefaultCollection/P/_apis/build/Builds/2', ['P', '_apis', 'build', 'Builds', '2']],
  ])('gives the path after the organization or collection of %s', (url, rest) => {
    expect(organizationPathOf(url)).toEqual({ organizationUrl: organizationUrlFromUrl(url), rest });
  });
});

describe('sameOrganization', () => {
  it.each([
    ['https://dev.azure.com/Fabrikam/', 'https://fabrikam.visualstudio.com/', true],
    ['https://dev.azure.com/fabrikam/', 'https://dev.azure.com/contoso/', false],
    ['https://tfs.contoso.com/tfs/Collection1/', 'https://tfs.contoso.com/tfs/collection1/', true],
    ['https://tfs.contoso.com/tfs/Collection1/', 'https://tfs.contoso.com/tfs/Collection2/', false],
    ['https://dev.azure.com/fabrikam/', 'https://tfs.contoso.com/fabrikam/', false],
    ['https://tfs.contoso.com:8080/Collection1', 'https://tfs.contoso.com:8080/collection1/', true],
    ['https://tfs.contoso.com/tfs/Collection1/_apis/build/builds/7', 'https://tfs.contoso.com/tfs/collection1', true],
    ['https://dev.azure.com/', 'https://dev.azure.com/', false],
    ['not a url', 'not a url', false],
  ])('%s and %s: %s', (a, b, same) => {
    expect(sameOrganization(a, b)).toBe(same);
  });
});

describe('organizationIdentity', () => {
  it.each([
    ['https://Fabrikam.visualstudio.com/Project/_apis/build', 'https://dev.azure.com/fabrikam/'],
    ['https://vsrm.dev.azure.com/FABRIKAM/_apis/release', 'https://dev.azure.com/fabrikam/'],
    ['https://tfs.contoso.com/tfs/Main?x=1#y', 'https://tfs.contoso.com/tfs/main/'],
    ['http://tfs.contoso.local:8080/DefaultCollection', 'http://tfs.contoso.local:8080/defaultcollection/'],
    ['http://tfs.corp:8080/tfs/DefaultCollection', 'http://tfs.corp:8080/tfs/defaultcollection/'],
    ['http://TFS.corp:8080/Tfs/DefaultCollection/', 'http://tfs.corp:8080/tfs/defaultcollection/'],
    ['https://dev.azure.com/tfs', 'https://dev.azure.com/tfs/'],
    // A custom virtual directory and its collection: two segments, one collection.
    ['https://ado.corp/DefaultCollection/Fabrikam', 'https://ado.corp/defaultcollection/fabrikam/'],
  ])('%s is %s', (url, identity) => {
    expect(organizationIdentity(url)).toBe(identity);
  });

  it.each([
    'https://dev.azure.com/',
    'https://vssps.visualstudio.com/',
    'ftp://tfs.contoso.com/tfs/Main',
    'dev.azure.com/fabrikam',
    // The server URL the TFS admin console shows, in any case: it names no collection.
    'http://tfs.corp:8080/tfs/',
    'http://tfs.corp:8080/tfs',
    'HTTP://TFS.CORP:8080/TFS/',
    'https://tfs.corp/Tfs',
    'http://tfs.corp:8080/tfs/_apis/projects',
    // An Azure DevOps Server without a virtual directory: its collections are https://ado.corp/{Collection}.
    'https://ado.corp',
    'https://ado.corp/',
    'http://ADO.corp:8080',
  ])('%s names no organization', (url) => {
    expect(organizationIdentity(url)).toBeUndefined();
  });

  it('keeps a server URL from matching its collections', () => {
    expect(sameOrganization('http://tfs.corp:8080/tfs', 'http://tfs.corp:8080/tfs/')).toBe(false);
    expect(sameOrganization('http://tfs.corp:8080/tfs/', 'http://tfs.corp:8080/tfs/DefaultCollection/')).toBe(false);
    expect(sameOrganization('https://ado.corp', 'https://ado.corp/')).toBe(false);
    expect(sameOrganization('https://ado.corp/', 'https://ado.corp/DefaultCollection/')).toBe(false);
  });
});
