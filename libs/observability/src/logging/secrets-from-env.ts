import { OTLP_SECRET_VARIABLES, otlpSecretsFromEnv } from './otlp-secrets';

/** The variables that hold secrets in any switchyard service (and the all-in-one run, which shares one environment). */
export const SECRET_VARIABLES = [
  'HOOK_KEYS',
  'AZURE_DEVOPS_TOKEN',
  'GATE_TOKEN_KEY',
  'GATE_TOKEN_PREVIOUS_KEYS',
  'EVENTGRID_KEY',
  'SERVICEBUS_CONNECTION_STRING',
  'STORAGE_CONNECTION_STRING',
] as const;

/** Shorter "secrets" would blank out ordinary words (a placeholder `HOOK_KEYS=ado:e` every "e"), so they are only caught by field name. */
export const MIN_KNOWN_SECRET_LENGTH = 6;

// The parts of a connection string that are secrets (the endpoint and account name are not).
const connectionStringKey = /(?:^|;)\s*(?:AccountKey|SharedAccessKey|SharedAccessSignature)\s*=([^;]+)/gi;

/**
 * The secret values held by these environment variables, for `createLogger`'s `secrets`: each value
 * trimmed, with the items of a comma-separated list (GATE_TOKEN_PREVIOUS_KEYS) after it; of a
 * `…CONNECTION_STRING` only its keys, of HOOK_KEYS only the secrets of its name:secret pairs. Unset and
 * empty variables give nothing, and so do values shorter than MIN_KNOWN_SECRET_LENGTH. The trace
 * exporter's credentials (see otlpSecretsFromEnv) come with them.
 */
export function secretsFromEnv(env: Record<string, string | undefined>, variables: readonly string[] = SECRET_VARIABLES): string[] {
  const ofVariables = variables.flatMap((variable) => {
    const value = env[variable]?.trim();
    if (!value) return [];
    if (variable.endsWith('CONNECTION_STRING')) return Array.from(value.matchAll(connectionStringKey), (match) => match[1].trim());
    const items = value.split(',').map((item) => item.trim()).filter(Boolean);
    if (variable === 'HOOK_KEYS') return items.map((pair) => pair.slice(pair.indexOf(':') + 1).trim()).filter(Boolean);
    return items.length > 1 ? [value, ...items] : [value];
  });
  // The trace exporter's credentials (OTEL_EXPORTER_OTLP_*HEADERS, endpoint user info and query) too.
  return [...ofVariables, ...otlpSecretsFromEnv(env)].filter((secret) => secret.length >= MIN_KNOWN_SECRET_LENGTH);
}

/**
 * `secretsFromEnv(env)` as it is whenever asked, for callers that ask often (each Azure SDK span): the
 * variables are read at every call, and parsed again only when one of them changed (npm start writes
 * the keys it generates after tracing started). The list given back is shared: callers must not change it.
 */
export function secretsFromEnvAsItChanges(env: Record<string, string | undefined>): () => readonly string[] {
  const variables = [...SECRET_VARIABLES, ...OTLP_SECRET_VARIABLES];
  let read: Array<string | undefined> | undefined;
  let secrets: readonly string[] = [];
  return () => {
    if (read === undefined || variables.some((variable, i) => env[variable] !== read?.[i])) {
      read = variables.map((variable) => env[variable]);
      secrets = Object.freeze(secretsFromEnv(env));
    }
    return secrets;
  };
}
