import type { NatsConnection } from '@nats-io/transport-node';

const coalescing = new WeakSet<object>();

/**
 * Lets a NATS connection write everything published in one turn of the event loop in one socket
 * write. The client flushes after each microtask queue; the gateway handles each HTTP request (and
 * a service each RPC and event batch) in its own I/O callback, so under load every message became a write system
 * call of its own: a quarter of the gateway's and a third of dispatch's busy time. Deferring the
 * flush to setImmediate (after the loop's pending I/O callbacks) batches them. This reaches into
 * the client's protocol handler (@nats-io/nats-core 3.4); if its shape differs, nothing changes.
 */
export function coalesceWrites(nats: NatsConnection): NatsConnection {
  const protocol = (nats as unknown as { protocol?: Record<string, unknown> }).protocol;
  if (!protocol || coalescing.has(protocol)) return nats;
  const flushPending = protocol.flushPending;
  const close = protocol.close;
  if (typeof flushPending !== 'function' || typeof close !== 'function') return nats;
  coalescing.add(protocol);
  let scheduled = false;
  const flushNow = () => {
    scheduled = false;
    (flushPending as () => void).call(protocol);
  };
  protocol.flushPending = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flushNow);
  };
  protocol.close = (...args: unknown[]) => {
    if (scheduled) flushNow(); // what was published before close still goes out
    return (close as (...a: unknown[]) => unknown).apply(protocol, args);
  };
  return nats;
}
