import { createHmac } from 'node:crypto';

/** DingTalk robots: `timestamp` (ms) and `sign` = base64 HMAC-SHA256 of "timestamp\nsecret" keyed by the secret, in the query. */
export function dingTalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export function dingTalkUrl(url: string, secret: string | null, timestamp: number): string {
  if (!secret) return url;
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(timestamp));
  signed.searchParams.set('sign', dingTalkSign(secret, timestamp));
  return signed.toString();
}

/**
 * SMS gateway and generic webhooks: hex HMAC-SHA256 of "timestamp.body" keyed by the shared
 * secret; the receiver recomputes it and refuses an old timestamp (replay).
 */
export function bodySignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}
