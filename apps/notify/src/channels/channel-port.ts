import type { WebhookKind } from '#libs/contracts';

/** What one delivery says, rendered in its recipient's language; no personal data but the address it goes to. */
export interface OutgoingMessage {
  deliveryId: string;
  kind: string;
  title: string;
  body: string;
  reference: string | null;
  caseId: string | null;
}

export type Address =
  | { channel: 'email'; email: string }
  | { channel: 'sms'; phone: string }
  | { channel: 'webhook'; kind: WebhookKind; url: string; secret: string | null };

/** One channel, behind one port: sends or throws a {@link DeliveryError}. */
export interface ChannelPort {
  send(message: OutgoingMessage, address: Address): Promise<void>;
}

/**
 * A failed attempt. `permanent` ones (refused input, unknown recipient, channel not configured) are
 * not retried; the others (timeouts, 5xx, lost connections) are, with back-off. The message never
 * carries the address or the message's text.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** An HTTP answer: 2xx passes; 408, 429 and 5xx are worth retrying; other 4xx are not. */
export function httpFailure(status: number): DeliveryError | null {
  if (status >= 200 && status < 300) return null;
  const transient = status === 408 || status === 429 || status >= 500;
  return new DeliveryError(`HTTP ${status}`, !transient);
}

/** A network failure: a timeout, a refused or reset connection; always worth retrying. */
export function networkFailure(error: unknown, timeoutMs: number): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return new DeliveryError(`timed out after ${timeoutMs} ms`, false);
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return new DeliveryError(`network error${cause ? ` (${cause})` : ''}`, false);
}
