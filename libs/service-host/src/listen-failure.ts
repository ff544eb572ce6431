type Env = Record<string, string | undefined>;

/** The HTTP server could not listen on HOST / PORT; names the variable, its value and what to do. */
export class ListenError extends Error {
  readonly code = 'LISTEN_FAILED';
  override readonly name = 'ListenError';

  constructor(
    readonly variable: 'HOST' | 'PORT',
    message: string,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

interface SystemError {
  code?: unknown;
  syscall?: unknown;
  hostname?: unknown;
  address?: unknown;
  port?: unknown;
}

const ANY_INTERFACE = 'unset it to listen on every interface (0.0.0.0)';

/**
 * Explains a failed `listen` in terms of the HOST and PORT variables, or returns undefined when
 * `error` is something else. Node's own message ("getaddrinfo ENOTFOUND not-a-host") names neither.
 * A name that does not resolve counts only when it is HOST's value: a storage or Service Bus host
 * that does not resolve fails with the same code and must keep its own message.
 */
export function explainListenFailure(error: unknown, env: Env): ListenError | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { code, syscall, hostname, address, port } = error as SystemError;
  if (syscall === 'getaddrinfo' && (code === 'ENOTFOUND' || code === 'EAI_AGAIN')) {
    const host = env['HOST']?.trim();
    if (!host || hostname !== host) return undefined;
    return new ListenError(
      'HOST',
      `HOST=${host} does not resolve to an address (getaddrinfo ${code}): set HOST to an address of this machine such as 127.0.0.1, or ${ANY_INTERFACE}`,
      error,
    );
  }
  if (syscall !== 'listen' && syscall !== 'bind') return undefined;
  const host = String(address ?? env['HOST']?.trim() ?? '0.0.0.0');
  const on = `PORT=${String(port ?? env['PORT']?.trim() ?? '')} on HOST=${host}`;
  switch (code) {
    case 'EADDRINUSE':
      return new ListenError('PORT', `${on} is already in use (EADDRINUSE): stop the process that holds it, or set PORT to a free port (0 picks any)`, error);
    case 'EACCES':
      return new ListenError(
        'PORT',
        `${on} is not allowed for this user (EACCES): set PORT to 1024 or above, or give the process the right to bind low ports (CAP_NET_BIND_SERVICE)`,
        error,
      );
    case 'EADDRNOTAVAIL':
      return new ListenError('HOST', `HOST=${host} is not an address of this machine (EADDRNOTAVAIL): set HOST to one of its addresses, or ${ANY_INTERFACE}`, error);
    default:
      return undefined;
  }
}
