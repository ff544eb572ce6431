import { percentDecoded } from './secret-redaction';
type Env = Record<string, string | undefined>;

const HEADER_VARIABLES = ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'];
const ENDPOINT_VARIABLES = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];

/** The variables otlpSecretsFromEnv reads. */
export const OTLP_SECRET_VARIABLES: readonly string[] = [...HEADER_VARIABLES, ...ENDPOINT_VARIABLES];

/**
 * Credentials the trace exporter's configuration may hold, in every form they can be quoted in:
 * OTLP header values (`api-key=<key>`, percent-encoded per the specification; the SDK sends what comes
 * before a `;` property, and of `Basic <credential>` / `Bearer <token>` the credential on its own is
 * a secret too), and the user info and query values of the endpoint URLs.
 */
export function otlpSecretsFromEnv(env: Env): string[] {
  const headers = HEADER_VARIABLES.flatMap((variable) =>
    (env[variable] ?? '').split(',').flatMap((pair) => {
      if (!pair.includes('=')) return [];
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      return value ? headerValueForms(value) : [];
    }),
  );
  const inUrls = ENDPOINT_VARIABLES.flatMap((variable) => {
    const value = env[variable]?.trim();
    if (!value || !URL.canParse(value)) return [];
    const url = new URL(value);
    return [url.username, url.password, ...url.searchParams.values()].flatMap((part) => [part, decoded(part)]);
  });
  return [...new Set([...headers, ...inUrls])].filter(Boolean);
}

function headerValueForms(value: string): string[] {
  const sent = value.split(';')[0].trim();
  const forms = [value, sent, decoded(value), decoded(sent)];
  const credential = /^(?:Basic|Bearer)\s+(\S+)$/i.exec(decoded(sent))?.[1];
  return credential ? [...forms, credential] : forms;
}

const decoded = (value: string) => percentDecoded(value) ?? value;
