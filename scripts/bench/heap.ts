import type { ServiceName } from '#libs/contracts';
import { parsePrometheusText, type TestSystem } from '#libs/testing';

/**
 * V8's heap in use of a service, in MB, from its /metrics (prom-client's default metrics); undefined
 * when it does not answer. Beside RSS it tells a heap that grows from memory outside it.
 */
export async function heapUsedMbOf(system: TestSystem, service: ServiceName): Promise<number | undefined> {
  try {
    const text = await (await fetch(system.serviceUrl(service, '/metrics'))).text();
    const used = parsePrometheusText(text).get('nodejs_heap_size_used_bytes')?.samples[0]?.value;
    return used === undefined ? undefined : used / 2 ** 20;
  } catch {
    return undefined;
  }
}
