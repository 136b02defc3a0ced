import { AsyncLocalStorage } from 'node:async_hooks';

/** What travels with one unit of work (an HTTP request, an RPC, an event) through every log line and event. */
export interface RequestContext {
  correlationId: string;
  /** Id of the event being handled, when the work was caused by one. */
  causationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
