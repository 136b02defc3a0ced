import { jest } from '@jest/globals';
import { SystemHealthController } from './system-health.controller.js';

describe('SystemHealthController', () => {
  const report = (service: string) => ({
    service,
    status: 'ok' as const,
    checks: { postgres: 'up', redis: 'up', nats: 'up', streams: 'up' },
  });
  const reply = { status: jest.fn() };

  function controller(cacheMs: number) {
    const health = { check: jest.fn(() => Promise.resolve(report('gateway'))) };
    const rpc = { request: jest.fn((pattern: string) => Promise.resolve(report(pattern.split('.')[0]))) };
    const tokens = { verify: jest.fn() };
    const access = { assertCurrent: jest.fn() };
    const subject = new SystemHealthController(
      health as any,
      rpc as any,
      tokens as any,
      access as any,
      { HEALTH_CACHE_MS: cacheMs } as any,
    );
    return { subject, health, rpc, tokens };
  }

  it('answers many simultaneous anonymous callers with one round of checks, and only up or down', async () => {
    const { subject, health, rpc } = controller(60_000);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => subject.get({ headers: {} } as any, reply as any)),
    );
    expect(answers.every((answer) => JSON.stringify(answer) === '{"status":"up"}')).toBe(true);
    expect(health.check).toHaveBeenCalledTimes(1);
    expect(rpc.request).toHaveBeenCalledTimes(4);
    await subject.get({ headers: {} } as any, reply as any);
    expect(rpc.request).toHaveBeenCalledTimes(4);
  });

  it('checks again once the shared result is older than HEALTH_CACHE_MS', async () => {
    const { subject, rpc } = controller(0);
    await subject.get({ headers: {} } as any, reply as any);
    await subject.get({ headers: {} } as any, reply as any);
    expect(rpc.request).toHaveBeenCalledTimes(8);
  });

  it('gives an administrator fresh details', async () => {
    const { subject, tokens, rpc } = controller(60_000);
    tokens.verify.mockReturnValue({ userId: 'u', role: 'administrator', orgId: 'o' });
    const details = (await subject.get({ headers: { authorization: 'Bearer x' } } as any, reply as any)) as any;
    expect(Object.keys(details.services)).toHaveLength(5);
    await subject.get({ headers: { authorization: 'Bearer x' } } as any, reply as any);
    expect(rpc.request).toHaveBeenCalledTimes(8);
  });
});
