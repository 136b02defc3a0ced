import { DeliveryError, httpFailure, networkFailure } from './channel-port.js';

/** POSTs JSON with a timeout over the whole exchange; returns the answer's text for robots that answer 200 with an error code. */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<string> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    throw networkFailure(error, timeoutMs);
  }
  const failure = httpFailure(response.status);
  if (failure) throw failure;
  return text;
}

/** DingTalk and WeCom robots answer 200 with `{errcode, errmsg}`; rate limits are worth retrying, the rest not. */
export function robotAnswer(text: string, rateLimitCodes: readonly number[]): void {
  let answer: { errcode?: number; errmsg?: string };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    throw new DeliveryError('the robot did not answer JSON', false);
  }
  if (answer.errcode === undefined || answer.errcode === 0) return;
  throw new DeliveryError(
    `robot error ${answer.errcode}${answer.errmsg ? `: ${String(answer.errmsg).slice(0, 200)}` : ''}`,
    !rateLimitCodes.includes(answer.errcode),
  );
}
