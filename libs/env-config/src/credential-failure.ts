// What @azure/identity throws when DefaultAzureCredential gets no token. Matched by name: the package
// may be installed more than once, and such errors may carry the token endpoint's status (e.g. 400 for
// an unknown client id), which must not be taken for the called service refusing the request.
const CREDENTIAL_FAILURES = new Set(['AuthenticationError', 'AggregateAuthenticationError', 'CredentialUnavailableError', 'AuthenticationRequiredError']);

/** Whether `error` is an Entra ID sign-in that failed (no token, so no request was sent). */
export function isCredentialFailure(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && CREDENTIAL_FAILURES.has(name);
}
