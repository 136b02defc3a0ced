import autocannon from 'autocannon';
import type { TestSystem } from '#libs/testing';
import { startChild } from './child.js';
import type { Results } from './figures.js';
import type { BenchContext } from './options.js';

interface Run {
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
  p99Ms: number;
}

async function hammer(url: string, seconds: number, connections: number, token?: string): Promise<Run> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    // Only right answers count: a fast 401 or 503 is not throughput.
    requestsPerSecond: result['2xx'] / result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    p99Ms: result.latency.p99,
  };
}

/**
 * The gateway's forwarding path under autocannon: a query forwarded to dispatch over NATS
 * request-reply, a query of the gateway's own table, and, in the same run on the same machine, a
 * stock NestJS-on-Fastify hello world as the yardstick.
 */
export async function benchGateway(context: BenchContext, results: Results, system: TestSystem): Promise<void> {
  const { httpSeconds: seconds, httpConnections: connections } = context.options;
  const token = await system.tokenFor('taskforce.dispatcher');
  for (const path of ['/api/sla-policies', '/api/directory/units']) {
    const check = await system.api('GET', path, { token });
    if (check.status !== 200) throw new Error(`GET ${path} answered ${check.status}, not 200: nothing to measure`);
  }

  context.log(`gateway: stock NestJS/Fastify hello world, ${connections} connections, ${seconds} s`);
  const hello = await startChild('./hello-world.js', {}, '/');
  let yardstick: Run;
  try {
    yardstick = await hammer(`${hello.url}/`, seconds, connections);
  } finally {
    await hello.stop();
  }
  results.add({
    key: 'http.hello-world',
    label: 'stock NestJS/Fastify hello world',
    value: yardstick.requestsPerSecond,
    unit: 'req/s',
  });

  const runs: Record<string, Run> = { helloWorld: yardstick };
  const targets = [
    { key: 'http.forwarded', path: '/api/sla-policies', label: 'GET /api/sla-policies (forwarded over NATS)' },
    { key: 'http.own-table', path: '/api/directory/units', label: "GET /api/directory/units (gateway's table)" },
  ];
  for (const target of targets) {
    context.log(`gateway: ${target.path}, ${connections} connections, ${seconds} s`);
    const run = await hammer(system.url(target.path), seconds, connections, token);
    runs[target.path] = run;
    if (run.non2xx > 0 || run.errors > 0) {
      context.log(`gateway: ${target.path} had ${run.non2xx} non-2xx answers and ${run.errors} errors`);
    }
    results.add({
      key: target.key,
      label: target.label,
      value: run.requestsPerSecond,
      unit: 'req/s',
      goal: target.key === 'http.forwarded' ? { op: '>=', value: 10_000 } : undefined,
      limit: results.limit('http.hello-world', target.key === 'http.forwarded' ? 0.15 : undefined),
    });
  }
  results.details.http = runs;
}
