const PROTOCOLS = ['nats:', 'tls:'];

/** What the NATS client's `connect()` takes from NATS_URL. */
export interface NatsConnectionOptions {
  servers: string[];
  user?: string;
  pass?: string;
  token?: string;
}

/**
 * Reads NATS_URL the way NATS tools do: one or more comma-separated server URLs (a cluster), with
 * credentials in the URL, `nats://user:password@host:4222` or `nats://token@host:4222`. The
 * credentials become connection options and are stripped from the server list, which the client
 * may log. Throws a message naming the problem, never the value (it may hold a password).
 */
export function natsConnectionOptions(natsUrl: string): NatsConnectionOptions {
  const servers: string[] = [];
  const credentials: Array<Omit<NatsConnectionOptions, 'servers'>> = [];
  for (const [index, part] of natsUrl.split(',').entries()) {
    let url: URL;
    try {
      url = new URL(part.trim());
    } catch {
      throw new Error(`server ${index + 1} is not a URL (expected nats://host:port)`);
    }
    if (!PROTOCOLS.includes(url.protocol) || !url.hostname) {
      throw new Error(`server ${index + 1} must be a nats:// or tls:// URL with a host`);
    }
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    if (user && url.password) credentials.push({ user, pass });
    else if (user) credentials.push({ token: user });
    servers.push(`${url.protocol}//${url.host}`);
  }
  const distinct = new Set(credentials.map((c) => JSON.stringify(c)));
  if (distinct.size > 1) throw new Error('servers give different credentials; a cluster takes one set');
  return { servers, ...credentials[0] };
}
