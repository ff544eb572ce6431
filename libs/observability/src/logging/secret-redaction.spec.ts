import { isSecretField, redactSecrets, REDACTED, scrubText } from './secret-redaction';

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

describe('isSecretField', () => {
  it('knows the key headers of Event Grid, API Management and Azure Functions, in any case and with - or _', () => {
    for (const name of ['aeg-sas-key', 'Aeg-Sas-Key', 'AEG_SAS_KEY', 'aeg-sas-token', 'Ocp-Apim-Subscription-Key', 'ocpApimSubscriptionKey', 'x-functions-key', 'X_FUNCTIONS_KEY']) {
      expect(isSecretField(name)).toBe(true);
    }
    for (const name of ['keyName', 'partitionKey', 'key-id', 'cacheKey']) expect(isSecretField(name)).toBe(false);
  });

  it('redacts a PAT field and any field whose name ends in password, secret or token', () => {
    const config = { pat: 'q3x7-pat-value', adminPassword: 'pw-value-1', db_password: 'pw-value-2', clientSecret: 'cs-value-1', AZURE_CLIENT_SECRET: 'cs-value-2', refresh_token: 'rt-value', keyName: 'primary', passwordPolicy: 'strong' };
    expect(redactSecrets(config)).toEqual({
      pat: REDACTED,
      adminPassword: REDACTED,
      db_password: REDACTED,
      clientSecret: REDACTED,
      AZURE_CLIENT_SECRET: REDACTED,
      refresh_token: REDACTED,
      keyName: 'primary',
      passwordPolicy: 'strong',
    });
  });
});

describe('scrubText of header lines', () => {
  it('redacts the value of a secret header quoted in text, as a header line or as JSON', () => {
    expect(scrubText('request had X-Hook-Key: s3cr3t-hook and Content-Type: application/json')).toBe(`request had X-Hook-Key: ${REDACTED} and Content-Type: application/json`);
    expect(scrubText('aeg-sas-key:s3cr3t-sas\nocp-apim-subscription-key:  s3cr3t-apim')).toBe(`aeg-sas-key:${REDACTED}\nocp-apim-subscription-key:  ${REDACTED}`);
    expect(scrubText('headers {"x-functions-key":"s3cr3t-fn","accept":"*/*"}')).toBe(`headers {"x-functions-key":"${REDACTED}","accept":"*/*"}`);
    expect(scrubText("{ accessToken: 's3cr3t-at', AuthToken: s3cr3t-pipeline }")).toBe(`{ accessToken: '${REDACTED}', AuthToken: ${REDACTED} }`);
  });

  it('redacts a quoted JSON key even when it looks like a variable name or a bare word (an environment or a body dumped as JSON)', () => {
    expect(scrubText('env {"AZURE_DEVOPS_TOKEN":"q3x7-pat-value","LOG_LEVEL":"info"}')).toBe(`env {"AZURE_DEVOPS_TOKEN":"${REDACTED}","LOG_LEVEL":"info"}`);
    expect(scrubText(`body {"token":"s3cr3t-at","password": 's3cr3t-pw'}`)).toBe(`body {"token":"${REDACTED}","password": '${REDACTED}'}`);
  });

  it('leaves words like key and token alone when they are not a secret header, and configuration errors naming a variable', () => {
    for (const text of [
      'RELEASE_PIPELINES_TOKEN: is required by rules.yaml: set it to an Azure DevOps personal access token',
      'EVENTGRID_KEY: is set but EVENTGRID_ENDPOINT is not',
      'the topic refused the Entra ID token: give the workload identity the "EventGrid Data Sender" role',
      'could not read the secret: the vault answered 403',
      'unknown hook key: primary', 'partitionKey: fabrikam', 'key: value', 'next page token expected: none', 'keys: 2']) {
      expect(scrubText(text)).toBe(text);
    }
  });
});
