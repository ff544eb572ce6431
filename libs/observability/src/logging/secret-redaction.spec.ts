import { REDACTED, scrubText } from './secret-redaction';

describe('scrubText', () => {
  it('redacts credentials after an auth scheme whatever its case', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'Basic', 'basic']) {
      const text = `calling with ${scheme} abcd1234secret`;
      expect(scrubText(text)).toBe(`calling with ${scheme} ${REDACTED}`);
    }
  });

  it('redacts a key-like parameter or a known secret that is percent-encoded, giving the text back decoded', () => {
    expect(scrubText('/hooks/azure-devops%3Fcode%3Dold-key-1234567890')).toBe('/hooks/azure-devops?code=[REDACTED]');
    expect(scrubText('/hooks/azure-devops%26code%3Dold-key-1234567890')).toBe('/hooks/azure-devops&code=[REDACTED]');
    expect(scrubText('/hooks/Abc%2BDef%2FGhi%3DJkl0123', ['Abc+Def/Ghi=Jkl0123'])).toBe('/hooks/[REDACTED]');
    // Encoded text without a secret, or with a stray %, stays as it was.
    expect(scrubText('/badges/My%20Project/CI')).toBe('/badges/My%20Project/CI');
    expect(scrubText('100% done, code=abc')).toBe('100% done, code=abc');
  });

  it('redacts hook keys in query strings and passwords in URLs', () => {
    expect(scrubText('POST /hooks/azure-devops?code=k3y-value&x=1')).toBe(`POST /hooks/azure-devops?code=${REDACTED}&x=1`);
    expect(scrubText('https://user:pat-value@dev.azure.com/fabrikam')).toBe(`https://user:${REDACTED}@dev.azure.com/fabrikam`);
  });

  it('redacts every form of user info in a URL: an empty user, a token alone, a password with / or @ in it', () => {
    expect(scrubText('queues builds in https://:q3x7patsecret@dev.azure.com/fabrikam/')).toBe(`queues builds in https://:${REDACTED}@dev.azure.com/fabrikam/`);
    expect(scrubText('git clone https://q3x7patsecret@dev.azure.com/fabrikam/_git/app')).toBe(`git clone https://${REDACTED}@dev.azure.com/fabrikam/_git/app`);
    expect(scrubText('entry "https://svc:Pa55/w0rdXYZ@tfs.corp/tfs/Main" is invalid')).toBe(`entry "https://svc:${REDACTED}@tfs.corp/tfs/Main" is invalid`);
    expect(scrubText('https://svc:Pa55@w0rdXYZ@tfs.corp/tfs')).toBe(`https://svc:${REDACTED}@tfs.corp/tfs`);
    expect(scrubText('https://dev.azure.com/fabrikam/_apis/build?x=1 and user@example.com')).toBe('https://dev.azure.com/fabrikam/_apis/build?x=1 and user@example.com');
  });

  it('redacts API keys, tokens and client secrets in query strings, whatever the parameter is called', () => {
    for (const name of ['apiKey', 'api_key', 'subscription-key', 'x-functions-key', 'access_token', 'client_secret', 'signature']) {
      expect(scrubText(`GET https://metrics.example/rate?window=5m&${name}=s3cr3t-value`)).toBe(`GET https://metrics.example/rate?window=5m&${name}=${REDACTED}`);
    }
    expect(scrubText('GET /_apis/build/builds?api-version=7.1&$top=10')).toBe('GET /_apis/build/builds?api-version=7.1&$top=10');
  });
});
