import { errorFields, isError } from './error-fields';

/** What a redacted value is replaced with in logs. */
export const REDACTED = '[REDACTED]';

const MAX_DEPTH = 12;

// Field names whose values are secrets wherever they appear (compared lower-case, without - and _).
const secretFieldNames = new Set([
  'authorization',
  'proxyauthorization',
  'xhookkey',
  'hookkey',
  'hookkeys',
  'authtoken',
  'password',
  'passwd',
  'pwd',
  'token',
  'secret',
  'apikey',
  'pat',
  'cookie',
  'setcookie',
  'connectionstring',
  'storageconnectionstring',
  'servicebusconnectionstring',
  'sharedaccesskey',
  'accountkey',
  'sharedaccesssignature',
  'gatetokenkey',
  'gatetokenpreviouskeys',
  'eventgridkey',
  'xapikey',
  // Event Grid, API Management and Azure Functions access keys, sent as headers
  'aegsaskey',
  'ocpapimsubscriptionkey',
  'subscriptionkey',
  'xfunctionskey',
  'functionskey',
]);

// `code` is only a secret as a query parameter (the ASP.NET WebHooks convention); elsewhere it is an error code.
const queryContainers = new Set(['query', 'querystring', 'searchparams', 'params']);

function normalizeFieldName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

// Field names repeat endlessly in logs, so each one is classified once (bounded, in case names are data).
const secretNameCache = new Map<string, boolean>();
const MAX_CACHED_NAMES = 10_000;

function isSecretName(name: string): boolean {
  let secret = secretNameCache.get(name);
  if (secret === undefined) {
    const key = normalizeFieldName(name);
    secret = secretFieldNames.has(key) || key.endsWith('token') || key.endsWith('secret') || key.endsWith('password');
    if (secretNameCache.size < MAX_CACHED_NAMES) secretNameCache.set(name, secret);
  }
  return secret;
}

/** Whether a field of this name holds a secret (`parent` is the name of the object holding it). */
export function isSecretField(name: string, parent?: string): boolean {
  if (isSecretName(name)) return true;
  return name.length === 4 && name.toLowerCase() === 'code' && parent !== undefined && queryContainers.has(normalizeFieldName(parent));
}

const textPatterns: Array<[RegExp, string]> = [
  // ?code=…, &key=…, &apiKey=…, access_token=…, client_secret=… in URLs and messages
  [/([?&;](?:code|sig|signature|[\w.-]*?(?:key|token|secret|password))=)[^&#\s"'<>]*/gi, `$1${REDACTED}`],
  // Authorization header values quoted in text
  [/\b(Basic|Bearer)\s+[\w.~+/=-]{4,}/gi, `$1 ${REDACTED}`],
  // Service Bus / Storage connection strings and SAS tokens
  [/\b(SharedAccessKey|AccountKey|SharedAccessSignature)=[^;\s"']*/gi, `$1=${REDACTED}`],
  // user:password@ in URLs, the password up to the last @ (it may hold an unencoded / or @)
  [/(\/\/[^\s"'<>/?#@:]*:)[^\s"'<>]*@/g, `$1${REDACTED}@`],
  // a token alone as user info: https://<PAT>@dev.azure.com/…
  [/(\/\/)[^\s"'<>/?#@:]+@/g, `$1${REDACTED}@`],
];

// A header quoted as a header line or as JSON (`X-Hook-Key: <key>`, `"aeg-sas-key":"<key>"`); its value
// is redacted when the name is a secret field name (those of key and token headers end in these words).
const headerLine = /(?<![\w-])([\w-]*(?:key|token|secret|password))(["']?[ \t]*:[ \t]*["']?)[^\s"',;}]+/gi;

// `AZURE_DEVOPS_TOKEN: is required by …`: a configuration error names the variable, then the problem
// (never its value). An environment variable's name is upper case; a header's is not, nor is a JSON key
// in quotes.
const isSettingProblem = (name: string, separator: string) => /^[A-Z][A-Z0-9_]*$/.test(name) && !/["']/.test(separator);

// "the topic refused the token: give the identity …": a bare word in a sentence, not a header (those
// have a prefix, as X-Hook-Key or AuthToken) nor a JSON key (quoted).
const isProse = (name: string, separator: string) => /^(?:key|token|secret|password)$/i.test(name) && !/["']/.test(separator);

// Every pattern needs one of these (or a percent-encoded one); most log strings (ids, names, messages) have none.
const mayHoldPatternSecret = /[=@%]|Basic|Bearer|(?:key|token|secret|password)["']?[ \t]*:/i;

/** Whether `scrubText` could change `text`: it contains a known secret or a character a pattern needs. */
export function mayHoldSecret(text: string, knownSecrets: readonly string[] = []): boolean {
  for (let i = 0; i < knownSecrets.length; i++) {
    if (text.includes(knownSecrets[i])) return true;
  }
  return mayHoldPatternSecret.test(text);
}

/**
 * Replaces secrets that can be recognised inside free text (URLs, headers, connection strings), also
 * when they are percent-encoded (`/hooks%3Fcode%3D<key>`, a key with `+/=` encoded): then the text is
 * given back decoded, with the secret replaced.
 */
export function scrubText(text: string, knownSecrets: readonly string[] = []): string {
  const result = scrubPlainText(text, knownSecrets);
  if (!result.includes('%')) return result;
  const decoded = percentDecoded(result);
  if (decoded === undefined || decoded === result) return result;
  const scrubbed = scrubPlainText(decoded, knownSecrets);
  return scrubbed === decoded ? result : scrubbed;
}

/** The text with its percent-escapes decoded; undefined when a stray % is not an escape. */
export function percentDecoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined; // a stray % that is not an escape
  }
}

function scrubPlainText(text: string, knownSecrets: readonly string[]): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  if (!mayHoldPatternSecret.test(result)) return result;
  for (const [pattern, replacement] of textPatterns) {
    result = result.replace(pattern, replacement);
  }
  return result.replace(headerLine, (line, name: string, separator: string) =>
    isSecretName(name) && !isSettingProblem(name, separator) && !isProse(name, separator) ? `${name}${separator}${REDACTED}` : line,
  );
}

/**
 * Returns a copy of `value` with secret fields and secrets inside strings replaced by `[REDACTED]`.
 * Never mutates its input; cycles and very deep objects are cut short instead of overflowing the stack.
 */
export function redactSecrets<T>(value: T, knownSecrets: readonly string[] = []): T {
  const seen = new WeakSet<object>();
  const walk = (current: unknown, parent: string | undefined, depth: number): unknown => {
    if (typeof current === 'string') return scrubText(current, knownSecrets);
    if (current === null || typeof current !== 'object') return current;
    if (current instanceof Date) return current;
    // Bytes may be a key (a key ring holds GATE_TOKEN_KEY as a Buffer): only their size is written.
    if (ArrayBuffer.isView(current)) return `[${current.constructor.name} ${current.byteLength} bytes]`;
    if (seen.has(current)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[Truncated]';
    // An error is written as its message, stack and fields, wherever it is (its JSON would be its fields alone).
    const fields = isError(current) ? errorFields(current) : undefined;
    // The JSON of a URL (or any object with toJSON) is what toJSON returns, not its fields: redact that.
    const toJSON = (current as { toJSON?: unknown }).toJSON;
    if (fields === undefined && typeof toJSON === 'function') {
      try {
        return walk(toJSON.call(current) as unknown, parent, depth + 1);
      } catch {
        return '[Unserializable]';
      }
    }
    seen.add(current);
    try {
      if (Array.isArray(current)) return current.map((item) => walk(item, parent, depth + 1));
      const source = fields ?? (current as Record<string, unknown>);
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(source)) {
        const item = source[key];
        copy[key] = isSecretField(key, parent) && item !== undefined && item !== null ? REDACTED : walk(item, key, depth + 1);
      }
      return copy;
    } finally {
      seen.delete(current);
    }
  };
  return walk(value, undefined, 0) as T;
}
