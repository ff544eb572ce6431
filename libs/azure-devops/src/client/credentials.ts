import type { RequestOptions } from 'node:http';
import type { IRequestHandler, IHttpClientResponse } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';

/**
 * `pat`: personal access token, sent as Basic with an empty user name.
 * `bearer`: OAuth / pipeline `System.AccessToken` (the AuthToken header of a check call).
 */
export type AzureDevOpsCredential = { readonly kind: 'pat'; readonly token: string } | { readonly kind: 'bearer'; readonly token: string };

export function patCredential(token: string): AzureDevOpsCredential {
  return { kind: 'pat', token };
}

export function bearerCredential(token: string): AzureDevOpsCredential {
  return { kind: 'bearer', token };
}

export function authorizationHeader(credential: AzureDevOpsCredential): string {
  return credential.kind === 'pat'
    ? `Basic ${Buffer.from(`:${credential.token}`).toString('base64')}`
    : `Bearer ${credential.token}`;
}

/**
 * Request handler for azure-devops-node-api. The token lives in a closure rather than a property
 * so that logging or serializing the handler (or a client holding it) cannot reveal it.
 */
export function credentialHandler(credential: AzureDevOpsCredential): IRequestHandler {
  const header = authorizationHeader(credential);
  return {
    prepareRequest(options: RequestOptions): void {
      const headers = (options.headers ?? {}) as Record<string, string>;
      headers['authorization'] = header;
      // Without this, a bad token yields a 302/203 to a sign-in page instead of a 401.
      headers['x-tfs-fedauthredirect'] = 'Suppress';
      options.headers = headers;
    },
    canHandleAuthentication(_response: IHttpClientResponse): boolean {
      return false;
    },
    handleAuthentication(): Promise<IHttpClientResponse> {
      return Promise.reject(new Error('credential handlers do not renegotiate authentication'));
    },
  };
}
