import { Agent, request } from 'node:http';
import { DEMO_PASSWORD } from '#libs/testing';

export interface Reply<T = any> {
  status: number;
  body: T;
}

/** `status` 0 stands for no answer at all: the connection failed or the request timed out. */
export const NO_ANSWER = 0;

/**
 * A JSON client for the gateway over keep-alive connections, signed in as demo users. A 401
 * (token expired in a long run) signs in again once.
 */
export class GatewayClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async call<T = any>(
    method: string,
    path: string,
    as: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const first = await this.send<T>(
      method,
      path,
      { ...headers, authorization: `Bearer ${await this.token(as)}` },
      body,
    );
    if (first.status !== 401) return first;
    this.tokens.delete(as);
    return this.send<T>(method, path, { ...headers, authorization: `Bearer ${await this.token(as)}` }, body);
  }

  close(): void {
    this.agent.destroy();
  }

  private async token(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const reply = await this.send<{ accessToken: string }>(
      'POST',
      '/api/auth/login',
      {},
      {
        username,
        password: DEMO_PASSWORD,
      },
    );
    if (reply.status !== 200) throw new Error(`sign-in as ${username} failed: ${reply.status}`);
    this.tokens.set(username, reply.body.accessToken);
    return reply.body.accessToken;
  }

  private send<T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Reply<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    return new Promise((resolve) => {
      const req = request(
        new URL(path, this.baseUrl),
        { method, headers, agent: this.agent, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: res.statusCode ?? NO_ANSWER, body: parsed as T });
          });
          res.on('error', () => resolve({ status: NO_ANSWER, body: undefined as T }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: NO_ANSWER, body: undefined as T }));
      req.end(payload);
    });
  }
}
