import { createHmac } from 'node:crypto';
import { bodySignature, dingTalkSign, dingTalkUrl } from './signing.js';

describe('signing', () => {
  it('signs DingTalk robots as their documentation does', () => {
    const secret = 'SEC000000000000000000000';
    const timestamp = 1_700_000_000_000;
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(dingTalkSign(secret, timestamp)).toBe(expected);
    const url = new URL(dingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', secret, timestamp));
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe(String(timestamp));
    expect(url.searchParams.get('sign')).toBe(expected);
  });

  it('leaves an unsigned DingTalk robot URL alone', () => {
    expect(dingTalkUrl('https://example.test/robot?access_token=abc', null, 1)).toBe(
      'https://example.test/robot?access_token=abc',
    );
  });

  it('signs a body with its timestamp, so a changed body or time no longer matches', () => {
    const signature = bodySignature('s3cret', 42, '{"a":1}');
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(bodySignature('s3cret', 42, '{"a":2}')).not.toBe(signature);
    expect(bodySignature('s3cret', 43, '{"a":1}')).not.toBe(signature);
    expect(bodySignature('other', 42, '{"a":1}')).not.toBe(signature);
  });
});
